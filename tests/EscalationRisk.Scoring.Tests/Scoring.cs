namespace EscalationRisk.Scoring.Tests;

/// <summary>One scorer for all tests (it is thread-safe), and helpers to ask it about a text.</summary>
internal static class Scoring
{
    public static ArticleScorer Scorer { get; } = new();

    public static ArticleScored Score(string body, string? language = null) =>
        Scorer.Score(new ArticleSubmitted("t", body, Language: language));

    public static IReadOnlyList<SignalCategory> Categories(string body) =>
        [.. Score(body).Signals.Select(s => s.Category)];

    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Texts", name));

    /// <summary>
    /// Scores <paramref name="body"/>, asserts its label and that it holds a signal of <paramref name="category"/>, and
    /// returns the result for any further check.
    /// </summary>
    public static ArticleScored AssertLabelWith(string body, ArticleLabel label, SignalCategory category)
    {
        var scored = Score(body);
        Assert.Equal(label, scored.Label);
        Assert.Contains(scored.Signals, s => s.Category == category);
        return scored;
    }

    /// <summary>Scores <paramref name="body"/>, asserts that it holds no signal and is neutral, and returns the result.</summary>
    public static ArticleScored AssertNoSignal(string body)
    {
        var scored = Score(body);
        Assert.Empty(scored.Signals);
        Assert.Equal(ArticleLabel.Neutral, scored.Label);
        return scored;
    }

    /// <summary>Every signal's evidence must be exactly the body's text between its offsets.</summary>
    public static void AssertEvidenceSlicesBody(string body, ArticleScored scored)
    {
        foreach (var s in scored.Signals)
        {
            Assert.InRange(s.Start, 0, body.Length);
            Assert.InRange(s.End, s.Start + 1, body.Length);
            Assert.Equal(body[s.Start..s.End], s.Text);
        }
    }
}
