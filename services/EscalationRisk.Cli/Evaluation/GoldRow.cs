namespace EscalationRisk.Cli.Evaluation;

/// <summary>One labelled row of a gold file: its text, gold label, and every other column by name.</summary>
internal sealed record GoldRow(int Line, string Text, string Label, IReadOnlyDictionary<string, string> Columns);
