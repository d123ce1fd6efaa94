using System.Diagnostics.Metrics;
using EscalationRisk.ServiceDefaults;

namespace EscalationRisk.Messaging;

/// <summary>
/// The messaging instruments, in the project's meter: on the Prometheus endpoint
/// <c>escalationrisk_messages_error_queued_total</c>.
/// </summary>
public static class MessagingMetrics
{
    /// <summary>Messages refused as invalid and sent to an error queue, by <c>queue</c>.</summary>
    public static Counter<long> ErrorQueued { get; } = Telemetry.Meter.CreateCounter<long>(
        "escalationrisk.messages.error_queued", "{message}", "Messages refused as invalid and sent to the error queue.");
}
