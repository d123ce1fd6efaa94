using System.CommandLine;
using System.Text.Json;
using EscalationRisk.Messaging;
using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;

namespace EscalationRisk.Cli;

/// <summary>
/// <c>loadtest --count N [--rate R] [--baseline] [--timeout S] [--worker-pid P]</c>: publishes N plain-JSON articles
/// to <c>articles</c> as any AMQP client would, waits for each on its own queue bound to <c>article-scored</c>, and
/// prints one JSON line last (count, rates, latency percentiles, lost). With <c>--baseline</c> the same messages
/// also go through a raw RabbitMQ.Client publish-consume-ack in the same run, on a private durable quorum queue like
/// <c>articles</c> (persistent messages, publisher confirms, manual acks): the ceiling of the transport alone for the
/// same guarantee on this broker and machine. <c>--rate 0</c> (the default) publishes as fast as the broker confirms
/// (maximum rate); a positive rate paces the publisher (fixed rate). With <c>--alerts</c> every article reports an
/// attack and the time to its article alert is measured too; <c>--progress</c> reports every 5 seconds on standard
/// error; <c>--worker-pid</c> adds the worker's peak working set and a sample every 10 s (for soak runs). With
/// <c>--api URL</c> the articles go in through an Api's <c>POST /api/articles</c> (its ingest path, with the token in
/// <c>Api__Token</c>) instead of straight to the broker, and <c>--api-pid</c> adds the Api's CPU time per article. With
/// <c>--worker-pid</c> and <c>--broker-pid</c> (processes on this machine) the CPU time each part spent per article is
/// reported for both phases, and from it the ratio a worker costing nothing would reach here (<c>cpu</c>). The broker
/// comes from the <c>RabbitMqTransport__*</c> settings.
/// </summary>
internal static partial class LoadTestCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Articles to publish.", DefaultValueFactory = _ => 5000 };
        var rate = new Option<double>("--rate") { Description = "Articles per second to publish at; 0 publishes as fast as the broker confirms.", DefaultValueFactory = _ => 0 };
        var baseline = new Option<bool>("--baseline") { Description = "Also measure raw RabbitMQ.Client publish-consume-ack of the same messages." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the last article.", DefaultValueFactory = _ => 300 };
        var workerPid = new Option<int>("--worker-pid") { Description = "A worker's process id, to report its peak resident memory and its CPU time per article." };
        var brokerPid = new Option<int>("--broker-pid") { Description = "The RabbitMQ server's process id (beam.smp) when it runs on this machine, to report its CPU time per message." };
        var bodyBytes = new Option<int>("--body-bytes") { Description = "Approximate size of each article body (UTF-8 bytes).", DefaultValueFactory = _ => LoadTexts.DefaultBodyBytes };
        var alerts = new Option<bool>("--alerts") { Description = "Also time publish to alert: every article reports an attack, so the article-attack rule fires for each (needs a running alert worker)." };
        var progress = new Option<bool>("--progress") { Description = "Print progress to standard error every 5 seconds." };
        var api = new Option<string?>("--api") { Description = "Submit the articles to this Api's POST /api/articles (its ingest path) instead of publishing them to the broker; the token is Api__Token from the environment." };
        var apiPid = new Option<int>("--api-pid") { Description = "The Api's process id, to report its CPU time per article." };
        var command = new Command("loadtest", "Load-test the pipeline on RabbitMQ and print one JSON line of figures.")
        {
            count, rate, baseline, timeout, workerPid, bodyBytes, alerts, progress, brokerPid, api, apiPid,
        };
        command.SetAction((result, cancellation) => RunAsync(
            result.GetValue(count), result.GetValue(rate), result.GetValue(baseline), TimeSpan.FromSeconds(result.GetValue(timeout)),
            result.GetValue(workerPid), result.GetValue(bodyBytes), Console.Out, Console.Error, cancellation,
            result.GetValue(alerts), result.GetValue(progress), result.GetValue(brokerPid),
            result.GetValue(api) is { } address ? new LoadTestApi(address, Environment.GetEnvironmentVariable("Api__Token") ?? "") : null, result.GetValue(apiPid)));
        return command;
    }

    public static async Task<int> RunAsync(int count, double rate, bool baseline, TimeSpan timeout, int workerPid, int bodyBytes,
        TextWriter stdout, TextWriter stderr, CancellationToken cancellation, bool alerts = false, bool progress = false, int brokerPid = 0,
        LoadTestApi? api = null, int apiPid = 0)
    {
        if (count <= 0 || rate < 0 || bodyBytes <= 0)
        {
            await stderr.WriteLineAsync("error: --count and --body-bytes must be positive and --rate not negative").ConfigureAwait(false);
            return ScoreCommand.ExitUsage;
        }

        if (api is not null && (!Uri.TryCreate(api.Address, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https") || string.IsNullOrWhiteSpace(api.Token)))
        {
            await stderr.WriteLineAsync("error: --api takes the Api's absolute http(s) address, and Api__Token in the environment must hold its token").ConfigureAwait(false);
            return ScoreCommand.ExitUsage;
        }

        var cpu = CpuClock.Of(("broker", brokerPid), ("worker", workerPid), ("api", apiPid), ("loadtest", Environment.ProcessId));
        if (cpu.Missing is { } missing)
        {
            await stderr.WriteLineAsync($"error: no process {missing.Pid} for --{missing.Name}-pid on this machine").ConfigureAwait(false);
            return ScoreCommand.ExitUsage;
        }

        var factory = Factory();
        try
        {
            await using var probe = await factory.CreateConnectionAsync(cancellation).ConfigureAwait(false);
        }
        catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException ex)
        {
            await stderr.WriteLineAsync($"error: cannot reach RabbitMQ at {factory.HostName}:{factory.Port} as '{factory.UserName}' (set RabbitMqTransport__Host, __Port, __User, __Pass): {ex.InnerException?.Message ?? ex.Message}").ConfigureAwait(false);
            return ScoreCommand.ExitUsage;
        }

        var run = Guid.NewGuid().ToString("N")[..8];
        var bodies = Enumerable.Range(0, count).Select(i => LoadTexts.Article($"load-{run}-{i:D7}", i, bodyBytes, attack: alerts)).ToList();

        double? baselineRate = null;
        IReadOnlyDictionary<string, double>? baselineCpu = null;
        if (baseline)
        {
            var before = cpu.Read();
            baselineRate = await BaselineAsync(factory, bodies, rate, timeout, cancellation).ConfigureAwait(false);
            baselineCpu = cpu.PerItemSince(before, count);
            await stderr.WriteLineAsync($"baseline: {baselineRate:0} msg/s raw publish-consume-ack").ConfigureAwait(false);
        }

        using var memory = workerPid > 0 ? new PeakMemory(workerPid) : null;
        var started = cpu.Read();
        Measurement pipeline;
        try
        {
            pipeline = await PipelineAsync(factory, bodies, rate, timeout, alerts, progress ? stderr : null, api, cancellation).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex) when (api is not null)
        {
            await stderr.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return ScoreCommand.ExitSomeFailed;
        }

        var pipelineCpu = cpu.PerItemSince(started, count);
        var report = new Dictionary<string, object?>
        {
            ["count"] = count,
            ["bodyBytes"] = bodyBytes,
            ["rate"] = rate,
            ["pipelineRate"] = Math.Round(pipeline.Rate, 1),
            ["baselineRate"] = baselineRate is null ? null : Math.Round(baselineRate.Value, 1),
            ["ratio"] = baselineRate is > 0 ? Math.Round(pipeline.Rate / baselineRate.Value, 3) : null,
            ["p50Ms"] = Finite(pipeline.Percentile(0.50)),
            ["p95Ms"] = Finite(pipeline.Percentile(0.95)),
            ["p99Ms"] = Finite(pipeline.Percentile(0.99)),
            ["lost"] = pipeline.Lost,
            ["alerted"] = alerts ? pipeline.AlertedCount : null,
            ["alertP50Ms"] = alerts ? Finite(pipeline.AlertPercentile(0.50)) : null,
            ["alertP95Ms"] = alerts ? Finite(pipeline.AlertPercentile(0.95)) : null,
            ["alertP99Ms"] = alerts ? Finite(pipeline.AlertPercentile(0.99)) : null,
            ["workerPeakRssMb"] = memory is null ? null : Math.Round(memory.PeakMegabytes, 1),
            ["workerRssMb"] = memory?.Samples.Select(m => Math.Round(m, 1)).ToList(),
            ["cpu"] = CpuReport(baselineCpu, pipelineCpu),
        };
        await stdout.WriteLineAsync(JsonSerializer.Serialize(report)).ConfigureAwait(false);
        return pipeline.Lost == 0 ? ScoreCommand.ExitOk : ScoreCommand.ExitSomeFailed;
    }

    /// <summary>
    /// CPU microseconds per message of each process measured, per phase, and <c>ratioCeiling</c>: the baseline's CPU
    /// per message over the pipeline's without the worker's share, that is, the ratio the pipeline would reach if the
    /// worker cost nothing while the broker, the load tool and the worker share this machine's cores (every article
    /// crosses the broker twice in the pipeline and once in the baseline). Only when both the broker and the worker
    /// were measured through the pipeline.
    /// </summary>
    private static Dictionary<string, object?> CpuReport(IReadOnlyDictionary<string, double>? baseline, IReadOnlyDictionary<string, double> pipeline)
    {
        static Dictionary<string, double> Rounded(IReadOnlyDictionary<string, double> perItem) =>
            perItem.ToDictionary(p => p.Key + "Us", p => Math.Round(p.Value, 1));

        double? ceiling = null;
        if (baseline is not null && pipeline.ContainsKey("broker") && pipeline.ContainsKey("worker"))
        {
            var withoutWorker = pipeline.Where(p => p.Key != "worker").Sum(p => p.Value);
            ceiling = withoutWorker > 0 ? Math.Round(baseline.Values.Sum() / withoutWorker, 3) : null;
        }

        return new Dictionary<string, object?>
        {
            ["cores"] = Environment.ProcessorCount,
            ["baseline"] = baseline is null ? null : Rounded(baseline),
            ["pipeline"] = Rounded(pipeline),
            ["ratioCeiling"] = ceiling,
        };
    }

    /// <summary>A latency rounded to 0.01 ms, or null when nothing arrived to measure.</summary>
    private static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 2) : null;

    private static ConnectionFactory Factory() =>
        RabbitMqConnections.Factory(new ConfigurationBuilder().AddEnvironmentVariables().Build(), "escalation-risk loadtest");
}
