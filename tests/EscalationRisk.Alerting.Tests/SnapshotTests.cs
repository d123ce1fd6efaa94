using System.Text.Json;
using EscalationRisk.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace EscalationRisk.Alerting.Tests;

/// <summary>An engine saved and restored at any moment behaves exactly as one that never stopped.</summary>
public sealed class SnapshotTests
{
    private static IEnumerable<(int Minute, ArticleScored? Article)> Day()
    {
        for (var minute = 0; minute < 24 * 60; minute++)
        {
            ArticleScored? article = minute switch
            {
                >= 540 and < 560 when minute % 2 == 0 => Scored.Article($"burst-{minute}", 0.7,
                    signals: minute == 550 ? [Scored.Signal(SignalCategory.Attack, 0.9)] : null),
                600 => Scored.Article("syndicated-copy", 0.9, story: "st-burst-540"),
                780 => Scored.Article("mediation", 0, deescalation: 0.9),
                840 => Scored.Article("ceasefire", 0, deescalation: 0.95),
                _ when minute % 97 == 0 => Scored.Article($"drift-{minute}", 0.5, actors: ["ISR", "LBN"]),
                _ => null,
            };
            yield return (minute, article);
        }
    }

    private static List<string> Run(Func<AlertEngine, FakeTimeProvider, int, AlertEngine> atMinute)
    {
        var clock = new FakeTimeProvider(Scored.Start);
        var engine = new AlertEngine(new RiskIndex(TimeSpan.FromHours(6)), clock, DefaultRules.IndexRules, [DefaultRules.ArticleAttack]);
        engine.AddSilence(new Silence(ScopeKind.Country, "LBN", Scored.Start.AddHours(10), "test"));
        var sent = new List<string>();
        foreach (var (minute, article) in Day())
        {
            engine = atMinute(engine, clock, minute);
            if (article is not null)
            {
                engine.Observe(article);
            }

            sent.AddRange(engine.Evaluate().Select(a => JsonSerializer.Serialize(a, ContractJson.Options)));
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        return sent;
    }

    [Fact]
    public void A_snapshot_cut_into_parts_of_any_size_reads_back_the_same()
    {
        var snapshot = EngineSnapshot.FromJson(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "engine-snapshot-2026-12-06.json")));
        var json = snapshot.ToJson();
        foreach (var size in new[] { 1, 7, 100, 4096, 1 << 20 })
        {
            var parts = snapshot.ToParts(size);
            Assert.All(parts, p => Assert.InRange(p.Length, 1, size));
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(json), parts.Sum(p => p.Length));
            Assert.Equal(json, EngineSnapshot.FromParts(parts).ToJson());

            // Spooled to a temporary file (a background checkpoint): the same parts, and the file gone afterwards.
            string spoolFile;
            using (var spooled = snapshot.ToSpooledParts(size))
            {
                spoolFile = spooled.FilePath;
                Assert.True(File.Exists(spoolFile));
                Assert.Equal(parts.Select(Convert.ToHexString), spooled.Read().Select(Convert.ToHexString));
            }

            Assert.False(File.Exists(spoolFile));
        }
    }

    [Fact]
    public void A_checkpoint_written_straight_from_the_engine_is_its_snapshot_byte_for_byte()
    {
        var engines = new List<AlertEngine>();
        var fixture = EngineSnapshot.FromJson(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "engine-snapshot-2026-12-06.json")));
        engines.Add(AlertEngine.Restore(fixture, new FakeTimeProvider(Scored.Start)));

        // Mid-burst, with an article alert open and evidence held, and at the end of the day, with hourly samples.
        Run((engine, _, minute) =>
        {
            if (minute is 551 or 1439)
            {
                engines.Add(engine);
            }

            return engine;
        });
        Assert.Equal(3, engines.Count);

        foreach (var engine in engines)
        {
            var expected = System.Text.Encoding.UTF8.GetBytes(engine.Export().ToJson());
            foreach (var size in new[] { 7, 4096, SpooledParts.DefaultPartBytes })
            {
                using var spooled = engine.SpoolCheckpoint(size);
                var parts = spooled.Read().ToList();
                Assert.All(parts, p => Assert.InRange(p.Length, 1, size));
                Assert.Equal(expected, parts.SelectMany(p => p).ToArray());
            }
        }
    }

    [Fact]
    public void Saving_and_restoring_every_hour_changes_nothing_that_is_sent()
    {
        var uninterrupted = Run((engine, _, _) => engine);
        var restarted = Run((engine, clock, minute) =>
            minute % 60 == 30 ? AlertEngine.Restore(EngineSnapshot.FromJson(engine.Export().ToJson()), clock) : engine);

        Assert.Contains(uninterrupted, a => a.Contains("\"status\":\"firing\"", StringComparison.Ordinal));
        Assert.Contains(uninterrupted, a => a.Contains("\"status\":\"resolved\"", StringComparison.Ordinal));
        Assert.Equal(uninterrupted, restarted);
    }

    [Fact]
    public void A_restored_engine_remembers_counted_articles_and_sent_alerts()
    {
        var clock = new FakeTimeProvider(Scored.Start);
        var engine = new AlertEngine(new RiskIndex(TimeSpan.FromHours(6)), clock, DefaultRules.IndexRules, [DefaultRules.ArticleAttack]);
        var article = Scored.Article("strike", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)]);
        engine.Observe(article);
        Assert.Single(engine.Evaluate(), a => a.Scope.Kind == ScopeKind.Article);

        var restored = AlertEngine.Restore(EngineSnapshot.FromJson(engine.Export().ToJson()), clock);
        Assert.False(restored.Observe(article), "a redelivery after the restart is still a redelivery");
        Assert.DoesNotContain(restored.Evaluate(), a => a.Scope.Kind == ScopeKind.Article);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(AlertStatus.Resolved, Assert.Single(restored.Evaluate(), a => a.Scope.Kind == ScopeKind.Article).Status);
    }
}
