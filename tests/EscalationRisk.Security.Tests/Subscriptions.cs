using System.Collections.Concurrent;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace EscalationRisk.Security.Tests;

/// <summary>A plain AMQP subscriber, as a monitoring system would be: a temporary queue bound to an exchange.</summary>
internal static class Subscriptions
{
    /// <summary>
    /// Declares <paramref name="exchange"/> as the services do (durable, of <paramref name="type"/>), binds a temporary
    /// queue to it with <paramref name="bindingKey"/> on <paramref name="channel"/>, and collects each body as text.
    /// </summary>
    public static async Task<ConcurrentQueue<string>> SubscribeAsync(IChannel channel, string exchange, string type, string bindingKey)
    {
        var received = new ConcurrentQueue<string>();
        await channel.ExchangeDeclareAsync(exchange, type, durable: true);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, bindingKey);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            received.Enqueue(Encoding.UTF8.GetString(delivery.Body.Span));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return received;
    }
}
