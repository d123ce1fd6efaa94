using EscalationRisk.Contracts;

namespace EscalationRisk.Scoring.Lexicon;

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
