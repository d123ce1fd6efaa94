using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting.Tests;

public sealed class JournalEntryTests
{
    [Fact]
    public void An_entry_whose_articles_have_rows_names_them_by_id_and_reads_back_the_same_with_the_rows()
    {
        var rules = new[] { new AlertRule("r", ScopeKind.Dyad, 10, 5, TimeSpan.Zero, "warning", TimeSpan.FromHours(1)) };
        var (a, b, c) = (Scored.Article("a", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)]), Scored.Article("b", 0.1, 0.7), Scored.Article("c", 0.5));
        var named = new JournalEntry(Scored.Start, [a, b], rules, []);
        var whole = new JournalEntry(Scored.Start.AddMinutes(1), [c]);
        var inRows = new HashSet<ArticleScored>(ReferenceEqualityComparer.Instance) { a, b };
        var rows = new[] { a, b }.ToDictionary(x => x.ArticleId, x => System.Text.Json.JsonSerializer.Serialize(x, ContractJson.Options));

        var namedJson = named.ToStoredJson(inRows);
        var wholeJson = whole.ToStoredJson(inRows);

        Assert.DoesNotContain("\"observed\":", namedJson, StringComparison.Ordinal);
        Assert.Contains("\"observedIds\":[\"a\",\"b\"]", namedJson, StringComparison.Ordinal);
        Assert.Equal(whole.ToJson(), wholeJson);
        Assert.Equal(named.ToJson(), JournalEntry.FromJson(namedJson).WithObserved(rows).ToJson());
        Assert.Equal(whole.ToJson(), JournalEntry.FromJson(wholeJson).WithObserved(rows).ToJson());
        var lost = Assert.Throws<InvalidDataException>(() => JournalEntry.FromJson(namedJson).WithObserved(new Dictionary<string, string>()));
        Assert.Contains("'a'", lost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_article_alert_shows_the_strongest_five_matching_signals()
    {
        var signals = Enumerable.Range(0, 12).Select(i => Scored.Signal(SignalCategory.Attack, 0.70 + (i * 0.02), $"struck {i}")).ToList();
        var article = Scored.Article("long-report", 0.9, signals: signals);

        var matching = DefaultRules.ArticleAttack.Matching(article);

        Assert.Equal(ArticleRule.ShownSignals, matching.Count);
        Assert.Equal(["struck 11", "struck 10", "struck 9", "struck 8", "struck 7"], matching.Select(s => s.Text));
    }
}
