using MassTransit;

namespace EscalationRisk.Messaging;

/// <summary>Facts about a received message that do not change when it is delivered again.</summary>
public static class ConsumeContextExtensions
{
    /// <summary>
    /// When the publisher sent the message: MassTransit's <c>sentTime</c>, else the AMQP <c>timestamp</c> property
    /// (whole seconds) a plain client may set, else <c>null</c>. Never the time of this delivery.
    /// </summary>
    public static DateTimeOffset? PublisherTimestamp(this ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.SentTime is { } sent)
        {
            return new DateTimeOffset(DateTime.SpecifyKind(sent, DateTimeKind.Utc));
        }

        if (context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit)
            && rabbit.Properties.IsTimestampPresent()
            && rabbit.Properties.Timestamp.UnixTime > 0)
        {
            return DateTimeOffset.FromUnixTimeSeconds(rabbit.Properties.Timestamp.UnixTime);
        }

        return null;
    }
}
