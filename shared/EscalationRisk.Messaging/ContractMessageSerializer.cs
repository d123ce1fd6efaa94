using System.Buffers;
using System.Net.Mime;
using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using EscalationRisk.Contracts;
using MassTransit;
using MassTransit.Metadata;
using MassTransit.Serialization;

namespace EscalationRisk.Messaging;

/// <summary>
/// Writes plain JSON as MassTransit's raw serializer does (the same transport headers, the same bytes), with less
/// work per message: <see cref="ArticleScored"/>, the one message a scoring worker publishes per article, is written
/// by the contracts' own writing code into a reused buffer of the thread, and the host header, the same for every
/// message of the process, is made once. Any other message is written by MassTransit's own body.
/// </summary>
internal sealed class ContractMessageSerializer(RawSerializerOptions rawOptions) : RawMessageSerializer, IMessageSerializer
{
    private static readonly string HostHeader = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(HostMetadataCache.Host));

    public ContentType ContentType => SystemTextJsonRawMessageSerializer.JsonContentType;

    public MessageBody GetMessageBody<T>(SendContext<T> context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        if (rawOptions.HasFlag(RawSerializerOptions.AddTransportHeaders))
        {
            SetRawMessageHeaders(context);
        }

        return context.Message is ArticleScored scored
            ? new ScoredMessageBody(scored)
            : new SystemTextJsonRawMessageBody<T>(context, SystemTextJsonMessageSerializer.Options);
    }

    /// <summary>The headers MassTransit's raw serializer sets, the host's made once.</summary>
    protected override void SetRawMessageHeaders(SendContext context)
    {
        var headers = context.Headers;
        SetId(headers, MessageHeaders.MessageId, context.MessageId);
        SetId(headers, MessageHeaders.CorrelationId, context.CorrelationId);
        SetId(headers, MessageHeaders.ConversationId, context.ConversationId);
        SetId(headers, MessageHeaders.InitiatorId, context.InitiatorId);
        SetId(headers, MessageHeaders.RequestId, context.RequestId);
        if (context.SupportedMessageTypes is { Length: > 0 } types)
        {
            headers.Set(MessageHeaders.MessageType, string.Join(';', types));
        }

        SetAddress(headers, MessageHeaders.ResponseAddress, context.ResponseAddress);
        SetAddress(headers, MessageHeaders.FaultAddress, context.FaultAddress);
        SetAddress(headers, MessageHeaders.SourceAddress, context.SourceAddress);
        headers.Set(MessageHeaders.Host.Info, HostHeader);
    }

    private static void SetId(SendHeaders headers, string name, Guid? id)
    {
        if (id is { } value)
        {
            headers.Set(name, value.ToString());
        }
    }

    private static void SetAddress(SendHeaders headers, string name, Uri? address)
    {
        if (address is not null)
        {
            headers.Set(name, address);
        }
    }

    /// <summary>One scored article's JSON, written when the transport first asks for it.</summary>
    private sealed class ScoredMessageBody(ArticleScored scored) : MessageBody
    {
        [ThreadStatic]
        private static ArrayBufferWriter<byte>? _threadBuffer;

        [ThreadStatic]
        private static Utf8JsonWriter? _threadWriter;

        private byte[]? _bytes;

        public long? Length => _bytes?.Length;

        public Stream GetStream() => new MemoryStream(GetBytes(), writable: false);

        public byte[] GetBytes() => _bytes ??= Write(scored);

        public string GetString() => Encoding.UTF8.GetString(GetBytes());

        private static byte[] Write(ArticleScored scored)
        {
            var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(16384);
            var writer = _threadWriter ??= new Utf8JsonWriter(buffer, ContractJson.WriterOptions);
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            try
            {
                ContractJson.Write(writer, scored);
                writer.Flush();
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or NotSupportedException)
            {
                throw new SerializationException("Failed to serialize message", ex);
            }

            return buffer.WrittenSpan.ToArray();
        }
    }
}
