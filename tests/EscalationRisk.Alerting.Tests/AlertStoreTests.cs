using EscalationRisk.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace EscalationRisk.Alerting.Tests;

/// <summary>Both stores on real databases: a SQLite file, and the PostgreSQL server the test command starts.</summary>
public sealed class AlertStoreTests : IDisposable
{
    private readonly StoreDatabases databases = new();

    public void Dispose() => databases.Dispose();

    private string ConnectionString(string kind) => databases.ConnectionString(kind);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void State_and_unpublished_alerts_survive_closing_and_reopening_the_store(string kind)
    {
        var connectionString = ConnectionString(kind);
        var clock = new FakeTimeProvider(Scored.Start);
        var engine = new AlertEngine(new RiskIndex(TimeSpan.FromHours(6)), clock, DefaultRules.IndexRules, [DefaultRules.ArticleAttack]);
        engine.Observe(Scored.Article("strike", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)]));
        var alerts = engine.Evaluate();
        Assert.NotEmpty(alerts);

        using (var store = AlertStores.Open(connectionString))
        {
            Assert.Equal((0L, null), store.Read());
            store.Write(session =>
            {
                Assert.Equal(0, session.Revision);
                session.Save(engine.Export(), alerts, clock.GetUtcNow());
                return session.Revision;
            });

            // The process dies here: saved, but nothing published yet.
        }

        using (var reopened = AlertStores.Open(connectionString))
        {
            var (revision, snapshot) = reopened.Read();
            Assert.Equal(1, revision);
            Assert.NotNull(snapshot);
            Assert.Equal(engine.Export().ToJson(), snapshot.ToJson());
            Assert.Equal(kind == "sqlite" ? typeof(SqliteAlertStore) : typeof(PostgresAlertStore), reopened.GetType());
            var outbox = reopened.Write(session => session.Outbox());
            Assert.Equal(alerts.Select(a => a.AlertId), outbox.Select(o => o.Alert.AlertId));
            Assert.Equal(alerts.Select(a => a.Status), outbox.Select(o => o.Alert.Status));

            reopened.Write(session =>
            {
                session.Published(outbox[0].Seq);
                return true;
            });
            Assert.Equal(alerts.Count - 1, reopened.Write(session => session.Outbox()).Count);

            // The log keeps every alert decided, published or not.
            Assert.Equal(alerts.Select(a => a.AlertId).Reverse(), reopened.History(100).Select(a => a.AlertId));

            // The restored engine does not fire again what was already decided.
            var restored = AlertEngine.Restore(snapshot, clock);
            Assert.Empty(restored.Evaluate());
        }
    }
}
