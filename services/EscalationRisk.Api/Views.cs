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

/// <summary>Builds the alert views from the engine's open alerts and the log of alerts sent.</summary>
internal static class AlertViews
{
    /// <summary>How many logged alerts the views look back over.</summary>
    public const int LogWindow = 2000;

    public static List<AlertView> Build(IReadOnlyList<OpenAlert> open, IReadOnlyList<EscalationAlert> log)
    {
        var latest = new Dictionary<string, EscalationAlert>(StringComparer.Ordinal);
        foreach (var alert in log)
        {
            latest.TryAdd(alert.AlertId, alert); // the log is newest first
        }

        var views = new List<AlertView>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in open)
        {
            seen.Add(a.AlertId);
            latest.TryGetValue(a.AlertId, out var sent);
            var current = sent is { Status: AlertStatus.Firing } ? sent : null;
            views.Add(new AlertView(
                a.AlertId, a.Rule, a.Scope, a.Phase == AlertPhase.Firing ? "firing" : "pending", a.Severity, a.Value, a.Threshold,
                a.Since, null, current?.Summary, a.Silenced, current?.Evidence ?? []));
        }

        foreach (var (id, sent) in latest)
        {
            if (seen.Add(id))
            {
                views.Add(new AlertView(
                    sent.AlertId, sent.Rule, sent.Scope, sent.Status == AlertStatus.Firing ? "firing" : "resolved", sent.Severity, sent.Value,
                    sent.Threshold, sent.StartsAt, sent.EndsAt, sent.Summary, false, sent.Evidence));
            }
        }

        return [.. views
            .OrderBy(v => v.Status switch { "firing" => 0, "pending" => 1, _ => 2 })
            .ThenBy(v => v.Severity switch { "critical" => 0, "warning" => 1, _ => 2 })
            .ThenByDescending(v => v.EndsAt ?? v.StartsAt)
            .ThenBy(v => v.AlertId, StringComparer.Ordinal)];
    }
}
