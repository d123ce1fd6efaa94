using System.Collections.Concurrent;
using EscalationRisk.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace EscalationRisk.Alerting.Tests;

/// <summary>
/// Two <see cref="AlertState"/>s on one database stand for two processes (an active and a standby worker, or a worker
/// and the API): each opens its own store, so they share nothing but the database and its lock.
/// </summary>
public sealed class SharedStateTests : IDisposable
{
    private readonly StoreDatabases _databases = new();

    public void Dispose() => _databases.Dispose();

    private string ConnectionString(string kind) => _databases.ConnectionString(kind);

    private static ArticleScored Strike(int i) =>
        Scored.Article($"a{i}", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)]);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Writers_in_two_processes_count_each_article_once_and_decide_each_transition_once(string kind)
    {
        var connectionString = ConnectionString(kind);
        var clock = new FakeTimeProvider(Scored.Start);
        using var active = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6));
        using var standby = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6));

        // Both take the same 60 articles (a redelivery after failover) while both also tick.
        var work = new List<Task>();
        foreach (var state in new[] { active, standby })
        {
            work.Add(Task.Run(async () =>
            {
                for (var i = 0; i < 60; i++)
                {
                    var article = Strike(i);
                    await state.ApplyAsync(engine => (engine.Observe(article), true));
                    if (i % 10 == 0)
                    {
                        await state.ApplyAsync(_ => (true, true));
                    }
                }
            }));
        }

        await Task.WhenAll(work);

        var counted = active.Query(engine => engine.Export().Index.Articles.Count);
        Assert.Equal(60, counted);
        Assert.Equal(counted, standby.Query(engine => engine.Export().Index.Articles.Count));

        // The clock did not move, so nothing repeats: every (alert, status) was decided exactly once.
        var log = active.History(1000);
        Assert.Contains(log, a => a.Rule == "dyad-burst" && a.Status == AlertStatus.Firing);
        Assert.Equal(60, log.Count(a => a.Rule == "article-attack"));
        Assert.DoesNotContain(log.GroupBy(a => (a.AlertId, a.Status)), g => g.Count() > 1);

        // Both drain the outbox at once: every alert goes out exactly once.
        var sent = new ConcurrentBag<EscalationAlert>();
        var drained = await Task.WhenAll(
            active.DrainAsync((alert, _, _) => { sent.Add(alert); return Task.CompletedTask; }),
            standby.DrainAsync((alert, _, _) => { sent.Add(alert); return Task.CompletedTask; }));
        Assert.Equal(log.Count, drained.Sum());
        Assert.Equal(log.Select(a => (a.AlertId, a.Status)).Order(), sent.Select(a => (a.AlertId, a.Status)).Order());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Rules_and_silences_changed_by_one_process_are_in_force_in_the_other_and_persist(string kind)
    {
        var connectionString = ConnectionString(kind);
        var clock = new FakeTimeProvider(Scored.Start);
        using (var worker = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6)))
        using (var api = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6)))
        {
            var lower = new AlertRule("dyad-low", ScopeKind.Dyad, 50, 20, TimeSpan.Zero, "warning", TimeSpan.FromHours(1));
            await api.ApplyAsync(engine =>
            {
                engine.SetRules([lower], []);
                return (true, true);
            });
            var silence = await api.ApplyAsync(engine => (true, engine.AddSilence(new Silence(ScopeKind.Country, "IRN", Scored.Start.AddHours(1), "drill"))));
            Assert.StartsWith("si-", silence.Id, StringComparison.Ordinal);

            // The worker's next article is judged by the new rule set (the old defaults would not fire at 90).
            await worker.ApplyAsync(engine => (engine.Observe(Strike(1)), true));
            var alert = Assert.Single(worker.History(10));
            Assert.Equal("dyad-low", alert.Rule);
            Assert.Equal(["dyad-low"], worker.Query(engine => engine.Rules.Select(r => r.Name).ToList()));

            // Removing the silence in the worker shows in the API.
            Assert.True(await worker.ApplyAsync(engine => { var removed = engine.RemoveSilence(silence.Id!); return (removed, removed); }));
            Assert.Empty(api.Query(engine => engine.Silences));
        }

        // After both are gone the changes are still there; a configured rule file replaces the rules at start.
        using (var restarted = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6)))
        {
            Assert.Equal(["dyad-low"], restarted.Query(engine => engine.Rules.Select(r => r.Name).ToList()));
        }

        using (var seed = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6), RuleSet.Default, onlyWhenNew: true))
        {
            // A seed file does not replace rules managed through the API.
            Assert.Equal(["dyad-low"], seed.Query(engine => engine.Rules.Select(r => r.Name).ToList()));
        }

        using (var configured = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6), RuleSet.Default))
        {
            Assert.Equal(RuleSet.Default.IndexRules.Select(r => r.Name), configured.Query(engine => engine.Rules.Select(r => r.Name)));
            Assert.Equal(1, configured.Query(engine => engine.Export().Index.Articles.Count));
        }
    }

    [Fact]
    public void An_invalid_silence_is_refused_with_its_reason()
    {
        var engine = new AlertEngine(new RiskIndex(TimeSpan.FromHours(6)), new FakeTimeProvider(Scored.Start), DefaultRules.IndexRules);
        var error = Assert.Throws<ArgumentException>(() => engine.AddSilence(new Silence(ScopeKind.Dyad, "IRN.USA", Scored.Start.AddHours(1))));
        Assert.Contains("key must be", error.Message, StringComparison.Ordinal);
        Assert.False(engine.RemoveSilence("si-unknown"));
    }

    [Fact]
    public async Task Changes_that_arrive_together_are_committed_together_and_one_that_throws_fails_alone()
    {
        var clock = new FakeTimeProvider(Scored.Start);
        using var state = new AlertState(AlertStores.Open(ConnectionString("sqlite")), clock, TimeSpan.FromHours(6));
        var changes = Enumerable.Range(0, 200).Select(i => state.ApplyAsync(engine => (engine.Observe(Strike(i)), i))).ToList();
        var failing = state.ApplyAsync<int>(_ => throw new InvalidOperationException("bad change"));
        Assert.Equal(Enumerable.Range(0, 200), await Task.WhenAll(changes));
        Assert.Equal("bad change", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);

        // Every article counted, in far fewer commits than articles.
        Assert.Equal(200, state.Query(engine => engine.Export().Index.Articles.Count));
        Assert.True(state.Commits < 100, $"{state.Commits} commits for 200 changes");
        using var store = AlertStores.Open(ConnectionString("sqlite"));
        Assert.Equal(200, store.Read().Snapshot!.Index.Articles.Count);
    }

    [Fact]
    public async Task A_burst_and_a_ceasefire_committed_together_still_fire_and_then_resolve()
    {
        var clock = new FakeTimeProvider(Scored.Start);
        using var state = new AlertState(AlertStores.Open(ConnectionString("sqlite")), clock, TimeSpan.FromHours(6));
        var burst = Enumerable.Range(0, 8).Select(i => Scored.Article($"up-{i}", 0.9));
        // Effort damps rather than cancels: it takes about three times the pressure to bring the risk under the clear line.
        var calm = Enumerable.Range(0, 24).Select(i => Scored.Article($"down-{i}", 0, deescalation: 0.9));
        await Task.WhenAll(burst.Concat(calm).Select(a => state.ApplyAsync(engine => (engine.Observe(a), true))).ToList());
        var log = state.History(100).Where(a => a.Rule == "dyad-burst").Select(a => a.Status).Reverse().ToList();
        Assert.Equal([AlertStatus.Firing, AlertStatus.Resolved], log);
    }
}
