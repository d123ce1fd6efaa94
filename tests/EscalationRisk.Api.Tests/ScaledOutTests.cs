using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EscalationRisk.Contracts;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

using EscalationRisk.Testing;

namespace EscalationRisk.Api.Tests;

/// <summary>
/// The scaled-out deployment on the real broker: the Api only publishes and queries, the scoring and alert workers
/// run as their own processes, the Api and the alert worker share the store. In a vhost of its own (the test command
/// makes it), so the messaging tests running beside it keep their queues.
/// </summary>
public sealed class ScaledOutTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("er-scaled-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Dictionary<string, string> Broker() => new()
    {
        ["Messaging:Transport"] = "RabbitMQ",
        ["RabbitMqTransport:Host"] = "127.0.0.1",
        ["RabbitMqTransport:Port"] = Environment.GetEnvironmentVariable("ER_RABBIT_PORT") ?? "5679",
        ["RabbitMqTransport:VHost"] = VHost,
        ["RabbitMqTransport:User"] = "guest",
        ["RabbitMqTransport:Pass"] = "guest",
    };

    private static string VHost => Environment.GetEnvironmentVariable("ER_RABBIT_API_VHOST") ?? "api-tests";

    [Fact]
    public async Task A_rule_changed_through_the_api_is_used_by_the_alert_worker_and_its_alerts_reach_subscribers()
    {
        var store = new Dictionary<string, string>(Broker()) { ["ConnectionStrings:Alerts"] = $"Data Source={Path.Combine(_folder, "alerts.db")}" };
        await using var scoring = await ApiProcess.StartServiceAsync("EscalationRisk.ScoringWorker", Broker());
        await using var alerting = await ApiProcess.StartServiceAsync("EscalationRisk.AlertWorker", store);
        await using var api = await ApiProcess.StartAsync(store);
        using var alerts = await Subscriber.StartAsync("alert.#");

        // A rule that only this test's article can reach, made through the API while the workers run.
        using (var put = await api.Authorized.PutAsync(new Uri("api/rules/scaled-lbn", UriKind.Relative), new StringContent(
            """{"scope": "country", "key": "LBN", "threshold": 30, "clearThreshold": 10, "for": "00:00:00", "severity": "warning", "repeatInterval": "01:00:00"}""",
            Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var id = $"scaled-{Guid.NewGuid():N}";
        using (var post = await api.Authorized.PostAsync(new Uri("api/articles", UriKind.Relative), new StringContent(
            $$"""{"articleId": "{{id}}", "body": "شنّت طائرات حربية إسرائيلية غارات على مواقع لحزب الله في جنوب لبنان، ما أسفر عن مقتل ثلاثة عناصر."}""",
            Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        }

        // Only the alert worker consumes scored articles: these alerts were decided there, with the API's rule.
        var received = await ApiProcess.EventuallyAsync(() => Task.FromResult(
            alerts.Received.Any(r => r.Alert.Rule == "scaled-lbn") && alerts.Received.Any(r => r.Alert.Scope.Key == id) ? alerts.Received.ToList() : null),
            "the alerts of the API's rule and of the article", 60);
        var lebanon = received.First(r => r.Alert.Rule == "scaled-lbn");
        Assert.Equal("alert.warning.country.LBN", lebanon.RoutingKey);
        Assert.Equal(AlertStatus.Firing, lebanon.Alert.Status);
        Assert.Equal($"alert.critical.article.{id}", received.First(r => r.Alert.Scope.Key == id).RoutingKey);

        // The Api reads the shared store: the same alerts and the index.
        var listed = JsonNode.Parse(await api.Client.GetStringAsync(new Uri("api/alerts?status=firing&kind=country&key=LBN", UriKind.Relative)))!.AsArray();
        Assert.Contains(listed, a => a!["rule"]!.GetValue<string>() == "scaled-lbn");
        var risk = JsonNode.Parse(await api.Client.GetStringAsync(new Uri("api/risk?kind=country&key=LBN", UriKind.Relative)))!.AsArray();
        Assert.True(risk.Single()!["value"]!.GetValue<double>() >= 30);

        // Another replica on the same store answers the same queries, texts included; so does the first one once
        // restarted: no replica keeps anything of its own.
        var queries = new[]
        {
            $"api/alerts/{received.First(r => r.Alert.Scope.Key == id).Alert.AlertId}",
            $"api/articles/{id}",
            "api/articles?kind=country&key=LBN",
            $"api/alerts?kind=article&key={id}",
            "api/rules",
            "api/silences",
        };
        var before = new List<string>();
        foreach (var query in queries)
        {
            before.Add(await api.Client.GetStringAsync(new Uri(query, UriKind.Relative)));
        }

        Assert.Contains("غارات على مواقع لحزب الله", before[0], StringComparison.Ordinal);
        Assert.Contains("غارات على مواقع لحزب الله", before[1], StringComparison.Ordinal);
        Assert.Contains(id, before[2], StringComparison.Ordinal);
        Assert.DoesNotContain("escalationrisk_risk_index{", await api.Client.GetStringAsync(new Uri("metrics", UriKind.Relative)), StringComparison.Ordinal);
        await using (var replica = await ApiProcess.StartAsync(store))
        {
            foreach (var (query, expected) in queries.Zip(before))
            {
                Assert.Equal(expected, await replica.Client.GetStringAsync(new Uri(query, UriKind.Relative)));
            }
        }

        await api.DisposeAsync();
        await using (var restarted = await ApiProcess.StartAsync(store))
        {
            foreach (var (query, expected) in queries.Zip(before))
            {
                Assert.Equal(expected, await restarted.Client.GetStringAsync(new Uri(query, UriKind.Relative)));
            }
        }

        // A poison message published straight to the queue goes to the error queue, and the scoring worker counts it.
        await alerts.PublishRawAsync("articles", "{\"articleId\": 7}");
        await ApiProcess.EventuallyAsync(async () =>
        {
            var metrics = await scoring.Client.GetStringAsync(new Uri("metrics", UriKind.Relative));
            return metrics.Contains("escalationrisk_messages_error_queued_total{otel_scope_name=\"EscalationRisk\",queue=\"articles_error\"} 1", StringComparison.Ordinal) ? metrics : null;
        }, "the error-queue counter on the scoring worker");

        // The gauges come from the process that runs the alerting, not from the Api.
        Assert.Contains("escalationrisk_risk_index{", await alerting.Client.GetStringAsync(new Uri("metrics", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("escalationrisk_articles_scored_total{", await scoring.Client.GetStringAsync(new Uri("metrics", UriKind.Relative)), StringComparison.Ordinal);
    }

    private sealed record Delivery(string RoutingKey, EscalationAlert Alert);

    /// <summary>A plain AMQP subscriber on the test vhost's <c>alerts</c> exchange.</summary>
    private sealed class Subscriber(IConnection connection, IChannel channel) : IDisposable
    {
        public ConcurrentQueue<Delivery> Received { get; } = new();

        public static async Task<Subscriber> StartAsync(string bindingKey)
        {
            var factory = new ConnectionFactory
            {
                HostName = "127.0.0.1",
                Port = int.Parse(Environment.GetEnvironmentVariable("ER_RABBIT_PORT") ?? "5679", System.Globalization.CultureInfo.InvariantCulture),
                VirtualHost = VHost,
                UserName = "guest",
                Password = "guest",
            };
            var connection = await factory.CreateConnectionAsync();
            var channel = await connection.CreateChannelAsync();
            await channel.ExchangeDeclareAsync("alerts", ExchangeType.Topic, durable: true);
            var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
            await channel.QueueBindAsync(queue, "alerts", bindingKey);
            var subscriber = new Subscriber(connection, channel);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) =>
            {
                subscriber.Received.Enqueue(new Delivery(delivery.RoutingKey, JsonSerializer.Deserialize<EscalationAlert>(delivery.Body.Span, ContractJson.Options)!));
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
            return subscriber;
        }

        /// <summary>Publishes a body as plain JSON to an exchange, as any AMQP client would.</summary>
        public async Task PublishRawAsync(string exchange, string json) =>
            await channel.BasicPublishAsync(exchange, "", mandatory: false, new BasicProperties { ContentType = "application/json" }, Encoding.UTF8.GetBytes(json));

        public void Dispose()
        {
            channel.Dispose();
            connection.Dispose();
        }
    }
}
