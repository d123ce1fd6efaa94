namespace EscalationRisk.Scoring.Matching;

/// <summary>What a phrase stands for: a lexicon entry or an actor.</summary>
/// <summary>What a phrase stands for: a lexicon entry, or an actor (<see cref="IsPlace"/> when named through a place on its territory).</summary>
internal readonly record struct PhraseTarget(bool IsActor, int Index, bool IsPlace = false);
