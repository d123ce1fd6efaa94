using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EscalationRisk.ServiceDefaults;

/// <summary>
/// The project's own meter and activity source, and the instruments every service records into. On the Prometheus
/// endpoint the names read <c>escalationrisk_articles_scored_total</c>, <c>escalationrisk_scoring_duration_seconds</c>,
/// <c>escalationrisk_messages_error_queued_total</c>, <c>escalationrisk_risk_index</c> and
/// <c>escalationrisk_alerts_firing</c>.
/// </summary>
public static class Telemetry
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "EscalationRisk";

    /// <summary>The project's meter.</summary>
    public static Meter Meter { get; } = new(Name);

    /// <summary>The project's activity source (scoring and alert evaluation spans).</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    /// <summary>Articles scored, by <c>language</c> and <c>label</c>.</summary>
    public static Counter<long> ArticlesScored { get; } = Meter.CreateCounter<long>(
        "escalationrisk.articles.scored", "{article}", "Articles scored, by language and label.");

    /// <summary>Time to score one article.</summary>
    public static Histogram<double> ScoringDuration { get; } = Meter.CreateHistogram(
        "escalationrisk.scoring.duration", "s", "Time to score one article.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1] });

    /// <summary>Messages refused as invalid and sent to an error queue, by <c>queue</c>.</summary>
    public static Counter<long> ErrorQueued { get; } = Meter.CreateCounter<long>(
        "escalationrisk.messages.error_queued", "{message}", "Messages refused as invalid and sent to the error queue.");

    /// <summary>Records one scored article.</summary>
    public static void RecordScored(string language, string label, TimeSpan elapsed)
    {
        var tags = new TagList { { "language", language }, { "label", label } };
        ArticlesScored.Add(1, tags);
        ScoringDuration.Record(elapsed.TotalSeconds, tags);
    }
}
