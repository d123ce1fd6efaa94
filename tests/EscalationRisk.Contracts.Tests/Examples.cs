namespace EscalationRisk.Contracts.Tests;

internal static class Examples
{
    public static ArticleScored Scored() => new(
        "a-1", "wire", new Uri("https://example.org/a-1"), "title", new DateTimeOffset(2026, 11, 29, 6, 0, 0, TimeSpan.Zero),
        "ar", ArticleLabel.Mixed, 42.5, 0.8, 0.3, -2.1,
        [new Signal(SignalCategory.StrikeOption, Polarity.Escalation, "ضربة", 10, 14, 0.8, "13", ["IRN", "USA"], "USA", "IRN", null)],
        [new Actor("USA", "United States", 2), new Actor("IRN", "Iran", 1)],
        ["IRN-USA"], "st-0123456789abcdef", "none", "lexicon-1+actors-1",
        new DateTimeOffset(2026, 11, 29, 6, 1, 0, TimeSpan.Zero));

    public static EscalationAlert Alert() => new(
        "al-1", "dyad-surge", new AlertScope(ScopeKind.Dyad, "IRN-USA"), AlertStatus.Firing, "critical", 71.2, 60,
        new DateTimeOffset(2026, 11, 29, 6, 0, 0, TimeSpan.Zero), null, "IRN-USA risk 71 over 60",
        [new AlertEvidence("a-1", "title", null, 42.5, null, Scored().Signals)],
        new Dictionary<string, string> { ["team"] = "ops" });
}
