using EscalationRisk.Contracts;

namespace EscalationRisk.Benchmarks;

/// <summary>The scored articles the alert-state benchmarks feed: escalation stories between pairs of states.</summary>
internal static class BenchArticles
{
    /// <summary>
    /// The <paramref name="i"/>-th article: a distinct story between two of <paramref name="states"/> (the second is
    /// <paramref name="fallback"/> when both picks coincide), at <paramref name="at"/>, with a threat signal from the
    /// first to the second when <paramref name="threat"/>.
    /// </summary>
    public static ArticleScored Between(int i, IReadOnlyList<string> states, string fallback, string idPrefix, DateTimeOffset at, bool threat)
    {
        ArgumentNullException.ThrowIfNull(states);
        var a = states[i % states.Count];
        var b = states[((i / states.Count) + i + 1) % states.Count];
        if (a == b)
        {
            b = fallback;
        }

        IReadOnlyList<Signal> signals = threat ? [new Signal(SignalCategory.ThreatToRespond, Polarity.Escalation, "vowed to respond", 0, 16, 0.8, "13", [a, b], a, b)] : [];
        return new ArticleScored(
            $"{idPrefix}-{Guid.NewGuid():N}", "bench", null, "title", at, "en", ArticleLabel.Escalation, 60, 0.6, 0.1, -5,
            signals, [new Actor(a, a, 1), new Actor(b, b, 1)], [string.CompareOrdinal(a, b) < 0 ? $"{a}-{b}" : $"{b}-{a}"], $"story-{i}", "model", "lexicon", at);
    }
}
