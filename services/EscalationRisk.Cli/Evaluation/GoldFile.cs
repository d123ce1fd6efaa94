using System.Text.Json;

namespace EscalationRisk.Cli.Evaluation;

/// <summary>
/// Reads a gold file: TSV with a header line (plain tab-separated, no quoting) or JSONL (one object per line).
/// Rows whose label is empty are counted and skipped; so are rows that do not match the filters.
/// </summary>
internal static class GoldFile
{
    public sealed record Selection(List<GoldRow> Rows, int UnlabelledSkipped, int FilteredOut);

    public static Selection Read(string path, string textColumn, string labelColumn, IReadOnlyList<(string Column, string Value)> filters)
    {
        var rows = new List<GoldRow>();
        int unlabelled = 0, filtered = 0;
        foreach (var (line, columns) in path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? JsonLines(path) : Tsv(path))
        {
            if (!columns.TryGetValue(textColumn, out var text))
            {
                throw new FormatException($"{path}: line {line}: no column '{textColumn}'");
            }

            if (!columns.TryGetValue(labelColumn, out var label))
            {
                throw new FormatException($"{path}: line {line}: no column '{labelColumn}'");
            }

            if (filters.Any(f => !columns.TryGetValue(f.Column, out var v) || !string.Equals(v, f.Value, StringComparison.Ordinal)))
            {
                filtered++;
                continue;
            }

            if (string.IsNullOrWhiteSpace(label))
            {
                unlabelled++;
                continue;
            }

            rows.Add(new GoldRow(line, text, label.Trim(), columns));
        }

        return new Selection(rows, unlabelled, filtered);
    }

    private static IEnumerable<(int Line, Dictionary<string, string> Columns)> Tsv(string path)
    {
        using var reader = File.OpenText(path);
        var header = reader.ReadLine()?.Split('\t') ?? throw new FormatException($"{path}: empty file");
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var cells = text.Split('\t');
            var columns = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                columns[header[i]] = i < cells.Length ? cells[i] : "";
            }

            yield return (line, columns);
        }
    }

    private static IEnumerable<(int Line, Dictionary<string, string> Columns)> JsonLines(string path)
    {
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            using var document = JsonDocument.Parse(text);
            var columns = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                columns[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString() ?? "",
                    JsonValueKind.Null => "",
                    _ => property.Value.GetRawText(),
                };
            }

            yield return (line, columns);
        }
    }
}
