namespace EscalationRisk.Scoring.Text;

/// <summary>The script a token is written in; it picks the stemmer.</summary>
internal enum Script : byte
{
    Other,
    Latin,
    Arabic,
}

/// <summary>
/// One word of the original body. <see cref="Start"/> and <see cref="End"/> index the original text, so
/// every piece of evidence built from tokens slices the body exactly, whatever normalisation did.
/// </summary>
internal struct Token
{
    public int Start;
    public int End;
    public int NormStart;
    public int NormLength;
    public int Sentence;
    public int Clause;
    /// <summary>Id of the token's stem in the lexicon's term dictionary, or -1 when no entry uses it.</summary>
    public int TermId;
    /// <summary>Id of the token's normalised (unstemmed) form among actor names, or -1.</summary>
    public int ActorTermId;
    /// <summary>64-bit hash of the normalised form (for story fingerprints).</summary>
    public ulong Hash;
    public Script Script;
    /// <summary>An Arabic object-marking proclitic (ل or ب) was stripped to find the actor's name: "لإيران".</summary>
    public bool ObjectClitic;
}
