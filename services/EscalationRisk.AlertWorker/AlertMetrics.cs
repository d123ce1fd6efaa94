using System.Diagnostics.Metrics;
using EscalationRisk.Alerting;
using EscalationRisk.ServiceDefaults;

namespace EscalationRisk.AlertWorker;

/// <summary>
/// The alert state as gauges, read at each scrape: <c>escalationrisk_risk_index{scope_kind, scope_key}</c> (the
/// <see cref="MaxScopes"/> highest scopes) and <c>escalationrisk_alerts_firing{severity}</c>. Only a process that
/// runs the alerting exposes them, so a dashboard sees each series once.
/// </summary>
internal sealed class AlertMetrics : IHostedService, IDisposable
{
    /// <summary>The most scopes exported, highest first, to keep the series count bounded.</summary>
    public const int MaxScopes = 500;

    private readonly Meter meter;

    public AlertMetrics(AlertState state, IMeterFactory meters)
    {
        meter = meters.Create(Telemetry.Name);
        meter.CreateObservableGauge(
            "escalationrisk.risk.index",
            () => state.Query(engine => engine.Values().Take(MaxScopes).Select(v => new Measurement<double>(
                v.Value,
                new KeyValuePair<string, object?>("scope_kind", Kind(v.Scope.Kind)),
                new KeyValuePair<string, object?>("scope_key", v.Scope.Key))).ToList()),
            description: "The rolling risk index per scope.");
        meter.CreateObservableGauge(
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => meter.Dispose();

    private static string Kind(Contracts.ScopeKind kind) => kind switch
    {
        Contracts.ScopeKind.Dyad => "dyad",
        Contracts.ScopeKind.Country => "country",
        Contracts.ScopeKind.Global => "global",
        _ => "article",
    };
}
