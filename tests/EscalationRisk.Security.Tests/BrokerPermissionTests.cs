using System.Globalization;
using System.Net;
using System.Text;
using EscalationRisk.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace EscalationRisk.Security.Tests;

/// <summary>
/// Least privilege on the broker (issue 18): each service runs as its own RabbitMQ user, permitted only what
/// <c>k8s/base/broker-permissions.tsv</c> allows (set up by <c>scripts/rabbitmq.sh add-service-users</c> on a vhost of
/// these tests). The whole system works under those users, and each user is refused what it must never do.
/// </summary>
public sealed class BrokerPermissionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("er-least-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string VHost => Environment.GetEnvironmentVariable("ER_RABBIT_LEAST_VHOST") ?? "least-privilege";

    private static string Password => Environment.GetEnvironmentVariable("ER_RABBIT_SERVICE_PASSWORD") ?? "er-test-only";

    private static int Port => int.Parse(Environment.GetEnvironmentVariable("ER_RABBIT_PORT") ?? "5679", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> As(string user) => new()
    {
        ["Messaging:Transport"] = "RabbitMQ",
        ["RabbitMqTransport:Host"] = "127.0.0.1",
        ["RabbitMqTransport:Port"] = Port.ToString(CultureInfo.InvariantCulture),
        ["RabbitMqTransport:VHost"] = VHost,
        ["RabbitMqTransport:User"] = user,
        ["RabbitMqTransport:Pass"] = Password,
    };

    [Fact]
    public async Task Every_service_works_as_its_own_user_and_each_user_is_refused_what_it_must_never_do()
    {
        var store = $"Data Source={Path.Combine(_folder, "alerts.db")}";
        await using var scoring = await ApiProcess.StartServiceAsync("EscalationRisk.ScoringWorker", As("scoring-worker"));
        await using var alerting = await ApiProcess.StartServiceAsync("EscalationRisk.AlertWorker", new(As("alert-worker")) { ["ConnectionStrings:Alerts"] = store });
        await using var api = await ApiProcess.StartAsync(new(As("api")) { ["ConnectionStrings:Alerts"] = store });
        await using var subscriber = await Connect("guest", "guest");
        var alerts = await Subscriptions.SubscribeAsync(await subscriber.CreateChannelAsync(), "alerts", ExchangeType.Topic, "alert.#");

        // An article through the Api reaches an alert: publish (api), score (scoring-worker), alert (alert-worker).
        var id = $"least-{Guid.NewGuid():N}";
        using (var post = await api.Authorized.PostAsync(new Uri("api/articles", UriKind.Relative), new StringContent(
            $$"""{"articleId": "{{id}}", "body": "Warplanes struck militia positions near the border overnight, killing twelve fighters, the army said."}""",
            Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        }

        await ApiProcess.EventuallyAsync(() => Task.FromResult(alerts.Any(a => a.Contains(id, StringComparison.Ordinal)) ? "yes" : null), "the article's alert", 60);

        // A poison message still reaches the error queue under the scoring worker's user.
        await using (var channel = await subscriber.CreateChannelAsync())
        {
            var before = (await channel.QueueDeclarePassiveAsync("articles_error")).MessageCount;
            await channel.BasicPublishAsync("articles", "", mandatory: false, new BasicProperties { ContentType = "application/json" }, Encoding.UTF8.GetBytes("{\"articleId\": 7}"));
            await ApiProcess.EventuallyAsync(async () => (await channel.QueueDeclarePassiveAsync("articles_error")).MessageCount > before ? "yes" : null, "the poison message in articles_error");
        }

        // The refusals: each a 403 ACCESS_REFUSED from the broker.
        await using var scoringUser = await Connect("scoring-worker", Password);
        await AssertRefusedAsync(scoringUser, channel => channel.BasicPublishAsync("alerts", "alert.critical.dyad.X", mandatory: false, new BasicProperties(), "{}"u8.ToArray()).AsTask(), "the scoring worker publishing to alerts");
        await AssertRefusedAsync(scoringUser, channel => channel.BasicConsumeAsync("alert-worker", autoAck: false, new AsyncEventingBasicConsumer(channel)), "the scoring worker consuming alert-worker");

        await using var apiUser = await Connect("api", Password);
        await AssertRefusedAsync(apiUser, channel => channel.BasicConsumeAsync("articles", autoAck: false, new AsyncEventingBasicConsumer(channel)), "the Api consuming articles");
        await AssertRefusedAsync(apiUser, channel => channel.BasicPublishAsync("alerts", "alert.x", mandatory: false, new BasicProperties(), "{}"u8.ToArray()).AsTask(), "the Api publishing to alerts");
        await AssertRefusedAsync(apiUser, channel => channel.QueueDeclareAsync("api-made-queue", durable: false, exclusive: false, autoDelete: true), "the Api declaring a queue");

        await using var alertUser = await Connect("alert-worker", Password);
        await AssertRefusedAsync(alertUser, channel => channel.BasicPublishAsync("articles", "", mandatory: false, new BasicProperties(), "{}"u8.ToArray()).AsTask(), "the alert worker publishing to articles");
        await AssertRefusedAsync(alertUser, channel => channel.BasicConsumeAsync("articles", autoAck: false, new AsyncEventingBasicConsumer(channel)), "the alert worker consuming articles");
    }

    private static async Task<IConnection> Connect(string user, string password) =>
        await new ConnectionFactory { HostName = "127.0.0.1", Port = Port, VirtualHost = VHost, UserName = user, Password = password }.CreateConnectionAsync();

    /// <summary>
    /// Runs <paramref name="action"/> on a fresh channel with publisher confirms (so a refused publish is seen) and
    /// expects the broker to close the channel with 403.
    /// </summary>
    private static async Task AssertRefusedAsync(IConnection connection, Func<IChannel, Task> action, string what)
    {
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        try
        {
            await action(channel);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (channel.IsOpen && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
        catch (Exception ex) when (ex is OperationInterruptedException or AlreadyClosedException or PublishException)
        {
            // Refused: the close reason says how.
        }

        Assert.False(channel.IsOpen, $"{what} was allowed");
        Assert.Equal(403, channel.CloseReason?.ReplyCode ?? 0);
        await channel.DisposeAsync();
    }
}
