using System.Buffers;
using System.Text;
using System.Text.Json;
using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>
/// The contract JSON of a scored article or an alert as the stores keep it (text), written by the contracts' own writing
/// code (<see cref="ContractJson.Write(Utf8JsonWriter, ArticleScored)"/>) into a reused buffer of the thread: the same
/// text <see cref="ContractJson.Options"/> writes, without walking the metadata member by member. A group commit
/// writes an article row and an alert for every article it counts.
/// </summary>
internal static class ContractText
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    /// <summary>The article's contract JSON.</summary>
    public static string Of(ArticleScored scored) => Write(scored, static (writer, value) => ContractJson.Write(writer, value));

    /// <summary>The alert's contract JSON.</summary>
    public static string Of(EscalationAlert alert) => Write(alert, static (writer, value) => ContractJson.Write(writer, value));

    private static string Write<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(16384);
        var writer = _threadWriter ??= new Utf8JsonWriter(buffer, ContractJson.WriterOptions);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        write(writer, value);
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
