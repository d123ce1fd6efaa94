namespace EscalationRisk.Cli.Evaluation;

/// <summary>Precision, recall and F1 of one class.</summary>
public sealed record ClassScore(string Label, int Support, int Predicted, int TruePositives, double Precision, double Recall, double F1);
