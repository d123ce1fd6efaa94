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

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_drain_asked_for_while_a_group_commit_waits_is_done_in_that_commits_transaction(string kind)
    {
        var clock = new FakeTimeProvider(Scored.Start);
        var store = new CountingStore(AlertStores.Open(_databases.ConnectionString(kind)));
        using var state = new AlertState(store, clock, TimeSpan.FromHours(6));
        // A group commit held inside its transaction, and another change waiting behind it.
        var (held, waiting, release) = await HoldAGroupCommitAsync(state);
        using var _ = release;
        var (writes, checks) = (store.Writes, store.OutboxChecks);

        var sent = new ConcurrentQueue<string>();
        var drain = state.DrainAsync((alert, _, _) => { sent.Enqueue(alert.Scope.Key); return Task.CompletedTask; });
        release.Set();
        await held;
        await waiting;

        // The waiting change's transaction sent what was committed before the drain was asked for: no transaction,
        // and no look at the outbox, of the drain's own.
        Assert.Equal(2, await drain.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(["first", "second"], sent);
        Assert.Equal(writes + 1, store.Writes);
        Assert.Equal(checks, store.OutboxChecks);

        // The last change's alert is still in the outbox, and a drain asked for now (no commit waiting) sends it alone.
        Assert.Equal(1, await state.DrainAsync((alert, _, _) => { sent.Enqueue(alert.Scope.Key); return Task.CompletedTask; }));
        Assert.Equal(["first", "second", "third"], sent);
        Assert.Equal(writes + 2, store.Writes);
    }

    [Fact]
    public async Task A_publish_failing_inside_a_group_commit_fails_the_drain_not_the_commit_and_nothing_is_lost()
    {
        var clock = new FakeTimeProvider(Scored.Start);
        using var state = new AlertState(AlertStores.Open(_databases.ConnectionString("sqlite")), clock, TimeSpan.FromHours(6));
        var (held, waiting, release) = await HoldAGroupCommitAsync(state);
        using var _ = release;
        var drain = state.DrainAsync((_, _, _) => throw new InvalidOperationException("broker down"));
        release.Set();

        // Both changes are committed; the drain reports the broker's failure; every alert goes out with the next drain.
        Assert.True(await held);
        Assert.True(await waiting);
        await Assert.ThrowsAsync<InvalidOperationException>(() => drain.WaitAsync(TimeSpan.FromSeconds(30)));
        var sent = new List<string>();
        Assert.Equal(3, await state.DrainAsync((alert, _, _) => { sent.Add(alert.Scope.Key); return Task.CompletedTask; }));
        Assert.Equal(["first", "second", "third"], sent);
    }

    /// <summary>
    /// Commits the article "first", then holds a group commit (observing "second") inside its transaction, with another
    /// change (observing "third") queued behind it; setting the returned event lets the held commit go on.
    /// </summary>
    private static async Task<(Task<bool> Held, Task<bool> Waiting, ManualResetEventSlim Release)> HoldAGroupCommitAsync(AlertState state)
    {
        await state.ApplyAsync(engine => (engine.Observe(Attack("first")), true));
        using var entered = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var held = state.ApplyAsync(engine =>
        {
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return (engine.Observe(Attack("second")), true);
        });
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));
        var waiting = state.ApplyAsync(engine => (engine.Observe(Attack("third")), true));
        return (held, waiting, release);
    }

    private static ArticleScored Attack(string id) => Scored.Article(id, 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)]);
}
