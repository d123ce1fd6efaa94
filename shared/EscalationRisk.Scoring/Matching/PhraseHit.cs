namespace EscalationRisk.Scoring.Matching;

/// <summary>A phrase found in the token stream: tokens [<see cref="First"/>, <see cref="Last"/>].</summary>
internal readonly record struct PhraseHit(int First, int Last, int Phrase);
