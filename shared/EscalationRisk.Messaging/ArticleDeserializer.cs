using System.Net.Mime;
using System.Text.Json;
using EscalationRisk.Contracts;
using MassTransit;

namespace EscalationRisk.Messaging;

/// <summary>The checking deserializer of <see cref="ArticleSerializerFactory"/>.</summary>
/// <remarks>
/// A plain-JSON message (with <paramref name="rawOptions"/>) is read once: the checked article becomes the message
/// itself. A MassTransit envelope is checked, then read by MassTransit's own reader, with the checked article kept as
/// a <see cref="CheckedArticle"/> payload.
/// </remarks>
internal sealed class ArticleDeserializer(IMessageDeserializer inner, int maxBodyBytes, RawSerializerOptions? rawOptions) : IMessageDeserializer
{
    private const string EnvelopeMediaType = "application/vnd.masstransit+json";

    public ContentType ContentType => inner.ContentType;

    public void Probe(ProbeContext context) => inner.Probe(context);

    public ConsumeContext Deserialize(ReceiveContext receiveContext)
    {
        ArticleSubmitted article;
        try
        {
            article = Read(receiveContext, maxBodyBytes);
        }
        catch (InvalidMessageException ex)
        {
            throw ReadMessageSerializerContext.Refused(Topology.ArticlesError, ex.Message);
        }

        if (rawOptions is { } raw && !IsEnvelope(receiveContext))
        {
            return ReadMessageSerializerContext.For(receiveContext, article, ContentType, raw);
        }

        var context = inner.Deserialize(receiveContext);
        context.GetOrAddPayload(() => new CheckedArticle(article));
        return context;
    }

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null) =>
        inner.Deserialize(body, headers, destinationAddress);

    public MessageBody GetMessageBody(string text) => inner.GetMessageBody(text);

    /// <summary>Reads and checks the article in a received message, or throws <see cref="InvalidMessageException"/>.</summary>
    internal static ArticleSubmitted Read(ReceiveContext receive, int maxBodyBytes)
    {
        var bytes = receive.Body.GetBytes();
        var parsed = IsEnvelope(receive) ? ReadEnvelope(bytes, maxBodyBytes) : ArticleParser.Parse(bytes, maxBodyBytes);
        return parsed.Article ?? throw new InvalidMessageException(parsed.Error!);
    }

    /// <summary>Whether the message is a MassTransit envelope (by its content type), not plain JSON.</summary>
    internal static bool IsEnvelope(ReceiveContext receive) =>
        string.Equals(receive.ContentType?.MediaType, EnvelopeMediaType, StringComparison.OrdinalIgnoreCase);

    private static ParsedArticle ReadEnvelope(byte[] bytes, int maxBodyBytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                ? ArticleParser.FromElement(message, maxBodyBytes)
                : new ParsedArticle(null, "a MassTransit envelope without a 'message'");
        }
        catch (JsonException ex)
        {
            return new ParsedArticle(null, $"invalid JSON in a MassTransit envelope: {ex.Message}");
        }
    }
}
