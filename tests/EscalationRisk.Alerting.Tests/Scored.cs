using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting.Tests;

/// <summary>Scored articles made to measure for the tests.</summary>
internal static class Scored
{
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

    public static ArticleScored Article(string id, double escalation, double deescalation = 0, string? story = null, string[]? actors = null, IReadOnlyList<Signal>? signals = null)
    {
        actors ??= ["IRN", "USA"];
        var dyads = actors.Length >= 2 ? new[] { string.Join('-', actors.Take(2).Order(StringComparer.Ordinal)) } : [];
        var label = (escalation >= 0.2, deescalation >= 0.2) switch
        {
            (true, true) => ArticleLabel.Mixed,
            (true, false) => ArticleLabel.Escalation,
            (false, true) => ArticleLabel.Deescalation,
            _ => ArticleLabel.Neutral,
        };
        return new ArticleScored(
            id, "tests", null, $"title {id}", Start, "en", label, Math.Round(100 * escalation, 2), escalation, deescalation, 0,
            signals ?? [], actors.Select(a => new Actor(a, a, 1)).ToList(), dyads, story ?? "st-" + id, "model", "lexicon", Start);
    }

    public static Signal Signal(SignalCategory category, double confidence, string text = "warplanes struck") =>
        new(category, category is SignalCategory.CallForCalm or SignalCategory.Mediation or SignalCategory.Dialogue or SignalCategory.Ceasefire or SignalCategory.Restraint
            ? Polarity.Deescalation : Polarity.Escalation, text, 0, text.Length, confidence, "19", ["IRN", "USA"], "USA", "IRN", null);
}
