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
}
