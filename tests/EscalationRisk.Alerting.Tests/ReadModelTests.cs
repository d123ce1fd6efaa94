using EscalationRisk.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace EscalationRisk.Alerting.Tests;

/// <summary>
/// The read model of the alert state on both real stores: what another process reads from SQL, with no engine,
/// equals what the writer's engine answers (values, open alerts, rules, silences, histories), over a random day of
/// articles, rule changes and silences; and a store of the previous release gets its read model from its engine.
/// </summary>
public sealed class ReadModelTests : IDisposable
{
    private static readonly string[][] ActorSets = [["IRN", "USA"], ["ISR", "LBN"], ["RUS", "UKR"], ["ARM", "AZE"], ["IRN", "ISR"], ["USA"]];
    private readonly StoreDatabases _databases = new();

    public void Dispose() => _databases.Dispose();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task What_a_reader_reads_from_sql_equals_what_the_writers_engine_answers(string kind)
    {
        var connectionString = _databases.ConnectionString(kind);
        var random = new Random(20261129);

        // Off whole minutes, so no article counts exactly at a history point (see ReadModelReader.History).
        var clock = new FakeTimeProvider(Scored.Start.AddMilliseconds(7));
        using var state = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6));
        using var reader = AlertStores.Open(connectionString);
        var commits = new List<DateTimeOffset>();
        var silences = new List<string>();
        var compared = 0;
        for (var step = 0; step < 360; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(random.Next(20, 360)));
            var before = state.Commits;
            var roll = random.NextDouble();
            if (roll < 0.75)
            {
                var attack = random.NextDouble() < 0.3;
                var calm = !attack && random.NextDouble() < 0.3;
                var article = Scored.Article($"a-{step}", calm ? random.NextDouble() * 0.2 : random.NextDouble(), calm ? random.NextDouble() : 0,
                    actors: ActorSets[random.Next(ActorSets.Length)],
                    signals: attack ? [Scored.Signal(SignalCategory.Attack, 0.6 + (0.4 * random.NextDouble()))] : calm ? [Scored.Signal(SignalCategory.Ceasefire, 0.9, "agreed a ceasefire")] : null);
                await state.ApplyAsync(engine => (engine.Observe(article), true));
            }
            else if (roll < 0.82)
            {
                var threshold = random.Next(20, 200);
                await state.ApplyAsync(engine =>
                {
                    var rules = engine.Rules.Where(r => !r.Name.StartsWith("tight", StringComparison.Ordinal)).ToList();
                    if (random.NextDouble() < 0.7)
                    {
                        rules.Add(new AlertRule("tight", ScopeKind.Dyad, threshold, threshold / 2.0, TimeSpan.FromMinutes(random.Next(0, 30)), random.NextDouble() < 0.5 ? "warning" : "critical", TimeSpan.FromHours(1)));
                    }

                    engine.SetRules(rules, engine.ArticleRules);
                    return (true, true);
                });
            }
            else if (roll < 0.9)
            {
                var silence = new Silence(random.NextDouble() < 0.5 ? ScopeKind.Dyad : ScopeKind.Article, random.NextDouble() < 0.5 ? "*" : "IRN-USA", clock.GetUtcNow().AddMinutes(random.Next(10, 120)), "test");
                silences.Add(await state.ApplyAsync(engine => (true, engine.AddSilence(silence).Id!)));
            }
            else if (roll < 0.93 && silences.Count > 0)
            {
                var id = silences[random.Next(silences.Count)];
                await state.ApplyAsync(engine => (true, engine.RemoveSilence(id)));
            }
            else
            {
                await state.ApplyAsync(_ => (true, true));
            }

            if (state.Commits > before)
            {
                commits.Add(clock.GetUtcNow());
            }

            // Baselines are written with the first commit of each hour: a reader before it shows the last hour's.
            var now = clock.GetUtcNow();
            if (commits.Count == 0 || RiskIndex.HourOf(commits[^1]) != RiskIndex.HourOf(now))
            {
                continue;
            }

            compared++;
            var (values, open, rules, active) = state.Query(engine => (engine.Values(), engine.Open(), new RuleSet(engine.Rules, engine.ArticleRules), engine.Silences));
            Assert.Equal(values, reader.ReadModel(model => model.Values(now)));
            Assert.Equal(open, reader.ReadModel(model => model.Open(now)));
            Assert.Equal(rules.ToJson(), reader.ReadModel(model => model.Rules()).ToJson());
            Assert.Equal(active, reader.ReadModel(model => model.Silences(now)));
            foreach (var alert in open.Take(3))
            {
                Assert.Equal(alert, Assert.Single(reader.ReadModel(model => model.Open(now, alert.AlertId))));
            }

            if (step % 40 == 0)
            {
                CompareHistories(state, reader, now, commits);
            }
        }

        Assert.True(compared > 200, $"only {compared} steps compared");
        Assert.Contains(state.Query(engine => engine.Open()), a => a.Scope.Kind == ScopeKind.Article);
        Assert.Contains(state.Query(engine => engine.Open()), a => a.Scope.Kind != ScopeKind.Article);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_store_of_the_previous_release_gets_its_read_model_from_its_engine_when_it_opens(string kind)
    {
        var connectionString = _databases.ConnectionString(kind);
        var clock = new FakeTimeProvider(Scored.Start);
        using (var state = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6)))
        {
            for (var i = 0; i < 20; i++)
            {
                clock.Advance(TimeSpan.FromMinutes(3));
                var article = Scored.Article($"old-{i}", 0.95, signals: [Scored.Signal(SignalCategory.Attack, 0.9)], actors: i % 2 == 0 ? ["IRN", "USA"] : ["ISR", "LBN"]);
                await state.ApplyAsync(engine => (engine.Observe(article), true));
            }

            await state.ApplyAsync(engine => (true, engine.AddSilence(new Silence(ScopeKind.Dyad, "ISR-LBN", clock.GetUtcNow().AddHours(2)))));
        }

        // What the previous release has: no read model of the alert state, its schema version one less.
        Downgrade(kind, connectionString);

        clock.Advance(TimeSpan.FromMinutes(1));
        using (var state = new AlertState(AlertStores.Open(connectionString), clock, TimeSpan.FromHours(6)))
        {
            var now = clock.GetUtcNow();
            using var reader = AlertStores.Open(connectionString);
            var (values, open, silences) = state.Query(engine => (engine.Values(), engine.Open(), engine.Silences));
            Assert.NotEmpty(open);
            Assert.Equal(values, reader.ReadModel(model => model.Values(now)));
            Assert.Equal(open, reader.ReadModel(model => model.Open(now)));
            Assert.Equal(silences, reader.ReadModel(model => model.Silences(now)));
            Assert.Equal(RuleSet.Default.ToJson(), reader.ReadModel(model => model.Rules()).ToJson());
        }

        Assert.Equal(kind == "sqlite" ? 6 : 7, SchemaVersion(kind, connectionString));
    }

    private static void CompareHistories(AlertState state, IAlertStore reader, DateTimeOffset now, List<DateTimeOffset> commits)
    {
        var minute = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var times = Enumerable.Range(0, 40).Select(i => minute - TimeSpan.FromMinutes(7 * (39 - i))).ToList();
        foreach (var scope in state.Query(engine => engine.Values()).Select(v => v.Scope))
        {
            var expected = state.Query(engine => engine.History(scope, times));
            var actual = reader.ReadModel(model => model.History(scope, times));
            for (var i = 0; i < times.Count; i++)
            {
                Close(expected[i].Pressure, actual[i].Pressure);
                Close(expected[i].Effort, actual[i].Effort);
                Close(expected[i].Risk, actual[i].Risk);

                // The baseline of a point is exact once a commit in its hour came before it.
                if (commits.Any(c => c <= times[i] && RiskIndex.HourOf(c) == RiskIndex.HourOf(times[i])) && expected[i].Baseline is { } baseline)
                {
                    Close(baseline, actual[i].Baseline ?? double.NaN);
                }
            }
        }
    }

    private static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 + (1e-9 * Math.Abs(expected)), $"expected {expected}, read {actual}");

    private static void Downgrade(string kind, string connectionString)
    {
        const string Drop = "DROP TABLE risk_scope; DROP TABLE risk_sample; DROP TABLE open_alert; DROP TABLE alert_settings;";
        if (kind == "sqlite")
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = Drop + " UPDATE schema_version SET version = 4;";
            command.ExecuteNonQuery();
        }
        else
        {
            using var connection = new Npgsql.NpgsqlConnection(connectionString);
            connection.Open();
            using var command = new Npgsql.NpgsqlCommand(Drop + " UPDATE alert_schema_version SET version = 5;", connection);
            command.ExecuteNonQuery();
        }
    }

    private static long SchemaVersion(string kind, string connectionString)
    {
        if (kind == "sqlite")
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT version FROM schema_version";
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        using var pg = new Npgsql.NpgsqlConnection(connectionString);
        pg.Open();
        using var query = new Npgsql.NpgsqlCommand("SELECT version FROM alert_schema_version", pg);
        return Convert.ToInt64(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
