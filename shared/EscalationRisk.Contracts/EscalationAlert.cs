namespace EscalationRisk.Contracts;

/// <summary>A threshold crossing, or its end, published for monitoring systems.</summary>
/// <param name="AlertId">A stable fingerprint of rule and scope: the deduplication key.</param>
/// <param name="Rule">The threshold rule's name.</param>
/// <param name="Scope">What the alert is about.</param>
/// <param name="Status">Firing or resolved.</param>
/// <param name="Severity">e.g. <c>critical</c>, <c>warning</c>, <c>info</c>.</param>
/// <param name="Value">The value the rule compared: the combined risk index, or a surge rule's surge value.</param>
/// <param name="Threshold">The rule's threshold.</param>
/// <param name="StartsAt">When the alert started firing.</param>
/// <param name="EndsAt">When it resolved; absent while firing.</param>
/// <param name="Summary">One line for people.</param>
/// <param name="Evidence">The top articles behind the value, with their signals.</param>
/// <param name="Labels">Extra labels for routing.</param>
/// <param name="Pressure">The scope's escalation pressure when evaluated (absent for article alerts).</param>
/// <param name="Effort">The scope's de-escalation effort when evaluated (absent for article alerts).</param>
/// <param name="Baseline">The scope's pressure baseline (the median of its hourly pressure over 7 days), absent while unknown.</param>
public sealed record EscalationAlert(
    string AlertId,
    string Rule,
    AlertScope Scope,
    AlertStatus Status,
    string Severity,
    double Value,
    double Threshold,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string Summary,
    IReadOnlyList<AlertEvidence> Evidence,
    IReadOnlyDictionary<string, string> Labels,
    double? Pressure = null,
    double? Effort = null,
    double? Baseline = null);
