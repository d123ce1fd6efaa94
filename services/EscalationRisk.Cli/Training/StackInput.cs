namespace EscalationRisk.Cli.Training;

/// <summary>A labelled sentence for the second stage: its polarity, language, and the n-gram model's class probabilities for it.</summary>
internal sealed record StackInput(string Polarity, string Language, string Text, float[] NgramProbabilities);
