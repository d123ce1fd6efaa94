namespace EscalationRisk.AlertWorker;

/// <summary>The <c>Alerting</c> configuration section.</summary>
public sealed class AlertingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Alerting";

    /// <summary>The risk index half-life.</summary>
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often the rules are evaluated between articles (for <c>for</c>, repeats, decay and silences).</summary>
    public TimeSpan EvaluateInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A rule-set file (JSON, as for <c>replay --rules</c>); empty: the shipped defaults.</summary>
    public string? RulesFile { get; set; }

    /// <summary>
    /// When the rule file applies: <see cref="RulesFileMode.Always"/> (at every start it replaces the saved rules)
    /// or <see cref="RulesFileMode.WhenEmpty"/> (it only seeds a new store; after that the rules are managed through
    /// the API, so a restarted or failed-over worker keeps the changes).
    /// </summary>
    public RulesFileMode RulesFileApplies { get; set; } = RulesFileMode.Always;
}
