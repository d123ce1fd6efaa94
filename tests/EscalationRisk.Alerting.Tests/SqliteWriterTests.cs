using EscalationRisk.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace EscalationRisk.Alerting.Tests;

/// <summary>
/// The SQLite store keeps one connection for its writers, with its compiled statements, from one group commit to the
/// next (each commit used to open a connection and compile the same few dozen statements again); a write that fails
/// gives its connection up, and the next one opens another.
/// </summary>
public sealed class SqliteWriterTests : IDisposable
{
    private readonly StoreDatabases _databases = new();

    public void Dispose() => _databases.Dispose();

    [Fact]
    public async Task Group_commits_and_drains_share_one_connection_and_a_failed_write_is_not_kept()
    {
        var clock = new FakeTimeProvider(Scored.Start);
        var store = (SqliteAlertStore)AlertStores.Open(_databases.ConnectionString("sqlite"));
        using var state = new AlertState(store, clock, TimeSpan.FromHours(6));
        var sent = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            var article = Scored.Article($"w{i}", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)]);
            await state.ApplyAsync(engine => (engine.Observe(article), true));
            await state.DrainAsync((alert, _, _) => { sent.Add(alert.Scope.Key); return Task.CompletedTask; });
        }

        // Each article's alert went out (and a dyad's, once its pressure was high enough).
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"w{i}"), sent.Where(key => key.StartsWith('w')));
        Assert.Equal(1, store.WriterConnections);

        // A publish that fails rolls its drain back and drops the connection; the next drain sends the alert on another.
        clock.Advance(TimeSpan.FromMinutes(1));
        await state.ApplyAsync(engine => (engine.Observe(Scored.Article("w10", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)])), true));
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => state.DrainAsync((_, _, _) => throw new InvalidOperationException("broker down")));
        Assert.True(await state.DrainAsync((alert, _, _) => { sent.Add(alert.Scope.Key); return Task.CompletedTask; }) >= 1);
        Assert.Equal("w10", sent.Last(key => key.StartsWith('w')));
        Assert.Equal(2, store.WriterConnections);
    }

    [Fact]
    public async Task The_writers_commits_let_the_wal_gather_ten_thousand_pages_before_copying_them_into_the_database()
    {
        // SQLite's default copies the WAL into the database once it holds 1,000 pages (4 MB), and the next commit
        // starts the WAL again from its beginning, so the file stays near that size. The writer lets 10,000 gather.
        var connectionString = _databases.ConnectionString("sqlite");
        var clock = new FakeTimeProvider(Scored.Start);
        using var state = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6));
        var signals = Enumerable.Range(0, 40).Select(_ => Scored.Signal(SignalCategory.Attack, 0.9)).ToList();
        for (var group = 0; group < 30; group++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            {
                var article = Scored.Article($"g{group}-{i}", 0.9, signals: signals);
                return state.ApplyAsync(engine => (engine.Observe(article), true));
            }));
        }

        var wal = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource + "-wal";
        Assert.True(new FileInfo(wal).Length > 2_000 * 4096L, $"WAL {new FileInfo(wal).Length} bytes");
        Assert.Equal(10_000, SqliteAlertStore.WalAutoCheckpointPages);
    }
}
