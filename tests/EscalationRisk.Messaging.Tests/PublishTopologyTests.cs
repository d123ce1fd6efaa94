using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace EscalationRisk.Messaging.Tests;

/// <summary>
/// The workers declare the exchanges they publish to when they start (issue 17): on a broker that has never seen a
/// message, a subscriber binds to <c>article-scored</c> and <c>alerts</c> before the first article is published, and
/// receives the first results.
/// </summary>
[Collection("broker")]
public sealed class PublishTopologyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("er-topology-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_subscriber_binds_to_each_published_exchange_before_any_article_and_receives_the_first_results()
    {
        // A virtual host of its own: nothing in it was ever published or declared.
        var vhost = $"topology-{Guid.NewGuid():N}";
        await AddVhostAsync(vhost);
        var settings = Broker.WorkerSettings();
        settings["RabbitMqTransport:VHost"] = vhost;
        settings["ConnectionStrings:Alerts"] = $"Data Source={Path.Combine(_folder, "alerts.db")}";

        var factory = Broker.Factory();
        factory.VirtualHost = vhost;
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await Assert.ThrowsAnyAsync<RabbitMQ.Client.Exceptions.OperationInterruptedException>(() => ProbeAsync(connection, "article-scored"));

        using var scoring = WorkerProcess.Start(settings);
        using var alerting = WorkerProcess.Start(settings, WorkerProcess.AlertWorkerDll);
        await scoring.WaitForLogAsync("Bus started", TimeSpan.FromSeconds(60));
        await alerting.WaitForLogAsync("Bus started", TimeSpan.FromSeconds(60));

        // Both exchanges exist before anything was published: a passive declare fails on a missing exchange.
        await ProbeAsync(connection, "article-scored");
        await ProbeAsync(connection, "alerts");

        var received = new ConcurrentDictionary<string, string>();
        foreach (var (exchange, key) in new[] { ("article-scored", ""), ("alerts", "alert.#") })
        {
            var queue = (await channel.QueueDeclareAsync($"topology-{exchange}", durable: false, exclusive: true, autoDelete: true)).QueueName;
            await channel.QueueBindAsync(queue, exchange, key);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) =>
            {
                received.TryAdd(exchange, Encoding.UTF8.GetString(delivery.Body.Span));
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        }

        var article = JsonSerializer.SerializeToUtf8Bytes(new
        {
            articleId = "topology-1",
            body = "Israeli warplanes struck Hezbollah positions in southern Lebanon overnight, killing three fighters, the army said.",
        });
        await channel.BasicPublishAsync("articles", "", mandatory: true, new BasicProperties { ContentType = "application/json", Persistent = true }, article);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (received.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(received.ContainsKey("article-scored"), $"no scored article; {scoring.Output}");
        Assert.Contains("\"articleId\":\"topology-1\"", received["article-scored"], StringComparison.Ordinal);
        Assert.True(received.ContainsKey("alerts"), $"no alert; {alerting.Output}");
        Assert.Contains("topology-1", received["alerts"], StringComparison.Ordinal);
    }

    private static async Task ProbeAsync(IConnection connection, string exchange)
    {
        // On its own channel: a failed passive declare closes the channel.
        await using var probe = await connection.CreateChannelAsync();
        await probe.ExchangeDeclarePassiveAsync(exchange);
    }

    private static Task<string> AddVhostAsync(string vhost) => Broker.RunScriptAsync("rabbitmq.sh", "add-vhost", null, vhost);
}
