using System.Buffers;
using System.Text.Json;

namespace EscalationRisk.Alerting;

/// <summary>
/// Writes a snapshot's JSON into a stream while it is produced, one element at a time, handing the bytes on whenever
/// they pass <see cref="BufferBytes"/>: what it holds stays that small whatever the engine holds (a checkpoint of a
/// million articles is hundreds of megabytes of JSON). The large collections are written member by member
/// (<see cref="Json"/>); everything else by the serializer with the snapshot's options (<see cref="Value{T}"/>), so the
/// JSON is the one <see cref="EngineSnapshot.ToJson"/> gives, byte for byte.
/// </summary>
internal sealed class SnapshotWriter : IDisposable
{
    private const int BufferBytes = 1 << 16;
    private readonly ArrayBufferWriter<byte> _buffer = new(BufferBytes);
    private static readonly JsonSerializerOptions Options = EngineSnapshot.JsonOptions;
    private readonly Stream _output;

    public SnapshotWriter(Stream output)
    {
        _output = output;
        Json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = Options.Encoder, Indented = Options.WriteIndented, MaxDepth = Options.MaxDepth });
    }

    /// <summary>The writer itself, for the members written one by one.</summary>
    public Utf8JsonWriter Json { get; }

    /// <summary>A member's name as the snapshot's options write it (camelCase), encoded once.</summary>
    public static JsonEncodedText Name(string member) =>
        JsonEncodedText.Encode(Options.PropertyNamingPolicy?.ConvertName(member) ?? member, Options.Encoder);

    /// <summary>Writes <paramref name="value"/> as the serializer writes it in its place.</summary>
    public void Value<T>(T value)
    {
        JsonSerializer.Serialize(Json, value, Options);
        Pass();
    }

    /// <summary>Writes a property with <paramref name="value"/> as the serializer writes it.</summary>
    public void Value<T>(JsonEncodedText name, T value)
    {
        Json.WritePropertyName(name);
        Value(value);
    }

    /// <summary>Hands on what was written once it passes the buffer's size: call it after each element.</summary>
    public void Pass()
    {
        if (Json.BytesPending + _buffer.WrittenCount >= BufferBytes)
        {
            Drain();
        }
    }

    /// <summary>Hands on the rest.</summary>
    public void Finish()
    {
        Drain();
        _output.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => Json.Dispose();

    private void Drain()
    {
        Json.Flush();
        _output.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
    }
}
