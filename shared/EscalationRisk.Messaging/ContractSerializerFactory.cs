using System.Net.Mime;
using MassTransit;
using MassTransit.Serialization;

namespace EscalationRisk.Messaging;

/// <summary>
/// The bus's plain-JSON serializer: MassTransit's raw JSON reader, and a writer that writes
/// <see cref="Contracts.ArticleScored"/> by the contracts' generated code (<see cref="ContractMessageSerializer"/>).
/// </summary>
internal sealed class ContractSerializerFactory(RawSerializerOptions rawOptions) : ISerializerFactory
{
    private readonly SystemTextJsonRawMessageSerializer _reader = new(rawOptions);

    public ContentType ContentType => SystemTextJsonRawMessageSerializer.JsonContentType;

    public IMessageSerializer CreateSerializer() => new ContractMessageSerializer(rawOptions);

    public IMessageDeserializer CreateDeserializer() => _reader;
}
