using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EscalationRisk.Messaging.Tests;

/// <summary>
/// The worker as a real process against the real broker: killed, stopped, restarted, misconfigured. Nothing may be
/// lost; graceful shutdown may not even repeat work.
/// </summary>
[Collection("broker")]
public sealed class WorkerResilienceTests
{
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The worker killed with SIGKILL again and again in the middle of a run, restarted each time: every article is
    /// scored, none lost, duplicates at most what each killed worker held unacknowledged (its prefetch). The test
    /// command kills it 3 times during 6,000 articles; <c>ER_FAULT_SCALE=full</c>, 5 times during 50,000. The counts
    /// go to <c>artifacts/kill-run.json</c>.
    /// </summary>
    [Fact]
    public async Task A_worker_killed_with_sigkill_again_and_again_mid_run_and_restarted_loses_no_article()
    {
        var full = Environment.GetEnvironmentVariable("ER_FAULT_SCALE") == "full";
        var (count, kills) = full ? (50_000, 5) : (6_000, 3);
        await using var watcher = await ScoredWatcher.StartAsync();
        await using var publisher = await PlainPublisher.StartAsync();
        var run = Articles.Run();
        var ids = Enumerable.Range(0, count).Select(i => $"kill-{run}-{i:D5}").ToList();
        Task? publishing = null;
        var atKill = new List<int>();
        for (var k = 0; k < kills; k++)
        {
            using var worker = WorkerProcess.Start();
            await worker.WaitForLogAsync("Bus started", Start);
            if (k == 0)
            {
                using var http = new HttpClient { BaseAddress = await worker.HttpAddressAsync(Start) };
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);

                // Published once the first worker has declared the topology (on a fresh broker there is no
                // articles exchange before), and on while the workers are killed and restarted.
                publishing = publisher.PublishManyAsync(ids);
            }

            // Killed once it has scored its share of the run, with messages in flight.
            var share = count * (k + 1) / (kills + 1);
            await WaitUntilAsync(() => Scored(watcher, ids) >= share, TimeSpan.FromSeconds(full ? 300 : 120),
                () => $"worker {k + 1} of {kills}: {Scored(watcher, ids)} scored, waiting for {share}; exited {worker.HasExited}\n{worker.Output}");
            worker.Kill();
            await worker.WaitForExitAsync(TimeSpan.FromSeconds(10));
            atKill.Add(Scored(watcher, ids));
        }

