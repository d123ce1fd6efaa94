namespace EscalationRisk.Messaging;

/// <summary>Which bus carries the messages.</summary>
public enum MessagingTransport
{
    /// <summary>MassTransit's in-memory transport: one process, no broker (the embedded default).</summary>
    InMemory,

    /// <summary>RabbitMQ, configured through MassTransit's <c>RabbitMqTransportOptions</c> (section <c>RabbitMqTransport</c>).</summary>
    RabbitMQ,
}
