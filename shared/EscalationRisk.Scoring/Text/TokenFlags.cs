namespace EscalationRisk.Scoring.Text;

/// <summary>Per-token facts that depend on the token's neighbours.</summary>
[Flags]
internal enum TokenFlags : byte
{
    None = 0,
    /// <summary>A preposition that marks what follows as the target: على، ضد، إلى، against, on, at.</summary>
    ObjectPreposition = 1,
    /// <summary>Arabic قد before a present-tense verb: "may", a possibility rather than a fact.</summary>
    Hypothetical = 2,
}
