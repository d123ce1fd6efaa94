using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EscalationRisk.Messaging;
using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

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
/// <c>--worker-pid</c> and <c>--broker-pid</c> (processes on this machine) the CPU time each part spent per article is
/// reported for both phases, and from it the ratio a worker costing nothing would reach here (<c>cpu</c>). The broker
/// comes from the <c>RabbitMqTransport__*</c> settings.
/// </summary>
internal static class LoadTestCommand
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
        var command = new Command("loadtest", "Load-test the pipeline on RabbitMQ and print one JSON line of figures.")
        {
            count, rate, baseline, timeout, workerPid, bodyBytes, alerts, progress, brokerPid,
        };
        command.SetAction((result, cancellation) => RunAsync(
            result.GetValue(count), result.GetValue(rate), result.GetValue(baseline), TimeSpan.FromSeconds(result.GetValue(timeout)),
            result.GetValue(workerPid), result.GetValue(bodyBytes), Console.Out, Console.Error, cancellation,
            result.GetValue(alerts), result.GetValue(progress), result.GetValue(brokerPid)));
        return command;
    }

    public static async Task<int> RunAsync(int count, double rate, bool baseline, TimeSpan timeout, int workerPid, int bodyBytes,
        TextWriter stdout, TextWriter stderr, CancellationToken cancellation, bool alerts = false, bool progress = false, int brokerPid = 0)
    {
        if (count <= 0 || rate < 0 || bodyBytes <= 0)
        {
            await stderr.WriteLineAsync("error: --count and --body-bytes must be positive and --rate not negative").ConfigureAwait(false);
            return ScoreCommand.ExitUsage;
        }

        var cpu = CpuClock.Of(("broker", brokerPid), ("worker", workerPid), ("loadtest", Environment.ProcessId));
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
        var pipeline = await PipelineAsync(factory, bodies, rate, timeout, alerts, progress ? stderr : null, cancellation).ConfigureAwait(false);
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

    private sealed class Measurement(int count)
    {
        public long[] Published { get; } = new long[count];

        public long[] Received { get; } = new long[count];

        public long First { get; set; }

        public double Rate { get; set; }

        public long[] Alerted { get; } = new long[count];

        public int Lost => Received.Count(r => r == 0);

        public int AlertedCount => Alerted.Count(r => r != 0);

        public double Percentile(double p) => PercentileOf(Received, p);

        public double AlertPercentile(double p) => PercentileOf(Alerted, p);

        private double PercentileOf(long[] at, double p)
        {
            var latencies = Published.Zip(at).Where(x => x.Second > 0).Select(x => Stopwatch.GetElapsedTime(x.First, x.Second).TotalMilliseconds).Order().ToArray();
            return latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        }
    }

    private static async Task<Measurement> PipelineAsync(ConnectionFactory factory, List<(string Id, byte[] Body)> bodies, double rate, TimeSpan timeout,
        bool alerts, TextWriter? progress, CancellationToken cancellation)
    {
        var index = bodies.Select((b, i) => (b.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var measurement = new Measurement(bodies.Count);
        await using var consumerConnection = await factory.CreateConnectionAsync(cancellation).ConfigureAwait(false);
        await using var consumerChannel = await consumerConnection.CreateChannelAsync(cancellationToken: cancellation).ConfigureAwait(false);
        var done = await RecordFirstArrivalsAsync(consumerChannel, Topology.ArticleScored, ExchangeType.Fanout, "",
            delivery => ArticleIdOf(delivery.Body.Span), index, measurement.Received, cancellation).ConfigureAwait(false);

        // Publish to alert: the article alerts, bound by routing key (alert.<severity>.article.<articleId>).
        var alertsDone = alerts
            ? await RecordFirstArrivalsAsync(consumerChannel, Topology.Alerts, ExchangeType.Topic, "alert.*.article.#",
                delivery => delivery.RoutingKey[(delivery.RoutingKey.IndexOf(".article.", StringComparison.Ordinal) + ".article.".Length)..],
                index, measurement.Alerted, cancellation).ConfigureAwait(false)
            : Task.CompletedTask;

        await using var publishConnection = await factory.CreateConnectionAsync(cancellation).ConfigureAwait(false);
        measurement.First = Stopwatch.GetTimestamp();
        using var reporter = progress is null ? null : new Timer(_ =>
        {
            var published = measurement.Published.Count(p => p != 0);
            var scored = measurement.Received.Count(r => r != 0);
            var seconds = Stopwatch.GetElapsedTime(measurement.First).TotalSeconds;
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"loadtest: {seconds:F0} s, published {published} of {bodies.Count}, scored {scored} ({scored / Math.Max(seconds, 1e-3):F0}/s){(alerts ? $", alerted {measurement.AlertedCount}" : "")}"));
        }, null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        await PublishAsync(publishConnection, Topology.Articles, "", bodies, rate, measurement.Published, cancellation).ConfigureAwait(false);
        await WaitAsync(done, timeout, cancellation).ConfigureAwait(false);
        await WaitAsync(alertsDone, TimeSpan.FromSeconds(30), cancellation).ConfigureAwait(false);

        var last = measurement.Received.Max();
        measurement.Rate = (bodies.Count - measurement.Lost) / Stopwatch.GetElapsedTime(measurement.First, last > 0 ? last : Stopwatch.GetTimestamp()).TotalSeconds;
        return measurement;
    }

    /// <summary>
    /// Binds a temporary queue to <paramref name="exchange"/> and records in <paramref name="arrivals"/> when the first
    /// message about each article of the run came (<paramref name="idOf"/> names its article); the task returned
    /// completes once every article has one.
    /// </summary>
    private static async Task<Task> RecordFirstArrivalsAsync(IChannel channel, string exchange, string exchangeType, string bindingKey,
        Func<BasicDeliverEventArgs, string?> idOf, Dictionary<string, int> index, long[] arrivals, CancellationToken cancellation)
    {
        var remaining = arrivals.Length;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await channel.ExchangeDeclareAsync(exchange, exchangeType, durable: true, cancellationToken: cancellation).ConfigureAwait(false);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellation).ConfigureAwait(false)).QueueName;
        await channel.QueueBindAsync(queue, exchange, bindingKey, cancellationToken: cancellation).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var now = Stopwatch.GetTimestamp();
            if (idOf(delivery) is { } id && index.TryGetValue(id, out var i)
                && Interlocked.CompareExchange(ref arrivals[i], now, 0) == 0
                && Interlocked.Decrement(ref remaining) == 0)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer, cancellation).ConfigureAwait(false);
        return done.Task;
    }

    private static async Task<double> BaselineAsync(ConnectionFactory factory, List<(string Id, byte[] Body)> bodies, double rate, TimeSpan timeout, CancellationToken cancellation)
    {
        var remaining = bodies.Count;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long last = 0;
        await using var consumerConnection = await factory.CreateConnectionAsync(cancellation).ConfigureAwait(false);
        await using var channel = await consumerConnection.CreateChannelAsync(cancellationToken: cancellation).ConfigureAwait(false);
        // The same guarantee as the articles queue: a durable quorum queue of persistent messages, acknowledged
        // one by one after receipt. Deleted at the end.
        var queue = $"loadtest-baseline-{Guid.NewGuid():N}";
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellation).ConfigureAwait(false);
        await channel.BasicQosAsync(0, 64, false, cancellation).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await channel.BasicAckAsync(delivery.DeliveryTag, false).ConfigureAwait(false);
            if (Interlocked.Decrement(ref remaining) == 0)
            {
                last = Stopwatch.GetTimestamp();
                done.TrySetResult();
            }
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellation).ConfigureAwait(false);

        await using var publishConnection = await factory.CreateConnectionAsync(cancellation).ConfigureAwait(false);
        var first = Stopwatch.GetTimestamp();
        await PublishAsync(publishConnection, "", queue, bodies, rate, new long[bodies.Count], cancellation).ConfigureAwait(false);
        await WaitAsync(done.Task, timeout, cancellation).ConfigureAwait(false);
        await channel.QueueDeleteAsync(queue, cancellationToken: cancellation).ConfigureAwait(false);
        return bodies.Count / Stopwatch.GetElapsedTime(first, last > 0 ? last : Stopwatch.GetTimestamp()).TotalSeconds;
    }

    /// <summary>Publishes persistent plain JSON with publisher confirms, a window of confirms outstanding, paced if asked.</summary>
    private static async Task PublishAsync(IConnection connection, string exchange, string routingKey, List<(string Id, byte[] Body)> bodies,
        double rate, long[] publishedAt, CancellationToken cancellation)
    {
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellation).ConfigureAwait(false);
        var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
        var pending = new Queue<Task>();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < bodies.Count; i++)
        {
            if (rate > 0)
            {
                var due = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(due, cancellation).ConfigureAwait(false);
                }
            }

            publishedAt[i] = Stopwatch.GetTimestamp();
            pending.Enqueue(channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, bodies[i].Body, cancellation).AsTask());
            if (pending.Count >= 256)
            {
                await pending.Dequeue().ConfigureAwait(false);
            }
        }

        while (pending.Count > 0)
        {
            await pending.Dequeue().ConfigureAwait(false);
        }
    }

    private static async Task WaitAsync(Task task, TimeSpan timeout, CancellationToken cancellation)
    {
        try
        {
            await task.WaitAsync(timeout, cancellation).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Reported as lost.
        }
    }

    private static string? ArticleIdOf(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("articleId"u8))
            {
                reader.Read();
                return reader.GetString();
            }
        }

        return null;
    }

    /// <summary>
    /// Samples a process's resident memory (VmRSS) every 100 ms and keeps the peak, and every 10 s a sample for the
    /// run's trend (a soak run shows whether the working set grows).
    /// </summary>
    private sealed class PeakMemory : IDisposable
    {
        private readonly Timer timer;
        private readonly Timer trend;
        private readonly int pid;
        private readonly ConcurrentQueue<double> samples = new();
        private long peakKb;
        private long lastKb;

        public PeakMemory(int pid)
        {
            this.pid = pid;
            timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
            trend = new Timer(_ => samples.Enqueue(Interlocked.Read(ref lastKb) / 1024.0), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        }

        /// <summary>The working set every 10 s, in MB.</summary>
        public IReadOnlyList<double> Samples => [.. samples];

        public double PeakMegabytes
        {
            get
            {
                Sample();
                return Interlocked.Read(ref peakKb) / 1024.0;
            }
        }

        public void Dispose()
        {
            timer.Dispose();
            trend.Dispose();
        }

        private void Sample()
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal)
                        && long.TryParse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture, out var kb))
                    {
                        Interlocked.Exchange(ref lastKb, kb);
                        long seen;
                        while (kb > (seen = Interlocked.Read(ref peakKb)) && Interlocked.CompareExchange(ref peakKb, kb, seen) != seen)
                        {
                        }
                    }
                }
            }
            catch (IOException)
            {
                // The process has gone; keep the peak seen.
            }
        }
    }
}
