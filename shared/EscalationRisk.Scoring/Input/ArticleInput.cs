using System.Text;
using EscalationRisk.Contracts;

namespace EscalationRisk.Scoring.Input;

/// <summary>One article read from an input, or why it could not be: <see cref="Where"/> says where it came from.</summary>
public readonly record struct InputItem(string Where, ArticleSubmitted? Article, string? Error);

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
        if (path == "-")
        {
            var all = stdin.ReadToEnd();
            return all.TrimStart().StartsWith('{')
                ? JsonLines("stdin", new StringReader(all), maxBodyBytes)
                : [Body("stdin", "stdin", all, maxBodyBytes)];
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

    private static IEnumerable<InputItem> FileItems(string path, int maxBodyBytes) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
            ? JsonLines(path, File.OpenText(path), maxBodyBytes)
            : [Body(path, Path.GetFileNameWithoutExtension(path), File.ReadAllText(path, Encoding.UTF8), maxBodyBytes)];

    private static IEnumerable<InputItem> JsonLines(string name, TextReader reader, int maxBodyBytes)
    {
        using (reader)
        {
            var number = 0;
            while (reader.ReadLine() is { } line)
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var parsed = ArticleParser.Parse(line, maxBodyBytes);
                yield return new InputItem($"{name}: line {number}", parsed.Article, parsed.Error);
            }
        }
    }

    private static InputItem Body(string where, string articleId, string body, int maxBodyBytes)
    {
        var bytes = Encoding.UTF8.GetByteCount(body);
        return bytes > maxBodyBytes
            ? new InputItem(where, null, $"body is {bytes} bytes, over the limit of {maxBodyBytes} bytes")
            : new InputItem(where, new ArticleSubmitted(articleId, body), null);
    }
}
