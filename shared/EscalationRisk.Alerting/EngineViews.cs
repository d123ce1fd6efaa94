using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>A scope's indices now: the combined risk, when it last received a contribution, pressure, effort and the pressure baseline (null while unknown).</summary>
public sealed record ScopeValue(AlertScope Scope, double Value, DateTimeOffset UpdatedAt, double Pressure, double Effort, double? Baseline);

/// <summary>An alert open now (pending or firing), as <see cref="AlertEngine.Open"/> lists it.</summary>
public sealed record OpenAlert(
    string AlertId, string Rule, AlertScope Scope, AlertPhase Phase, string Severity, double Value, double Threshold, DateTimeOffset Since, bool Silenced);

/// <summary>Where a rule's alert about a scope is in its lifecycle.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<AlertPhase>))]
public enum AlertPhase
{
    /// <summary>Below the threshold (or resolved).</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("inactive")]
    Inactive,

    /// <summary>At or above the threshold, <c>for</c> not yet over.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>Firing.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("firing")]
    Firing,
}
