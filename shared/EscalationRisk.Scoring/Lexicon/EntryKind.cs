namespace EscalationRisk.Scoring.Lexicon;

/// <summary>What a lexicon entry does when one of its forms is found.</summary>
internal enum EntryKind : byte
{
    Signal,
    Cue,
    Topic,
    OtherSense,
}
