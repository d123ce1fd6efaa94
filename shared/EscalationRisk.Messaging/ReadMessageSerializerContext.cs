using System.Diagnostics.CodeAnalysis;
using System.Net.Mime;
using System.Runtime.Serialization;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;

namespace EscalationRisk.Messaging;

/// <summary>
/// A plain-JSON message as the endpoint's own deserializer read it (<see cref="ArticleDeserializer"/> an article it
/// checked, <see cref="ScoredDeserializer"/> a scored article read by the contracts' generated metadata): the
/// consumer's message is the object read, not a second reading of the same bytes. Anything else asked of it (another
/// message type, a copy to forward) is answered from that object, as MassTransit's raw JSON context answers from its
/// parsed body.
/// </summary>
internal sealed class ReadMessageSerializerContext : SystemTextJsonSerializerContext
{
    private readonly object _read;
    private readonly RawSerializerOptions _rawOptions;
    private JsonElement? _element;

    /// <summary>The context of a message read as <paramref name="read"/>.</summary>
    public ReadMessageSerializerContext(object read, ContentType contentType, MessageContext messageContext, string[] messageTypes, RawSerializerOptions rawOptions)
        : base(SystemTextJsonMessageSerializer.Instance, SystemTextJsonMessageSerializer.Options, contentType, messageContext, messageTypes, message: read)
    {
        _read = read;
        _rawOptions = rawOptions;
    }

    /// <summary>The consume context of a plain-JSON message an endpoint's deserializer has read as <paramref name="read"/>.</summary>
    public static ConsumeContext For(ReceiveContext receive, object read, ContentType contentType, RawSerializerOptions rawOptions)
    {
        var headers = receive.TransportHeaders;
        var messageContext = new RawMessageContext(headers, receive.InputAddress, rawOptions);
        return new BodyConsumeContext(receive, new ReadMessageSerializerContext(read, contentType, messageContext, headers.GetMessageTypes(), rawOptions));
    }

    /// <summary>
    /// A message an endpoint's deserializer refuses: counted as sent to <paramref name="errorQueue"/>
    /// (<see cref="MessagingMetrics.ErrorQueued"/>), and the exception to throw, with no inner exception, since MassTransit
    /// reports the innermost exception's message as the fault's reason.
    /// </summary>
    public static SerializationException Refused(string errorQueue, string reason)
    {
        MessagingMetrics.ErrorQueued.Add(1, new KeyValuePair<string, object?>("queue", errorQueue));
        return new SerializationException(reason);
    }

    public override bool IsSupportedMessageType<T>() => IsSupportedMessageType(typeof(T));

    public override bool IsSupportedMessageType(Type messageType)
    {
        if (_rawOptions.HasFlag(RawSerializerOptions.AnyMessageType) || SupportedMessageTypes.Length == 0)
        {
            return true;
        }

        var urn = MessageUrn.ForTypeString(messageType);
        return SupportedMessageTypes.Any(x => urn.Equals(x, StringComparison.OrdinalIgnoreCase));
    }

    public override bool TryGetMessage<T>([NotNullWhen(true)] out T? message)
        where T : class
    {
        if (_read is T same)
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
        message = messageType.IsInstanceOfType(_read) ? _read : Element.Deserialize(messageType, Options);
        return message is not null;
    }

    public override IMessageSerializer GetMessageSerializer() => new SystemTextJsonBodyMessageSerializer(_read, ContentType, Options, _rawOptions);

    public override IMessageSerializer GetMessageSerializer(object message, string[] messageTypes)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new SystemTextJsonBodyMessageSerializer(message, ContentType, Options, _rawOptions);
    }

    public override IMessageSerializer GetMessageSerializer<T>(MessageEnvelope envelope, T message)
    {
        var serializer = new SystemTextJsonBodyMessageSerializer(envelope, ContentType, Options, _rawOptions);
        serializer.Overlay(message);
        return serializer;
    }

    /// <summary>The message as a JSON element, made only when something other than the object read is asked for.</summary>
    private JsonElement Element => _element ??= JsonSerializer.SerializeToElement(_read, Options);
}
