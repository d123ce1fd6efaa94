using System.Text.Json;
using EscalationRisk.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace EscalationRisk.Alerting.Tests;

/// <summary>Both stores on real databases: a SQLite file, and the PostgreSQL server the test command starts.</summary>
public sealed class AlertStoreTests : IDisposable
{
    private readonly StoreDatabases _databases = new();

    public void Dispose() => _databases.Dispose();

    private string ConnectionString(string kind) => _databases.ConnectionString(kind);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_outbox_row_names_its_alert_in_the_log_instead_of_holding_a_second_copy(string kind)
    {
        var connectionString = ConnectionString(kind);
        var clock = new FakeTimeProvider(Scored.Start);
        using var state = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6));
        await state.ApplyAsync(engine => (engine.Observe(Scored.Article("strike", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)])), true));

        // The alert's JSON is written once, into the log; the outbox row points at that row.
        var (outbox, log) = (kind == "sqlite" ? "outbox" : "alert_outbox", "alert_log");
        var rows = await StoreSql.RowsAsync(connectionString,
            $"SELECT o.log_seq, COALESCE(length(o.alert::text), 0), l.alert_id FROM {outbox} o JOIN {log} l ON l.seq = o.log_seq", kind);
        var (_, copied, alertId) = Assert.Single(rows);
        Assert.Equal(0, copied);
        Assert.Equal("article-attack", Assert.Single(state.History(10)).Rule);
        Assert.Equal(Assert.Single(state.History(10)).AlertId, alertId);

        // And it still goes out, as decided, once.
        var sent = new List<EscalationAlert>();
        Assert.Equal(1, await state.DrainAsync((a, _, _) => { sent.Add(a); return Task.CompletedTask; }));
        Assert.Equal(alertId, Assert.Single(sent).AlertId);
        Assert.Empty(await StoreSql.RowsAsync(connectionString, $"SELECT seq, 0, '' FROM {outbox}", kind));
    }

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
                session.Checkpoint(new AlertEngine(new RiskIndex(TimeSpan.FromHours(6)), clock, DefaultRules.IndexRules, [DefaultRules.ArticleAttack]).Export(), 0);
                var step = new JournalEntry(clock.GetUtcNow(), [Scored.Article("strike", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)])]);
                Assert.Equal(1, session.Append([step], alerts, clock.GetUtcNow()));
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
                session.PublishedThrough(outbox[0].Seq); // the oldest row only
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

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void A_checkpoint_in_many_parts_is_read_back_whole_and_a_later_one_is_never_replaced_by_an_earlier(string kind)
    {
        var clock = new FakeTimeProvider(Scored.Start);
        var engine = new AlertEngine(new RiskIndex(TimeSpan.FromHours(6)), clock, DefaultRules.IndexRules, [DefaultRules.ArticleAttack]);
        for (var i = 0; i < 40; i++)
        {
            engine.Observe(Scored.Article($"strike-{i}", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)]));
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        engine.Evaluate();
        var earlier = new AlertEngine(new RiskIndex(TimeSpan.FromHours(6)), clock, DefaultRules.IndexRules, [DefaultRules.ArticleAttack]);
        using var store = AlertStores.Open(ConnectionString(kind));
        using (var spooled = engine.SpoolCheckpoint(partBytes: 1000))
        {
            Assert.True(spooled.Read().Count() > 10);
            store.WriteCheckpoint(spooled, 5);
        }

        using (var spooled = earlier.SpoolCheckpoint(partBytes: 1000))
        {
            store.WriteCheckpoint(spooled, 4);
        }

        var read = store.ReadAfter(-1);
        Assert.Equal(5, read.CheckpointPosition);
        Assert.Equal(engine.Export().ToJson(), read.Checkpoint?.ToJson());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_store_written_by_the_previous_release_opens_with_its_state_and_outbox_and_goes_on_from_there(string kind)
    {
        // The previous release's schema, as it wrote it: one snapshot with a revision, the outbox and the log.
        var connectionString = ConnectionString(kind);
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "engine-snapshot-2026-12-06.json"));
        var alert = JsonSerializer.Serialize(new EscalationAlert("al-1", "dyad-burst", new AlertScope(ScopeKind.Dyad, "IRN-USA"), AlertStatus.Firing, "critical", 420, 400,
            Scored.Start, null, "waiting", [], new Dictionary<string, string>()), ContractJson.Options);
        if (kind == "sqlite")
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE schema_version (version INTEGER NOT NULL);
                CREATE TABLE engine_state (id INTEGER PRIMARY KEY CHECK (id = 1), snapshot TEXT NOT NULL, saved_at TEXT NOT NULL, revision INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, alert TEXT NOT NULL, created_at TEXT NOT NULL);
                CREATE TABLE alert_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, alert_id TEXT NOT NULL, status TEXT NOT NULL, at TEXT NOT NULL, alert TEXT NOT NULL);
                INSERT INTO schema_version VALUES (2);
                INSERT INTO engine_state (id, snapshot, saved_at, revision) VALUES (1, $s, '2026-12-06T00:00:00Z', 57);
                INSERT INTO outbox (alert, created_at) VALUES ($a, '2026-12-06T00:00:00Z');
                INSERT INTO alert_log (alert_id, status, at, alert) VALUES ('al-1', 'Firing', '2026-12-06T00:00:00Z', $a);
                """;
            command.Parameters.AddWithValue("$s", json);
            command.Parameters.AddWithValue("$a", alert);
            command.ExecuteNonQuery();
        }
        else
        {
            using var connection = new Npgsql.NpgsqlConnection(connectionString);
            connection.Open();
            using var command = new Npgsql.NpgsqlCommand("""
                CREATE TABLE alert_schema_version (version integer NOT NULL);
                CREATE TABLE alert_engine_state (id integer PRIMARY KEY CHECK (id = 1), snapshot text NOT NULL, saved_at timestamptz NOT NULL, revision bigint NOT NULL DEFAULT 0);
                CREATE TABLE alert_outbox (seq bigserial PRIMARY KEY, alert jsonb NOT NULL, created_at timestamptz NOT NULL);
                CREATE TABLE alert_log (seq bigserial PRIMARY KEY, alert_id text NOT NULL, status text NOT NULL, at timestamptz NOT NULL, alert jsonb NOT NULL);
                INSERT INTO alert_schema_version VALUES (3);
                INSERT INTO alert_engine_state (id, snapshot, saved_at, revision) VALUES (1, @s, now(), 57);
                INSERT INTO alert_outbox (alert, created_at) VALUES (@a::jsonb, now());
                INSERT INTO alert_log (alert_id, status, at, alert) VALUES ('al-1', 'Firing', now(), @a::jsonb);
                """, connection);
            command.Parameters.AddWithValue("s", json);
            command.Parameters.AddWithValue("a", alert);
            command.ExecuteNonQuery();
        }

        var clock = new FakeTimeProvider(EngineSnapshot.FromJson(json).Index.Scopes.Max(s => s.UpdatedAt));
        using (var state = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6)))
        {
            // The state it held: the rules, the silence, every article counted, and the journal going on from 57.
            Assert.Equal(57, state.Position);
            Assert.Equal(10, state.Query(engine => engine.Export().Index.Articles.Count));
            Assert.Single(state.Query(engine => engine.Silences));
            Assert.Equal(DefaultRules.IndexRules.Take(4).Select(r => r.Name), state.Query(engine => engine.Rules.Select(r => r.Name)));

            // The alert waiting in its outbox still goes out, once.
            var sent = new List<EscalationAlert>();
            Assert.Equal(1, await state.DrainAsync((a, _, _) => { sent.Add(a); return Task.CompletedTask; }));
            Assert.Equal("al-1", Assert.Single(sent).AlertId);
            Assert.Single(state.History(10));

            // And it goes on: a new article is journaled after the old revision.
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.True(await state.ApplyAsync(engine => (engine.Observe(Scored.Article("after-migration", 0.9)), true)));
            Assert.Equal(58, state.Position);
        }

        using var reopened = AlertStores.Open(connectionString);
        var (revision, snapshot) = reopened.Read();
        Assert.Equal(58, revision);
        Assert.Contains(snapshot!.Index.Articles, a => a.Id == "after-migration");
        Assert.Equal(11, snapshot.Index.Articles.Count);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Replaying_the_journal_from_any_checkpoint_gives_the_engine_the_writer_has(string kind)
    {
        var connectionString = ConnectionString(kind);
        var clock = new FakeTimeProvider(Scored.Start);
        using var writer = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6));
        using var standby = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6));
        var changes = 0;

        // Two days of news: bursts that fire and resolve, ticks that only open pending episodes, a rule changed, a
        // silence added and removed, and checkpoints along the way.
        for (var minute = 0; minute < 2 * 24 * 60; minute += 5)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            var hour = minute / 60;
            if (hour % 6 < 2 && minute % 15 == 0)
            {
                var article = Scored.Article($"a-{minute}", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.9)]);
                await writer.ApplyAsync(engine => (engine.Observe(article), true));
            }
            else if (hour % 6 == 3 && minute % 20 == 0)
            {
                var calm = Scored.Article($"c-{minute}", 0, 0.9, signals: [Scored.Signal(SignalCategory.Ceasefire, 0.9, "agreed a ceasefire")]);
                await writer.ApplyAsync(engine => (engine.Observe(calm), true));
            }
            else
            {
                await writer.ApplyAsync(_ => (true, true));
            }

            if (minute == 600)
            {
                await writer.ApplyAsync(engine => { engine.SetRules([.. engine.Rules, new AlertRule("tight", ScopeKind.Dyad, 120, 60, TimeSpan.FromMinutes(20), "warning", TimeSpan.FromHours(1))], engine.ArticleRules); return (true, true); });
            }

            if (minute == 900)
            {
                await writer.ApplyAsync(engine => (true, engine.AddSilence(new Silence(ScopeKind.Dyad, "*", clock.GetUtcNow().AddHours(3), "test")).Id!));
            }

            if (minute % 700 == 0)
            {
                writer.Checkpoint();
            }

            // The standby keeps up as an idle replica does (it syncs with every tick of its own, far more often than
            // checkpoints are written), so it never needs one.
            standby.Query(engine => engine.Rules.Count);
            if (minute % 95 == 0)
            {
                // The standby catches up by position, never from the checkpoint once it has read the journal.
                var w = writer.Query(e => e.Export());
                var reloadsBefore = standby.Reloads;
                var positionBefore = standby.Position;
                var b = standby.Query(e => e.Export());
                Assert.True(standby.Reloads == reloadsBefore || minute == 0, $"reloaded at minute {minute}: standby was at {positionBefore}, writer at {writer.Position}, now {standby.Position}");
                Assert.Equal(w.ArticleEpisodes.Select(e => $"{e.Rule}/{e.Article.ArticleId}/{e.StartsAt:HH:mm}/{e.Sent}").Order().ToList(), b.ArticleEpisodes.Select(e => $"{e.Rule}/{e.Article.ArticleId}/{e.StartsAt:HH:mm}/{e.Sent}").Order().ToList());
                Assert.Equal(writer.Query(e => e.Export().ToJson()), standby.Query(e => e.Export().ToJson()));
            }

            changes++;
        }

        var live = writer.Query(engine => engine.Export().ToJson());
        Assert.Equal(live, standby.Query(engine => engine.Export().ToJson()));
        Assert.Equal(1, standby.Reloads);
        using var fresh = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6));
        Assert.Equal(live, fresh.Query(engine => engine.Export().ToJson()));
        Assert.True(writer.History(1000).Count >= 6, "the days fired and resolved alerts");
        Assert.True(writer.Position < changes, $"{writer.Position} steps journaled for {changes} changes: ticks that change nothing are not");
    }
}
