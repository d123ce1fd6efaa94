using EscalationRisk.Alerting;
using EscalationRisk.Contracts;

namespace EscalationRisk.Api;

/// <summary>An alert as the API lists it: its state now (pending, firing or resolved) and its last message.</summary>
public sealed record AlertView(
    string AlertId, string Rule, AlertScope Scope, string Status, string Severity, double Value, double Threshold,
    DateTimeOffset StartsAt, DateTimeOffset? EndsAt, string? Summary, bool Silenced, IReadOnlyList<AlertEvidence> Evidence);

/// <summary>One alert with every message sent about it (newest first) and the texts of its evidence articles.</summary>
public sealed record AlertDetail(
    string AlertId, string Rule, AlertScope Scope, string Status, string Severity, double Value, double Threshold,
    DateTimeOffset StartsAt, DateTimeOffset? EndsAt, string? Summary, bool Silenced, IReadOnlyList<AlertEvidence> Evidence,
    IReadOnlyList<EscalationAlert> Messages, IReadOnlyDictionary<string, ArticleText> Texts);

/// <summary>
/// A threshold line on a history chart: on the combined risk for an absolute rule; for a surge rule (<c>surge</c>
/// is <c>factor</c> or <c>deviations</c>) a line on pressure that moves with the baseline, drawn by the client as
/// <c>threshold × max(baseline, floor)</c> (factor) or <c>baseline + threshold × max(spread, floor)</c> (deviations).
/// </summary>
public sealed record ThresholdLine(string Rule, double Threshold, double ClearThreshold, string Severity, string? Surge = null, double? Floor = null);

/// <summary>A point of a scope's history: the combined risk, pressure, effort and the pressure baseline (null while unknown).</summary>
public sealed record HistoryPoint(DateTimeOffset At, double Value, double Pressure, double Effort, double? Baseline);

/// <summary>A scope's index over time with the thresholds of the rules that watch it.</summary>
public sealed record RiskHistory(AlertScope Scope, IReadOnlyList<ThresholdLine> Thresholds, IReadOnlyList<HistoryPoint> Points);

/// <summary>A silence to add: until a time, or for a duration from now.</summary>
public sealed record SilenceRequest(ScopeKind Kind, string Key, DateTimeOffset? Until, TimeSpan? Duration, string? Comment);

/// <summary>What <c>POST /api/articles</c> answers.</summary>
public sealed record Accepted(string ArticleId);
