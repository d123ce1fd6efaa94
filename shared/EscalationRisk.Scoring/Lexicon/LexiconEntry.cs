using EscalationRisk.Contracts;

namespace EscalationRisk.Scoring.Lexicon;

/// <summary>What a lexicon entry does when one of its forms is found.</summary>
internal enum EntryKind : byte
{
    Signal,
    Cue,
    Topic,
    OtherSense,
}

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

/// <summary>One row of the lexicon data file.</summary>
internal sealed record LexiconEntry(
    int Line,
    string Language,
    EntryKind Kind,
    SignalCategory Category,
    CueKind Cue,
    int Topic,
    double Weight,
    IReadOnlyList<string> Forms,
    ulong RequiresMask,
    ulong ExcludesMask)
{
    /// <summary>
    /// Negations and conditionals are short function words: stemming would fold other words onto them
    /// ("الولايات" onto "ولا"), so they are matched as written.
    /// </summary>
    public bool MatchAsWritten => Kind == EntryKind.Cue && Cue is CueKind.Negation or CueKind.Conditional;
}
