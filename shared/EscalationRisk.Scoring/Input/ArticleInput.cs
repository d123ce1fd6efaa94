using System.Text;
using EscalationRisk.Contracts;

namespace EscalationRisk.Scoring.Input;

/// <summary>Articles read from files, folders and standard input, for the command-line tool and the API's replay.</summary>
public static class ArticleInput
{
    /// <summary>
    /// Reads the articles of a file, a folder (every file in name order), or standard input (<c>-</c>): a
    /// <c>.jsonl</c> file holds one <see cref="ArticleSubmitted"/> per line; any other file is one article body whose
    /// id is the file name. A bad line is an item with its error, the others are still read.
    /// </summary>
    public static IEnumerable<InputItem> Read(string path, TextReader stdin, int maxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        if (path == "-")
        {
            // Leading white space decides nothing; the first other character says JSON lines or one body.
            var lead = new StringBuilder();
            while (stdin.Peek() is var c and >= 0 && char.IsWhiteSpace((char)c) && lead.Length <= maxBodyBytes)
            {
                lead.Append((char)stdin.Read());
            }

            return stdin.Peek() == '{'
                ? JsonLines("stdin", stdin, maxBodyBytes)
                : [BoundedBody("stdin", lead, stdin, maxBodyBytes)];
        }

        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path).Order(StringComparer.Ordinal).SelectMany(f => FileItems(f, maxBodyBytes));
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException("no such file or folder", path);
        }

        return FileItems(path, maxBodyBytes);
    }

    private static IEnumerable<InputItem> FileItems(string path, int maxBodyBytes)
    {
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            var lines = new Utf8Lines(File.OpenRead(path), ArticleParser.EnvelopeBytes(maxBodyBytes));
            if (lines.StartsWithOtherEncoding())
            {
                lines.Dispose();
                return JsonLines(path, File.OpenText(path), maxBodyBytes);
            }

            return JsonLines(path, lines, maxBodyBytes);
        }

        // A body file over the limit is refused from its size, unread (3 bytes allowed for a byte order mark).
        var length = new FileInfo(path).Length;
        return length > maxBodyBytes + 3
            ? [new InputItem(path, null, $"body is {length} bytes, over the limit of {maxBodyBytes} bytes")]
            : [Body(path, Path.GetFileNameWithoutExtension(path), File.ReadAllText(path, Encoding.UTF8), maxBodyBytes)];
    }

    /// <summary>
    /// Reads JSON lines (one <see cref="ArticleSubmitted"/> each) from <paramref name="reader"/>, never holding more
    /// of one line than an article at the body limit can take: a longer line is an item with its error, skipped
    /// unread, and the lines after it are still read.
    /// </summary>
    public static IEnumerable<InputItem> ReadLines(string name, TextReader reader, int maxBodyBytes) => JsonLines(name, reader, maxBodyBytes);

    private static IEnumerable<InputItem> JsonLines(string name, TextReader reader, int maxBodyBytes)
    {
        using (reader)
        {
            foreach (var (number, line) in BoundedLines.Read(reader, ArticleParser.EnvelopeBytes(maxBodyBytes)))
            {
                if (line is null)
                {
                    yield return new InputItem($"{name}: line {number}", null,
                        $"the line is longer than {ArticleParser.EnvelopeBytes(maxBodyBytes)} characters (an article at the body limit of {maxBodyBytes} bytes); it was skipped unread");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var parsed = ArticleParser.Parse(line, maxBodyBytes);
                yield return new InputItem($"{name}: line {number}", parsed.Article, parsed.Error);
            }
        }
    }

    /// <summary>
    /// Reads JSON lines from a UTF-8 file as bytes, each handed to the parser as it is, with exactly the items the
    /// text reading of <see cref="JsonLines(string, TextReader, int)"/> gives: a line that is not valid UTF-8, or
    /// that does not start (after ASCII white space) with an ASCII character other than white space, is decoded as a
    /// <see cref="StreamReader"/> would and read as text.
    /// </summary>
    private static IEnumerable<InputItem> JsonLines(string name, Utf8Lines lines, int maxBodyBytes)
    {
        using (lines)
        {
            while (true)
            {
                var parsed = Next(lines, maxBodyBytes, out var any, out var over);
                if (!any)
                {
                    yield break;
                }

                if (over)
                {
                    yield return new InputItem($"{name}: line {lines.Number}", null,
                        $"the line is longer than {ArticleParser.EnvelopeBytes(maxBodyBytes)} characters (an article at the body limit of {maxBodyBytes} bytes); it was skipped unread");
                }
                else if (parsed is { } item)
                {
                    yield return new InputItem($"{name}: line {lines.Number}", item.Article, item.Error);
                }
            }
        }
    }

    private static readonly System.Buffers.SearchValues<byte> AsciiWhiteSpace = System.Buffers.SearchValues.Create(" \t\n\v\f\r"u8);

    /// <summary>The next line parsed (null for a blank line), or <paramref name="any"/> false at the end.</summary>
    private static ParsedArticle? Next(Utf8Lines lines, int maxBodyBytes, out bool any, out bool over)
    {
        any = lines.TryRead(out var line, out over);
        if (!any || over)
        {
            return null;
        }

        // A line that is not valid UTF-8 parses as bytes to an article only when no member the parser decodes holds
        // the bad bytes (they are elsewhere in a string: outside one the JSON is invalid, and decoding a member's
        // string refuses them), and the text reading, which replaces each bad sequence inside its string, gives the
        // same article. So the line is checked only when the bytes fail, not on every article (that check was a
        // pass over the whole line).
        var lead = line.IndexOfAnyExcept(AsciiWhiteSpace);
        if (lead >= 0 && line[lead] is > 0x20 and < 0x80)
        {
            var parsed = ArticleParser.Parse(line, maxBodyBytes);
            if (parsed.Error is null || System.Text.Unicode.Utf8.IsValid(line))
            {
                return parsed;
            }
        }

        var text = Encoding.UTF8.GetString(line);
        return string.IsNullOrWhiteSpace(text) ? null : ArticleParser.Parse(text, maxBodyBytes);
    }

    /// <summary>One body from standard input, read to at most one character over the limit, the rest skipped unread.</summary>
    private static InputItem BoundedBody(string where, StringBuilder lead, TextReader reader, int maxBodyBytes)
    {
        var buffer = new char[16384];
        var skipped = false;
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (!skipped)
            {
                lead.Append(buffer, 0, read);
                skipped = lead.Length > maxBodyBytes;
            }
        }

        // Each character is at least one UTF-8 byte, so more characters than the limit is over it.
        return skipped
            ? new InputItem(where, null, $"body is over the limit of {maxBodyBytes} bytes")
            : Body(where, "stdin", lead.ToString(), maxBodyBytes);
    }

    private static InputItem Body(string where, string articleId, string body, int maxBodyBytes)
    {
        var article = new ArticleSubmitted(articleId, body);
        return ArticleParser.Check(article, maxBodyBytes) is { } problem ? new InputItem(where, null, problem) : new InputItem(where, article, null);
    }
}
