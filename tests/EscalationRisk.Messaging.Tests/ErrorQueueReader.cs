using System.Collections.Concurrent;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace EscalationRisk.Messaging.Tests;

/// <summary>
/// Reads an error queue (<c>articles_error</c> unless told) as an operator's tool would: each message with its reason. Messages other tests left
/// there are requeued untouched; only the bodies a test asks about are taken.
/// </summary>
internal sealed class ErrorQueueReader(IConnection connection, IChannel channel, string queue) : BrokerClient(connection, channel)
{
    private readonly ConcurrentQueue<(byte[] Body, string Reason)> _seen = new();

    public static async Task<ErrorQueueReader> StartAsync(string queue = Topology.ArticlesError)
    {
        var connection = await Broker.ConnectAsync();
        var channel = await connection.CreateChannelAsync();
        var reader = new ErrorQueueReader(connection, channel, queue);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            reader._seen.Enqueue((delivery.Body.ToArray(), ReasonOf(delivery.BasicProperties)));
            await channel.BasicAckAsync(delivery.DeliveryTag, false);
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
        return reader;
    }

    /// <summary>The reason of each body, in order, once all have arrived.</summary>
    public async Task<IReadOnlyList<string>> WaitForAsync(IReadOnlyList<byte[]> bodies, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var snapshot = _seen.ToArray();
            var reasons = bodies.Select(b => snapshot.FirstOrDefault(s => s.Body.SequenceEqual(b)).Reason).ToList();
            if (reasons.All(r => r is not null))
            {
                return reasons!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"only {reasons.Count(r => r is not null)} of {bodies.Count} reached {queue}");
            await Task.Delay(50);
        }
    }

    /// <summary>Every body taken from the error queue so far, with its reason.</summary>
    public IReadOnlyList<(byte[] Body, string Reason)> Seen => _seen.ToArray();

    public int MatchingDeliveries(IEnumerable<byte[]> bodies)
    {
        var snapshot = _seen.ToArray();
        return bodies.Sum(b => snapshot.Count(s => s.Body.SequenceEqual(b)));
    }

    /// <summary>MassTransit's fault headers name the exception's message; the broker's x-death says "delivery limit".</summary>
    private static string ReasonOf(IReadOnlyBasicProperties properties)
    {
        var headers = properties.Headers;
        if (headers is null)
        {
            return "";
        }

        if (headers.TryGetValue("MT-Fault-Message", out var message) && message is byte[] bytes)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        return headers.ContainsKey("x-death") || headers.ContainsKey("x-first-death-reason") ? "dead-lettered: delivery limit" : "";
    }

}
