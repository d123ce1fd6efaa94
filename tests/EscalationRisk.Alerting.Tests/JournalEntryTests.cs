using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting.Tests;

public sealed class JournalEntryTests
{
    [Fact]
    public void An_entry_written_with_its_articles_serialized_once_is_the_same_text_and_reads_back_the_same()
    {
        var rules = new[] { new AlertRule("r", ScopeKind.Dyad, 10, 5, TimeSpan.Zero, "warning", TimeSpan.FromHours(1)) };
        var entries = new[]
        {
            new JournalEntry(Scored.Start, [Scored.Article("a", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)]), Scored.Article("b", 0.1, 0.7)]),
            new JournalEntry(Scored.Start.AddMinutes(1), [Scored.Article("c", 0.5)], rules, []),
            new JournalEntry(Scored.Start.AddMinutes(2), Silences: []),
        };

        var texts = JournalEntry.ObservedJson(entries);

        Assert.Equal(3, texts.Count);
        foreach (var entry in entries)
        {
            var json = entry.ToJson(texts);
            Assert.Equal(entry.ToJson(), json);
            Assert.Equal(json, JournalEntry.FromJson(json).ToJson());
        }
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
