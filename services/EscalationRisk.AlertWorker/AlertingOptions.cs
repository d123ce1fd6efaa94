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
}
