using System.Collections.Concurrent;
using EscalationRisk.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace EscalationRisk.Alerting.Tests;

/// <summary>
/// Draining the outbox under load: every message of a group commit asks for a drain once its commit is done; the
/// calls that come while a drain runs share one drain after it, which still sends everything committed before them.
/// </summary>
public sealed class DrainTests : IDisposable
{
    private readonly StoreDatabases _databases = new();

    public void Dispose() => _databases.Dispose();

    [Fact]
    public async Task Drains_asked_for_while_one_runs_share_one_drain_after_it_and_every_alert_goes_out_once()
    {
        var clock = new FakeTimeProvider(Scored.Start);
        var store = new CountingStore(AlertStores.Open(_databases.ConnectionString("sqlite")));
        using var state = new AlertState(store, clock, TimeSpan.FromHours(6));
        await state.ApplyAsync(engine => (engine.Observe(Scored.Article("first", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)])), true));

        var sent = new ConcurrentQueue<string>();
        Task Send(EscalationAlert alert, long seq, CancellationToken token)
        {
            sent.Enqueue(alert.Rule + ":" + alert.Scope.Key);
            return Task.CompletedTask;
        }

        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = state.DrainAsync(async (alert, seq, token) =>
        {
            entered.TrySetResult();
            await release.Task;
            await Send(alert, seq, token);
        });
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (checks, writes) = (store.OutboxChecks, store.Writes);

        // Ten more, as the other messages of a group commit ask, while the first drain is publishing.
        var later = Enumerable.Range(0, 10).Select(_ => state.DrainAsync(Send)).ToList();
        release.SetResult();

        Assert.Equal(1, await running);
        Assert.All(await Task.WhenAll(later), n => Assert.Equal(0, n));
        Assert.Equal(["article-attack:first"], sent);

        // One drain after the first served the ten: it found the outbox empty, with no transaction of its own.
        Assert.Equal(checks + 1, store.OutboxChecks);
        Assert.Equal(writes, store.Writes);

        // A drain asked for once those are done is a drain of its own, and sends what was committed since.
        clock.Advance(TimeSpan.FromMinutes(1));
        await state.ApplyAsync(engine => (engine.Observe(Scored.Article("second", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)])), true));
        Assert.Equal(1, await state.DrainAsync(Send));
        Assert.Equal(["article-attack:first", "article-attack:second"], sent);
    }

    [Fact]
    public async Task A_drain_publishes_the_alerts_this_process_committed_from_memory_and_reads_only_others_back()
    {
        var connectionString = _databases.ConnectionString("sqlite");
        var clock = new FakeTimeProvider(Scored.Start);
        using var state = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6));
        var otherStore = new CountingStore(AlertStores.Open(connectionString));
        using var other = new AlertState(otherStore, clock, TimeSpan.FromHours(6));
        await state.ApplyAsync(engine => (engine.Observe(Scored.Article("mine", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)])), true));
        await other.ApplyAsync(engine => (engine.Observe(Scored.Article("theirs", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)])), true));

        // Each alert's stored JSON (in the log, which its outbox row names) marked: an alert read back says so in its rule.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE alert_log SET alert = json_set(alert, '$.rule', 'read-back')";
            Assert.Equal(2, command.ExecuteNonQuery());
        }

        var sent = new List<(long Seq, string Rule, string Key)>();
        Assert.Equal(2, await state.DrainAsync((alert, seq, _) => { sent.Add((seq, alert.Rule, alert.Scope.Key)); return Task.CompletedTask; }));

        // Its own alert came from memory, the other process's from its row; in the outbox's order, and then gone.
        Assert.Equal([("article-attack", "mine"), ("read-back", "theirs")], sent.Select(s => (s.Rule, s.Key)));
        Assert.True(sent[0].Seq < sent[1].Seq);
        Assert.Equal(0, await other.DrainAsync((_, _, _) => Task.CompletedTask));
        Assert.Equal(0, await state.DrainAsync((_, _, _) => Task.CompletedTask));

        // The other process found its alert gone under the lock and forgot it: its next drain only looks.
        var writes = otherStore.Writes;
        Assert.Equal(0, await other.DrainAsync((_, _, _) => Task.CompletedTask));
        Assert.Equal(writes, otherStore.Writes);
    }
}
