using EscalationRisk.Contracts;

namespace EscalationRisk.Scoring;

/// <summary>A signal while the context rules work on it; token indices are into the article's tokens.</summary>
internal struct SignalCandidate
{
    public int First;
    public int Last;
    public int EvidenceFirst;
    public int EvidenceLast;
    public int Sentence;
    public int Clause;
    public SignalCategory Category;
    public double Confidence;
    public string? Rule;
    public bool Dropped;
    public int Source;
    public int Target;
    /// <summary>The actor standing between <see cref="Source"/> and <see cref="Target"/>, or -1.</summary>
    public int ThirdParty;
    /// <summary>A second third party joined to the first ("Qatar and Egypt are mediating"), or -1.</summary>
    public int ThirdPartner;
    public ThirdPartyRole Role;
    /// <summary>A party was filled in as the nearest other actor, not read from the clause.</summary>
    public bool PartyInferred;

    /// <summary>
    /// A signal at tokens [<paramref name="first"/>, <paramref name="last"/>] with its evidence span, before any actor is
    /// linked to it (no source, target or third party yet).
    /// </summary>
    public static SignalCandidate Unlinked(int first, int last, int evidenceFirst, int evidenceLast, int sentence, int clause,
        SignalCategory category, double confidence, string? rule) => new()
    {
        First = first,
        Last = last,
        EvidenceFirst = evidenceFirst,
        EvidenceLast = evidenceLast,
        Sentence = sentence,
        Clause = clause,
        Category = category,
        Confidence = confidence,
        Rule = rule,
        Source = -1,
        Target = -1,
        ThirdParty = -1,
        ThirdPartner = -1,
    };
}