        await publishing!;
        Assert.True(atKill[^1] < ids.Count, "the last kill came after the end: nothing was tested");
        using var last = WorkerProcess.Start();
        var all = await watcher.WaitForAsync(ids, TimeSpan.FromSeconds(full ? 600 : 180));
        var scored = Scored(watcher, ids);
        var duplicates = ids.Sum(id => watcher.Received.TryGetValue(id, out var bag) ? bag.Count - 1 : 0);
        var bound = kills * new MessagingOptions().PrefetchCount;
        var report = JsonSerializer.Serialize(new { sent = count, kills, scoredAtKills = atKill, scored, lost = count - scored, duplicateScored = duplicates, duplicateBound = bound });
        await File.WriteAllTextAsync(EscalationRisk.Testing.RepoRoot.Artifact("kill-run.json"), report + "\n");
        Assert.True(all, $"{report}\n{last.Output}");
        Assert.InRange(duplicates, 0, bound);
    }

    /// <summary>
    /// The broker's application stopped and started again while the worker runs. Whether the stop lands before the
    /// backlog is done depends on the machine (a fast one scored all 15,000 before <c>rabbitmqctl stop_app</c>
    /// returned), so a second batch is published only after the broker is back: the worker can only score it by
    /// having reconnected by itself (or, should the reconnect hang, through the watchdog's exit and a restart).
    /// </summary>
    [Fact]
    public async Task The_broker_stopped_and_restarted_mid_run_the_worker_reconnects_and_finishes()
    {
        await using var watcher = await ScoredWatcher.StartAsync();
        await using (await InProcessWorker.StartAsync())
        {
            // Declares the topology, so the articles can wait in their queue before the worker under test starts.
        }

        var run = Articles.Run();
        var before = Enumerable.Range(0, 15000).Select(i => $"outage-{run}-{i:D5}").ToList();
        var after = Enumerable.Range(0, 1000).Select(i => $"outage-{run}-after-{i:D4}").ToList();
        await using (var publisher = await PlainPublisher.StartAsync())
        {
            await publisher.PublishManyAsync(before);
        }

        var worker = WorkerProcess.Start();
        try
        {
            await WaitUntilAsync(() => Scored(watcher, before) >= 100, TimeSpan.FromSeconds(60));
            await Broker.ScriptAsync("stop-app");
            var scoredWhileDown = Scored(watcher, before);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await Broker.ScriptAsync("start-app");
            await using (var publisher = await PlainPublisher.StartAsync())
            {
                await publisher.PublishManyAsync(after);
            }

            // The worker reconnects by itself. Should MassTransit's reconnect hang (seen with messages in flight),
            // the watchdog exits with code 3 and a supervisor restarts the worker: this test plays the supervisor.
            var all = before.Concat(after).ToList();
            var restarts = 0;
            var deadline = DateTime.UtcNow.AddSeconds(180);
            while (!all.All(watcher.Received.ContainsKey) && DateTime.UtcNow < deadline)
            {
                if (worker.HasExited)
                {
                    Assert.Equal(ExitCodes.NotConsuming, worker.ExitCode);
                    Assert.Contains("has no consumer", worker.Output, StringComparison.Ordinal);
                    restarts++;
                    worker.Dispose();
                    worker = WorkerProcess.Start();
                }

                await Task.Delay(50);
            }

            Assert.True(all.All(watcher.Received.ContainsKey),
                $"after the broker came back {Scored(watcher, before)} of {before.Count} from before and {Scored(watcher, after)} of {after.Count} from after were scored (at the stop: {scoredWhileDown}, restarts: {restarts})\n{worker.Output}");
            Assert.InRange(restarts, 0, 1);
            Console.WriteLine($"broker outage: {scoredWhileDown} of {before.Count} scored before the stop, worker restarts by the watchdog: {restarts}");
        }
        finally
        {
            worker.Dispose();
        }
    }

    [Fact]
    public async Task Sigterm_stops_taking_messages_finishes_those_in_flight_and_exits_in_time()
    {
        await using var watcher = await ScoredWatcher.StartAsync();
        await using var publisher = await PlainPublisher.StartAsync();
        var run = Articles.Run();
        // Enough articles that no machine scores them all between the first results and the signal: on a fast
        // CI machine 3,000 were all done before the worker stopped taking messages, and the test proved nothing.
        var ids = Enumerable.Range(0, 20000).Select(i => $"term-{run}-{i:D5}").ToList();

        using (var first = WorkerProcess.Start())
        {
            await first.WaitForLogAsync("Bus started", Start);
            await publisher.PublishManyAsync(ids);
            await WaitUntilAsync(() => Scored(watcher, ids) >= 100, TimeSpan.FromSeconds(60));
            var stopping = DateTime.UtcNow;
            first.Terminate();
            await first.WaitForExitAsync(TimeSpan.FromSeconds(25));
            Assert.Equal(0, first.ExitCode);
            Assert.Contains("Bus stopped; every message in flight was finished", first.Output, StringComparison.Ordinal);
            Assert.True(DateTime.UtcNow - stopping < TimeSpan.FromSeconds(25));
            var scoredByFirst = Scored(watcher, ids);
            Assert.True(scoredByFirst < ids.Count, "the worker finished everything before the signal: nothing was tested");
            Console.WriteLine($"SIGTERM: {scoredByFirst} of {ids.Count} scored by the first worker, which exited in {(DateTime.UtcNow - stopping).TotalSeconds:F1} s");
        }

        using var second = WorkerProcess.Start();
        Assert.True(await watcher.WaitForAsync(ids, TimeSpan.FromSeconds(120)), $"{Scored(watcher, ids)} of {ids.Count}");

        // Graceful: what was in flight was finished and acknowledged, so no article was scored twice.
        var twice = ids.Count(id => watcher.Received[id].Count > 1);
        Assert.Equal(0, twice);
    }

    [Fact]
    public async Task A_wrong_password_gives_a_clear_reason_and_a_not_ready_worker_that_keeps_running()
    {
        var settings = Broker.WorkerSettings(pass: "not-the-password", startupAttempts: 3);
        using var process = WorkerProcess.Start(settings);
        using var http = new HttpClient { BaseAddress = await process.HttpAddressAsync(Start) };
        await process.WaitForLogAsync("refused the credentials of user 'guest'", Start);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.False(process.HasExited, "the worker must not exit (a crash loop); it stays up, not ready");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode);
        var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var reason = report.RootElement.GetProperty("checks").GetProperty("messaging").GetProperty("description").GetString();
        Assert.Contains("RabbitMqTransport__Pass", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_is_false_while_the_broker_cannot_be_reached_and_the_attempts_are_logged()
    {
        var settings = Broker.WorkerSettings(startupAttempts: 3);
        settings["RabbitMqTransport:Port"] = "5";
        await using var worker = await InProcessWorker.StartAsync(settings, waitUntilStarted: false);
        var health = worker.Services.GetRequiredService<HealthCheckService>();
        var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Unhealthy, report.Status);

        await worker.WaitForAsync(BusPhase.Failed, TimeSpan.FromSeconds(30));
        Assert.Contains("not reachable after 3 attempts", worker.State.Current.Description, StringComparison.Ordinal);
        report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
    }

    private static int Scored(ScoredWatcher watcher, List<string> ids) => ids.Count(watcher.Received.ContainsKey);

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out" + (describe is null ? "" : ": " + describe()));
            await Task.Delay(5);
        }
    }
}
