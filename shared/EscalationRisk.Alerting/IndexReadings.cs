namespace EscalationRisk.Alerting;

/// <summary>A scope's two indices and their combination at one time.</summary>
/// <param name="Pressure">Escalation pressure: decayed, severity-weighted escalation.</param>
/// <param name="Effort">De-escalation effort: decayed, severity-weighted de-escalation.</param>
/// <param name="Risk">The combined risk, <c>P² / (P + E)</c>.</param>
public readonly record struct IndexReading(double Pressure, double Effort, double Risk);

/// <summary>A point of a scope's history: its readings and its baseline then (null while unknown).</summary>
public readonly record struct HistoryReading(double Pressure, double Effort, double Risk, double? Baseline);

/// <summary>A scope's pressure baseline: the median of its hourly pressure, the robust spread, and over how many hours.</summary>
public sealed record Baseline(double Median, double Spread, int Hours);
