using System.Diagnostics;
using System.Diagnostics.Metrics;
using EscalationRisk.ServiceDefaults;

namespace EscalationRisk.ScoringWorker;

/// <summary>
/// The scoring worker's instruments, in the project's meter: on the Prometheus endpoint
/// <c>escalationrisk_articles_scored_total</c> and <c>escalationrisk_scoring_duration_seconds</c>.
/// </summary>
public static class ScoringMetrics
{
    /// <summary>Articles scored, by <c>language</c> and <c>label</c>.</summary>
    public static Counter<long> ArticlesScored { get; } = Telemetry.Meter.CreateCounter<long>(
        "escalationrisk.articles.scored", "{article}", "Articles scored, by language and label.");

    /// <summary>Time to score one article.</summary>
    public static Histogram<double> ScoringDuration { get; } = Telemetry.Meter.CreateHistogram(
        "escalationrisk.scoring.duration", "s", "Time to score one article.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1] });

    /// <summary>Records one scored article.</summary>
    public static void RecordScored(string language, string label, TimeSpan elapsed)
    {
        var tags = new TagList { { "language", language }, { "label", label } };
        ArticlesScored.Add(1, tags);
        ScoringDuration.Record(elapsed.TotalSeconds, tags);
    }
}
