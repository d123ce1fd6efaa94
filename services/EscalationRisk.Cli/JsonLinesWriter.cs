using System.Buffers;
using System.Text;
using System.Text.Json;
using EscalationRisk.Contracts;

namespace EscalationRisk.Cli;

/// <summary>
/// Writes one <see cref="ArticleScored"/> per line as the contracts write it, by their own writer
/// (<see cref="ContractJson.Write"/>), into one reused UTF-8 buffer: no string per article. A <see cref="StreamWriter"/>'s
/// stream gets the bytes as they are; any other writer gets them as text.
/// </summary>
internal sealed class JsonLinesWriter : IDisposable
{
    private readonly TextWriter _text;
    private readonly Stream? _stream;
    private readonly ArrayBufferWriter<byte> _buffer = new(16384);
    private readonly Utf8JsonWriter _json;

    public JsonLinesWriter(TextWriter writer)
    {
        _text = writer;
        if (writer is StreamWriter { BaseStream: { CanWrite: true } stream } streamWriter && streamWriter.Encoding is UTF8Encoding)
        {
            // Whatever the writer holds goes first; from here on only bytes are written.
            streamWriter.Flush();
            _stream = stream;
        }

        _json = new Utf8JsonWriter(_buffer, ContractJson.WriterOptions);
    }

    public void Write(ArticleScored scored)
    {
        ContractJson.Write(_json, scored);
        _json.Flush();
        _buffer.Write("\n"u8);
        _json.Reset();

        // Written out in blocks of about 64 KiB, not per article.
        if (_buffer.WrittenCount >= 1 << 16)
        {
            Flush();
        }
    }

    public void Flush()
    {
        if (_buffer.WrittenCount == 0)
        {
            return;
        }

        if (_stream is not null)
        {
            _stream.Write(_buffer.WrittenSpan);
        }
        else
        {
            _text.Write(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        }

        _buffer.ResetWrittenCount();
    }

    public void Dispose() => _json.Dispose();
}
