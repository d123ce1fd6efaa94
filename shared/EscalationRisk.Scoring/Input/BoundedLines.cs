using System.Text;

namespace EscalationRisk.Scoring.Input;

/// <summary>
/// Reads lines as <see cref="TextReader.ReadLine"/> does (\n, \r\n or \r ends a line), but never holds more than
/// <c>maxChars</c> of one: a longer line is skipped to its end without being kept, and yielded as null, so one
/// 100 MB line costs a 16 KB buffer, not a gigabyte.
/// </summary>
public static class BoundedLines
{
    /// <summary>Yields each line's number (from 1) and text, or null for a line over <paramref name="maxChars"/>.</summary>
    public static IEnumerable<(int Number, string? Line)> Read(TextReader reader, long maxChars)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var buffer = new char[16384];
        var line = new StringBuilder();
        var over = false;
        var pendingReturn = false;
        var number = 0;
        var any = false;
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (pendingReturn)
                {
                    pendingReturn = false;
                    if (c == '\n')
                    {
                        start = i + 1;
                        continue;
                    }
                }

                if (c is not ('\n' or '\r'))
                {
                    continue;
                }

                Append(line, buffer, start, i - start, maxChars, ref over);
                yield return (++number, over ? null : line.ToString());
                line.Clear();
                over = false;
                any = false;
                pendingReturn = c == '\r';
                start = i + 1;
            }

            if (start < read)
            {
                Append(line, buffer, start, read - start, maxChars, ref over);
                any = true;
            }
        }

        if (any)
        {
            yield return (++number, over ? null : line.ToString());
        }
    }

    private static void Append(StringBuilder line, char[] buffer, int start, int count, long maxChars, ref bool over)
    {
        if (over)
        {
            return;
        }

        if (line.Length + (long)count > maxChars)
        {
            over = true;
            line.Clear();
            return;
        }

        line.Append(buffer, start, count);
    }
}
