using EscalationRisk.Alerting;
using EscalationRisk.Contracts;

namespace EscalationRisk.Api;

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
                    sent.AlertId, sent.Rule, sent.Scope, WireNames.Of(sent.Status), sent.Severity, sent.Value,
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
