namespace EscalationRisk.Scoring.Text;

/// <summary>Facts about a word that do not depend on its neighbours, cached per distinct word.</summary>
[Flags]
internal enum WordFlags : byte
{
    None = 0,
    /// <summary>A preposition that marks what follows as the target: على، ضد، إلى، against, on, at.</summary>
    ObjectPreposition = 1,
    /// <summary>Arabic قد.</summary>
    Qad = 2,
    /// <summary>An Arabic word starting like a present-tense verb (ي ت ن), three letters or more.</summary>
    PresentPrefix = 4,
    /// <summary>An Arabic object-marking proclitic (ل or ب) was stripped to find an actor's name: "لإيران".</summary>
    ObjectClitic = 8,
    /// <summary>An English function word (the, of, said...).</summary>
    EnglishFunctionWord = 16,
    /// <summary>A function word of another Latin-script language (le, el, der...).</summary>
    OtherLatinFunctionWord = 32,
    /// <summary>The Arabic conjunction و was stripped to find an actor's name: "وقطر", "والأردن".</summary>
    Conjoined = 64,
}
