namespace EscalationRisk.Scoring.Tests;

/// <summary>Whole articles written by the team (Texts/README.md): the mixed ones hold both kinds of signal.</summary>
public sealed class ArticleTests
{
    private static readonly SignalCategory[] SevenKinds =
    [
        SignalCategory.StrikeOption, SignalCategory.ThreatToRespond, SignalCategory.MilitaryMobilization,
        SignalCategory.CallForCalm, SignalCategory.Mediation, SignalCategory.Dialogue, SignalCategory.Restraint,
    ];

    [Theory]
    [InlineData("mixed_article_ar.txt", "ar", new[] { "USA", "IRN", "ISR", "RUS", "TUR", "QAT" })]
    [InlineData("mixed_article_en.txt", "en", new[] { "IND", "PAK", "USA", "SAU" })]
    public void Mixed_article_is_mixed_with_evidence_for_every_kind(string file, string language, string[] actors)
    {
        var body = Scoring.Text(file);
        var scored = Scoring.Score(body);

        Assert.Equal(language, scored.Language);
        Assert.Equal(ArticleLabel.Mixed, scored.Label);
        foreach (var kind in SevenKinds)
        {
            Assert.True(scored.Signals.Any(s => s.Category == kind), $"no {kind} signal");
        }

        Scoring.AssertEvidenceSlicesBody(body, scored);
        foreach (var code in actors)
        {
            Assert.Contains(scored.Actors, a => a.Code == code);
        }

        Assert.NotEmpty(scored.Dyads);
        Assert.InRange(scored.Risk, 10, 100);
        Assert.InRange(scored.Goldstein, -10, 10);
    }

    [Fact]
    public void Arabic_mixed_article_links_iran_and_the_united_states()
    {
        var scored = Scoring.Score(Scoring.Text("mixed_article_ar.txt"));
        Assert.Contains("IRN-USA", scored.Dyads);
    }

    [Theory]
    [InlineData("neutral_article_ar.txt")]
    [InlineData("neutral_article_en.txt")]
    public void Neutral_article_with_dangerous_words_stays_neutral(string file)
    {
        var body = Scoring.Text(file);
        var scored = Scoring.Score(body);
        Assert.True(scored.Risk < 10, $"risk {scored.Risk}: " + string.Join(" | ", scored.Signals.Select(s => $"{s.Category}:{s.Text}")));
        Assert.DoesNotContain(scored.Signals, s => s.Polarity == Polarity.Escalation);
    }

    [Fact]
    public void Scoring_is_deterministic_for_the_same_article()
    {
        var body = Scoring.Text("mixed_article_ar.txt");
        var time = new FixedTime(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        var scorer = new ArticleScorer(time);
        var a = System.Text.Json.JsonSerializer.Serialize(scorer.Score(new ArticleSubmitted("x", body)), ContractJson.Options);
        var b = System.Text.Json.JsonSerializer.Serialize(scorer.Score(new ArticleSubmitted("x", body)), ContractJson.Options);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Identity_fields_are_copied_and_versions_reported()
    {
        var published = new DateTimeOffset(2026, 11, 28, 20, 0, 0, TimeSpan.Zero);
        var scored = Scoring.Scorer.Score(new ArticleSubmitted("id-7", "Iran held talks with Oman.", "wire", new Uri("https://example.org/7"), "Talks", "en", published));
        Assert.Equal(("id-7", "wire", "Talks", published), (scored.ArticleId, scored.Source, scored.Title, scored.PublishedAt));
        Assert.Equal(new Uri("https://example.org/7"), scored.Url);
        Assert.Equal(Scoring.Scorer.ModelVersion, scored.ModelVersion);
        Assert.StartsWith("lexicon-", scored.LexiconVersion, StringComparison.Ordinal);
    }

    [Fact]
    public void Scorer_is_safe_to_share_between_threads()
    {
        var bodies = new[] { Scoring.Text("mixed_article_ar.txt"), Scoring.Text("mixed_article_en.txt"), Scoring.Text("neutral_article_en.txt") };
        var expected = bodies.Select(b => System.Text.Json.JsonSerializer.Serialize(Scoring.Score(b).Signals, ContractJson.Options)).ToArray();
        Parallel.For(0, 300, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var k = i % bodies.Length;
            var actual = System.Text.Json.JsonSerializer.Serialize(Scoring.Score(bodies[k]).Signals, ContractJson.Options);
            Assert.Equal(expected[k], actual);
        });
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
