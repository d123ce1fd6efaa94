using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EscalationRisk.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace EscalationRisk.Cli;

// Publishing the articles and timing their arrivals: through the pipeline, and the raw RabbitMQ.Client baseline.
internal static partial class LoadTestCommand
{
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
        bool alerts, TextWriter? progress, LoadTestApi? api, CancellationToken cancellation)
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
        if (api is null)
        {
            await PublishAsync(publishConnection, Topology.Articles, "", bodies, rate, measurement.Published, cancellation).ConfigureAwait(false);
        }
        else if (await PostAsync(api, bodies, rate, measurement.Published, cancellation).ConfigureAwait(false) is (> 0 and var refused, var why))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"the Api at {api.Address} refused {refused} of {bodies.Count} articles; the first: {why}"));
        }
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
        await SendPacedAsync(bodies.Count, rate, 256, publishedAt,
            i => channel.BasicPublishAsync(exchange, routingKey, mandatory: false, properties, bodies[i].Body, cancellation).AsTask(), cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts <paramref name="send"/> for items 0 to <paramref name="count"/> − 1 in order, each at <c>i / rate</c>
    /// seconds from the start when <paramref name="rate"/> is positive (else at once), recording in
    /// <paramref name="sentAt"/> when each started, with at most <paramref name="window"/> unfinished; returns once all
    /// have finished.
    /// </summary>
    private static async Task SendPacedAsync(int count, double rate, int window, long[] sentAt, Func<int, Task> send, CancellationToken cancellation)
    {
        var pending = new Queue<Task>();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            if (rate > 0)
            {
                var due = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(due, cancellation).ConfigureAwait(false);
                }
            }

            sentAt[i] = Stopwatch.GetTimestamp();
            pending.Enqueue(send(i));
            if (pending.Count >= window)
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
}
