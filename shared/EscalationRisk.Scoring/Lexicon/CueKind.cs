namespace EscalationRisk.Scoring.Lexicon;

/// <summary>Context cues: words that change the signals around them rather than being signals.</summary>
internal enum CueKind : byte
{
    Negation,
    RulingOut,
    Deferral,
    Undecided,
    Conditional,
    Option,
    /// <summary>A verb of denial (نفى، أنكر، denied): its reach is the rest of its clause, not a few words.</summary>
    Denial,
}
