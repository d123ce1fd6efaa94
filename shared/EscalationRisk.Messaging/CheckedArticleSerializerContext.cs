using System.Diagnostics.CodeAnalysis;
using System.Net.Mime;
using System.Text.Json;
using EscalationRisk.Contracts;
using MassTransit;
using MassTransit.Serialization;

namespace EscalationRisk.Messaging;

/// <summary>
/// A plain-JSON article as <see cref="ArticleDeserializer"/> read it: the consumer's message is the article the
/// checks passed, not a second reading of the same bytes. Anything else asked of it (another message type, a copy to
/// forward) is answered from that article, as MassTransit's raw JSON context answers from its parsed body.
/// </summary>
internal sealed class CheckedArticleSerializerContext(
    ArticleSubmitted article, ContentType contentType, MessageContext messageContext, string[] messageTypes, RawSerializerOptions rawOptions)
    : SystemTextJsonSerializerContext(SystemTextJsonMessageSerializer.Instance, SystemTextJsonMessageSerializer.Options, contentType, messageContext, messageTypes, message: article)
{
    private JsonElement? _element;

    public override bool IsSupportedMessageType<T>() => IsSupportedMessageType(typeof(T));

    public override bool IsSupportedMessageType(Type messageType)
    {
        if (rawOptions.HasFlag(RawSerializerOptions.AnyMessageType) || SupportedMessageTypes.Length == 0)
        {
            return true;
        }

        var urn = MessageUrn.ForTypeString(messageType);
        return SupportedMessageTypes.Any(x => urn.Equals(x, StringComparison.OrdinalIgnoreCase));
    }

    public override bool TryGetMessage<T>([NotNullWhen(true)] out T? message)
        where T : class
    {
        if (article is T same)
        {
            message = same;
            return true;
        }

        if (IsSupportedMessageType<T>())
        {
            message = Element.Deserialize<T>(Options);
            return message is not null;
        }

        message = null;
        return false;
    }

    public override bool TryGetMessage(Type messageType, [NotNullWhen(true)] out object? message)
    {
        ArgumentNullException.ThrowIfNull(messageType);
        message = messageType.IsInstanceOfType(article) ? article : Element.Deserialize(messageType, Options);
        return message is not null;
    }

    public override IMessageSerializer GetMessageSerializer() => new SystemTextJsonBodyMessageSerializer(article, ContentType, Options, rawOptions);

    public override IMessageSerializer GetMessageSerializer(object message, string[] messageTypes)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new SystemTextJsonBodyMessageSerializer(message, ContentType, Options, rawOptions);
    }

    public override IMessageSerializer GetMessageSerializer<T>(MessageEnvelope envelope, T message)
    {
        var serializer = new SystemTextJsonBodyMessageSerializer(envelope, ContentType, Options, rawOptions);
        serializer.Overlay(message);
        return serializer;
    }

    /// <summary>The article as a JSON element, made only when something other than the article itself is asked for.</summary>
    private JsonElement Element => _element ??= JsonSerializer.SerializeToElement(article, Options);
}
