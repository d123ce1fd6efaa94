using System.Diagnostics.Metrics;
using EscalationRisk.Alerting;
using EscalationRisk.ServiceDefaults;
using Microsoft.Extensions.Hosting;

namespace EscalationRisk.AlertWorker;

/// <summary>
/// The alert state as gauges, read at each scrape: <c>escalationrisk_risk_index</c>,
/// <c>escalationrisk_escalation_pressure</c>, <c>escalationrisk_deescalation_effort</c> and
/// <c>escalationrisk_pressure_baseline</c>, each <c>{scope_kind, scope_key}</c> over the <see cref="MaxScopes"/>
/// highest scopes, and <c>escalationrisk_alerts_firing{severity}</c>. Only a process that
/// runs the alerting exposes them, so a dashboard sees each series once.
/// </summary>
internal sealed class AlertMetrics : IHostedService, IDisposable
{
    /// <summary>The most scopes exported, highest first, to keep the series count bounded.</summary>
    public const int MaxScopes = 500;

    private readonly Meter _meter;

    public AlertMetrics(AlertState state, IMeterFactory meters)
    {
        _meter = meters.Create(Telemetry.Name);
        Gauge(_meter, state, "escalationrisk.risk.index", v => v.Value, "The combined risk per scope, P²/(P+E).");
        Gauge(_meter, state, "escalationrisk.escalation.pressure", v => v.Pressure, "Escalation pressure per scope: decayed, severity-weighted escalation.");
        Gauge(_meter, state, "escalationrisk.deescalation.effort", v => v.Effort, "De-escalation effort per scope: decayed, severity-weighted de-escalation.");
        Gauge(_meter, state, "escalationrisk.pressure.baseline", v => v.Baseline, "Each scope's pressure baseline: the median of its hourly pressure over 7 days (absent while unknown).");
        _meter.CreateObservableGauge(
            "escalationrisk.alerts.firing",
            () => state.Query(engine =>
            {
                var firing = engine.Open().Where(a => a.Phase == AlertPhase.Firing).ToList();
                return AlertRule.Severities.Order(StringComparer.Ordinal).Select(severity => new Measurement<long>(
                    firing.Count(a => a.Severity == severity), new KeyValuePair<string, object?>("severity", severity))).ToList();
            }),
            description: "Alerts firing now, by severity.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>One gauge over the <see cref="MaxScopes"/> scopes of highest risk, labelled by scope.</summary>
    private static void Gauge(Meter meter, AlertState state, string name, Func<ScopeValue, double?> value, string description) =>
        meter.CreateObservableGauge(
            name,
            () => state.Query(engine => engine.Values().Take(MaxScopes)
                .Where(v => value(v) is not null)
                .Select(v => new Measurement<double>(
                    value(v)!.Value,
                    new KeyValuePair<string, object?>("scope_kind", Kind(v.Scope.Kind)),
                    new KeyValuePair<string, object?>("scope_key", v.Scope.Key))).ToList()),
            description: description);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _meter.Dispose();

    private static string Kind(Contracts.ScopeKind kind) => Contracts.WireNames.Of(kind);
}
