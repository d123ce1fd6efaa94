using System.Net.Mime;
using MassTransit;
using MassTransit.Serialization;

namespace EscalationRisk.Messaging;

/// <summary>
/// Reads <see cref="Contracts.ArticleScored"/> on the alert worker's endpoint once, from the message's bytes, with the
/// contracts' generated metadata (<see cref="ScoredDeserializer"/>), refusing to <paramref name="errorQueue"/> what is
/// not a scored article; writes as <paramref name="inner"/> does.
/// </summary>
internal sealed class ScoredSerializerFactory(ISerializerFactory inner, RawSerializerOptions rawOptions, string errorQueue) : ISerializerFactory
{
    public ContentType ContentType => inner.ContentType;

    public IMessageSerializer CreateSerializer() => inner.CreateSerializer();

    public IMessageDeserializer CreateDeserializer() => new ScoredDeserializer(inner.CreateDeserializer(), rawOptions, errorQueue);
}
