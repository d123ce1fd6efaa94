using System.Text;

namespace EscalationRisk.Scoring.Input;

/// <summary>
/// Reads the lines of a UTF-8 stream as bytes, with the rules of <see cref="BoundedLines"/> (\n, \r\n or \r ends a line;
/// a line over <c>maxChars</c> UTF-16 characters is skipped to its end unkept), so that a JSON line goes to the parser
/// as the bytes it is instead of being decoded to text and encoded back. A line is valid until the next call.
/// A line longer than <c>maxChars</c> bytes is measured in characters as a <see cref="StreamReader"/> would decode it;
/// one of more than three bytes per character allowed is over the limit whatever it holds, and is not kept.
/// </summary>
internal sealed class Utf8Lines : IDisposable
{
    private readonly Stream _stream;
    private readonly long _maxChars;
    private readonly long _maxBytes;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _scanned;
    private int _end;
    private bool _eof;
    private bool _pendingReturn;
    private bool _over;
    private bool _first = true;

    public Utf8Lines(Stream stream, long maxChars)
    {
        _stream = stream;
        _maxChars = maxChars;
        // Every UTF-16 character a StreamReader makes of UTF-8 takes at least one byte and at most three (two
        // characters of a surrogate pair take four; a replacement character at least one): more bytes than three per
        // character allowed is over the limit.
        _maxBytes = maxChars * 3;
    }

    /// <summary>The line number of the last line read, from 1.</summary>
    public int Number { get; private set; }

    /// <summary>
    /// Whether the stream starts with a byte order mark of UTF-16 or UTF-32, which a <see cref="StreamReader"/> would
    /// follow: such a stream is not for this reader. Call before <see cref="TryRead"/>; reads the first bytes.
    /// </summary>
    public bool StartsWithOtherEncoding()
    {
        Fill();
        var lead = _buffer.AsSpan(_start, _end - _start);
        return lead.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || lead.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])
            || lead.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]);
    }

    /// <summary>
    /// The next line (its bytes, without the end of line), or false at the end. <paramref name="over"/> says the line
    /// was longer than the limit; it is then empty.
    /// </summary>
    public bool TryRead(out ReadOnlySpan<byte> line, out bool over)
    {
        if (_first)
        {
            _first = false;
            Fill();
            if (_buffer.AsSpan(_start, _end - _start).StartsWith("\uFEFF"u8))
            {
                _start += 3; // the UTF-8 byte order mark, which StreamReader drops
                _scanned = _start;
            }
        }

        while (true)
        {
            if (_pendingReturn && _start < _end)
            {
                _pendingReturn = false;
                if (_buffer[_start] == (byte)'\n')
                {
                    _start++;
                    _scanned = _start;
                    continue;
                }
            }

            var found = _buffer.AsSpan(_scanned, _end - _scanned).IndexOfAny((byte)'\n', (byte)'\r');
            if (found >= 0)
            {
                var stop = _scanned + found;
                var bytes = _buffer.AsSpan(_start, stop - _start);
                _pendingReturn = _buffer[stop] == (byte)'\r';
                _start = _scanned = stop + 1;
                Number++;
                over = _over || IsOver(bytes);
                _over = false;
                line = over ? default : bytes;
                return true;
            }

            _scanned = _end;
            if (_over || _end - _start > _maxBytes)
            {
                // Over the limit whatever follows: nothing of it is kept.
                _over = true;
                _start = _scanned = _end;
            }

            if (_eof)
            {
                if (_end > _start || _over)
                {
                    Number++;
                    var bytes = _buffer.AsSpan(_start, _end - _start);
                    over = _over || IsOver(bytes);
                    _over = false;
                    line = over ? default : bytes;
                    _start = _scanned = _end;
                    return true;
                }

                line = default;
                over = false;
                return false;
            }

            Fill();
        }
    }

    /// <summary>Whether a kept line holds more UTF-16 characters than allowed, counted as a StreamReader decodes them.</summary>
    private bool IsOver(ReadOnlySpan<byte> bytes) => bytes.Length > _maxChars && Encoding.UTF8.GetCharCount(bytes) > _maxChars;

    /// <summary>Reads more of the stream after what is held, moving the line in progress to the front and growing the buffer when it is full.</summary>
    private void Fill()
    {
        if (_eof)
        {
            return;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _scanned -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    public void Dispose() => _stream.Dispose();
}
