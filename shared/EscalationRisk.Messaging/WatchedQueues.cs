namespace EscalationRisk.Messaging;

/// <summary>The durable queues this process consumes, which the consumption watchdog checks.</summary>
internal sealed record WatchedQueues(IReadOnlyList<string> Names);
