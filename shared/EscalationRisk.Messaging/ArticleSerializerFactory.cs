using System.Net.Mime;
using EscalationRisk.Contracts;
using MassTransit;
using MassTransit.Serialization;

namespace EscalationRisk.Messaging;

/// <summary>
/// Reads every message on the <c>articles</c> endpoint with the project's own <see cref="ArticleParser"/> as it is
/// deserialised, before any consumer sees it, so a plain-JSON publisher and a MassTransit publisher get the same checks
/// and the same plain-words reasons (invalid JSON, missing <c>body</c>, wrong types, body over the limit). A refused
/// message fails deserialisation with that reason: it is never retried and goes to <c>articles_error</c> at once,
/// with the reason in its <c>MT-Fault-Message</c> header. With <paramref name="rawOptions"/> (plain JSON) the article
/// read for the checks is the message the consumer gets: each article is read once.
/// </summary>
internal sealed class ArticleSerializerFactory(ISerializerFactory inner, int maxBodyBytes, RawSerializerOptions? rawOptions = null) : ISerializerFactory
{
    public ContentType ContentType => inner.ContentType;

    public IMessageSerializer CreateSerializer() => inner.CreateSerializer();

    public IMessageDeserializer CreateDeserializer() => new ArticleDeserializer(inner.CreateDeserializer(), maxBodyBytes, rawOptions);
}
