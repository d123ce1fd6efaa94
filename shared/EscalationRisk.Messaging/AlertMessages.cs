using MassTransit;

namespace EscalationRisk.Messaging;

/// <summary>Publishing alerts with message ids that tell a redelivery from a new message.</summary>
public static class AlertMessages
{
    /// <summary>
    /// The message id of an alert decision: derived from its <c>alertId</c>, status, <c>startsAt</c> and the
    /// decision's outbox sequence number. A redelivery of the same decision (sent again after a crash, by this process
    /// or a standby) has the same id; a repeat of a firing alert, or the next episode, has another.
    /// </summary>
    public static Guid MessageId(EscalationRisk.Contracts.EscalationAlert alert, long decision)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return DeterministicId.For(
            "escalation-alert", alert.AlertId, alert.Status.ToString(), alert.StartsAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            decision.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Publishes an alert decision with its <see cref="MessageId"/>.</summary>
    public static Task PublishAlert(this IPublishEndpoint publisher, EscalationRisk.Contracts.EscalationAlert alert, long decision, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        var id = MessageId(alert, decision);
        return publisher.Publish(alert, context => context.MessageId = id, cancellation);
    }
}
