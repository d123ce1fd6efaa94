using System.Net.Mime;
using System.Text.Json;
using EscalationRisk.Contracts;
using MassTransit;

namespace EscalationRisk.Messaging;

/// <summary>The deserializer of <see cref="ScoredSerializerFactory"/>.</summary>
/// <remarks>
/// A plain-JSON message is read once, straight from its bytes, by the contracts' generated metadata
/// (<see cref="ContractJson.ReadScored"/>), and that object is the consumer's message; MassTransit's raw reader parsed
/// the body into a document first and then deserialized the document with its own options. Bytes that are not a
/// scored article (invalid JSON, a required member missing) fail deserialization, so the message goes to the
/// endpoint's error queue (<paramref name="errorQueue"/>, counted in <see cref="MessagingMetrics.ErrorQueued"/>)
/// without being retried, as invalid JSON did before. A MassTransit envelope is read by MassTransit's own reader.
/// </remarks>
internal sealed class ScoredDeserializer(IMessageDeserializer inner, RawSerializerOptions rawOptions, string errorQueue) : IMessageDeserializer
{
    public ContentType ContentType => inner.ContentType;

    public void Probe(ProbeContext context) => inner.Probe(context);

    public ConsumeContext Deserialize(ReceiveContext receiveContext)
    {
        ArgumentNullException.ThrowIfNull(receiveContext);
        if (ArticleDeserializer.IsEnvelope(receiveContext))
        {
            return inner.Deserialize(receiveContext);
        }

        ArticleScored scored;
        try
        {
            scored = ContractJson.ReadScored(receiveContext.Body.GetBytes());
        }
        catch (JsonException ex)
        {
            throw ReadMessageSerializerContext.Refused(errorQueue, "not a scored article: " + ex.Message);
        }

        return ReadMessageSerializerContext.For(receiveContext, scored, ContentType, rawOptions);
    }

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null) =>
        inner.Deserialize(body, headers, destinationAddress);

    public MessageBody GetMessageBody(string text) => inner.GetMessageBody(text);
}
