namespace EscalationRisk.Scoring.Text;

/// <summary>What a UTF-16 code unit is to the tokenizer.</summary>
internal enum CharKind : byte
{
    /// <summary>Spaces, punctuation, symbols: between words.</summary>
    Separator,
    LatinLetter,
    ArabicLetter,
    OtherLetter,
    Digit,
    /// <summary>Combining marks and tatweel: part of the word before them.</summary>
    Mark,
    /// <summary>Format characters (bidi marks, zero-width joiners): inside a word they are skipped, else ignored.</summary>
    Format,
    HighSurrogate,
    LowSurrogate,
}
