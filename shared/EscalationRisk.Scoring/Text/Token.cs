namespace EscalationRisk.Scoring.Text;

/// <summary>
/// One word of the original body. <see cref="Start"/> and <see cref="End"/> index the original text, so
/// every piece of evidence built from tokens slices the body exactly, whatever normalisation did.
/// </summary>
internal struct Token
{
    public int Start;
    public int End;
    public int Sentence;
    public int Clause;
    /// <summary>Id of the token's stem in the lexicon's term dictionary, or -1 when no entry uses it.</summary>
    public int TermId;
    /// <summary>Id of the token's normalised (unstemmed) form among actor names, or -1.</summary>
    public int ActorTermId;
    /// <summary>64-bit hash of the normalised form (for story fingerprints).</summary>
    public ulong Hash;
    /// <summary>Length of the normalised form.</summary>
    public int NormLength;
    public Script Script;
    public WordFlags Word;
    /// <summary>The word is part of a dateline or byline (<see cref="Datelines"/>): never evidence, never an actor.</summary>
    public bool Dateline;

    public readonly bool ObjectClitic => (Word & WordFlags.ObjectClitic) != 0;

    /// <summary>An actor's name joined to the word before by the Arabic و.</summary>
    public readonly bool Conjoined => (Word & WordFlags.Conjoined) != 0;
}
