using System.Text.Json;
using System.Text.Json.Nodes;
using EscalationRisk.Alerting;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring;
using EscalationRisk.Testing;
using Microsoft.Extensions.Time.Testing;

namespace EscalationRisk.Security.Tests;

/// <summary>
/// Nothing answered 202 is dropped later (issue 18, item 2): a corpus of hostile but valid articles (every kind of
/// text a store might choke on that the entry points let through) goes through the parser, the scorer and the alert
/// engine into both stores; each store must hold exactly what the engine holds, and the two stores the same. The
/// refused half of the corpus is refused by the parser before any store sees it.
/// </summary>
public sealed class HostileCorpusStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("er-hostile-store-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Allowed, and awkward for a database, a JSON writer or a log.</summary>
    private static IEnumerable<string> Accepted()
    {
        string[] ids =
        [
            "quote-'-\"-`", "back\\slash", "percent-%00-%s-{0}", "sql'); DROP TABLE alerts; --", "emoji-🚀-💥",
            "rtl-\u202e-gnp.exe", "arabic-خبر-عاجل", "zero\u200bwidth", "combining-e\u0301", "bom-\ufeff-id",
            "noncharacter-\uffff", "astral-𝕏", new string('x', ArticleParser.MaxArticleIdLength), "<script>alert(1)</script>",
        ];
        string[] bodies =
        [
            "Warplanes struck targets near the border overnight, killing twelve, the army said.",
            "Warplanes struck targets \u0001 near the border \u007f overnight \u0085, the army said.",
            "الطائرات الحربية قصفت مواقع قرب الحدود فجر اليوم، وقال الجيش إن اثني عشر قتلوا.",
            "Warplanes struck\ttargets\r\nnear the border\u2028overnight, the army said \ud83d\udca5.",
        ];
        var n = 0;
        foreach (var id in ids)
        {
            var body = bodies[n++ % bodies.Length];
            yield return JsonSerializer.Serialize(new
            {
                articleId = id,
                body,
                title = "Title \u0002 with \"quotes\" and \\ and " + id,
                source = "wire-" + n,
                url = $"https://example.org/a?id={Uri.EscapeDataString(id)}&x=%00",
                language = n % 2 == 0 ? "ar" : "en",
                publishedAt = Start.AddMinutes(n).ToString("O"),
            });
        }
    }

    [Theory]
    [MemberData(nameof(HostileArticles.Refused), MemberType = typeof(HostileArticles))]
    public void The_refused_half_never_reaches_a_store(string json, string reason)
    {
        var parsed = ArticleParser.Parse(json);
        Assert.Null(parsed.Article);
        Assert.Contains(reason, parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_accepted_hostile_article_is_held_alike_by_SQLite_and_PostgreSQL()
    {
        var scorer = new ArticleScorer();
        var articles = Accepted().Select(json => ArticleParser.Parse(json)).ToList();
        Assert.All(articles, a => Assert.True(a.IsValid, a.Error));

        var held = new Dictionary<string, (string Snapshot, List<string> Outbox, List<string> History)>();
        string expected;
        foreach (var (kind, connection) in new[] { ("sqlite", $"Data Source={Path.Combine(_folder, "alerts.db")};Pooling=False"), ("postgres", TestPostgres.Fresh()) })
        {
            var clock = new FakeTimeProvider(Start);
            using (var state = new AlertState(AlertStores.Open(connection), clock, TimeSpan.FromHours(6)))
            {
                // Half the corpus behind a checkpoint, half in the journal after it.
                foreach (var (parsed, n) in articles.Select((a, n) => (a, n)))
                {
                    clock.Advance(TimeSpan.FromMinutes(1));
                    var scored = scorer.Score(parsed.Article!) with { ScoredAt = clock.GetUtcNow() };
                    await state.ApplyAsync(engine => (engine.Observe(scored), true));
                    if (n == articles.Count / 2)
                    {
                        state.Checkpoint();
                    }
                }

                expected = state.Query(engine => engine.Export()).ToJson();
            }

            using var reopened = AlertStores.Open(connection);
            var (_, snapshot) = reopened.Read();
            Assert.NotNull(snapshot);
            Assert.Equal(expected, snapshot.ToJson());
            var outbox = reopened.Write(session => session.Outbox()).Select(o => JsonSerializer.Serialize(o.Alert, ContractJson.Options)).ToList();
            var logged = reopened.History(1000);
            var history = logged.Select(a => JsonSerializer.Serialize(a, ContractJson.Options)).ToList();

            // The awkward ids reached the alerts' evidence, character for character.
            var evidence = logged.SelectMany(a => a.Evidence).Select(e => e.ArticleId).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("sql'); DROP TABLE alerts; --", evidence);
            Assert.Contains("emoji-🚀-💥", evidence);
            Assert.NotEmpty(outbox);
            held[kind] = (expected, outbox, history);
        }

        Assert.Equal(held["sqlite"].Snapshot, held["postgres"].Snapshot);
        // The same alerts (PostgreSQL's jsonb orders an object's keys its own way, so compared as JSON values).
        AssertSameJson(held["sqlite"].Outbox, held["postgres"].Outbox);
        AssertSameJson(held["sqlite"].History, held["postgres"].History);
    }

    private static void AssertSameJson(List<string> expected, List<string> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected[i]), JsonNode.Parse(actual[i])), $"{expected[i]}\n{actual[i]}");
        }
    }
}
