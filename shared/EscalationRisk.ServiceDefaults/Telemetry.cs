using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EscalationRisk.ServiceDefaults;

/// <summary>
/// The project's own meter and activity source, which <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>
/// exports. The instruments live with their domain and record into this meter: the scoring worker's counter and
/// histogram (<c>escalationrisk_articles_scored_total</c>, <c>escalationrisk_scoring_duration_seconds</c>) in
/// <c>shared/EscalationRisk.Scoring.Hosting</c>, the error-queue counter
/// (<c>escalationrisk_messages_error_queued_total</c>) in <c>shared/EscalationRisk.Messaging</c>, the alert gauges
/// (<c>escalationrisk_risk_index</c>, <c>escalationrisk_alerts_firing</c>, ...) in
/// <c>shared/EscalationRisk.Alerting.Hosting</c>.
/// </summary>
public static class Telemetry
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "EscalationRisk";

    /// <summary>The project's meter.</summary>
    public static Meter Meter { get; } = new(Name);

    /// <summary>The project's activity source (scoring and alert evaluation spans).</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);
}
