namespace EscalationRisk.Scoring.Lexicon;

/// <summary>
/// The shape shared by the project's data files: UTF-8, tab-separated, <c>#</c> comments, blank lines ignored,
/// and a <c># version: X</c> line that names the file's version.
/// </summary>
internal static class DataFile
{
    private const string VersionPrefix = "# version:";

    /// <summary>Reads the rows of a data file; every error names <paramref name="name"/> and the line.</summary>
    public static (string Version, List<(int Line, string[] Cells)> Rows) Read(TextReader reader, string name, int minColumns, int maxColumns)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? version = null;
        var rows = new List<(int, string[])>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.StartsWith(VersionPrefix, StringComparison.Ordinal))
            {
                version = line[VersionPrefix.Length..].Trim();
                continue;
            }

            if (line.Trim().Length == 0 || line[0] == '#')
            {
                continue;
            }

            var cells = line.Split('\t');
            if (cells.Length < minColumns || cells.Length > maxColumns)
            {
                var expected = minColumns == maxColumns ? $"{minColumns}" : $"{minColumns} to {maxColumns}";
                throw new FormatException($"{name} line {lineNumber}: expected {expected} tab-separated columns, found {cells.Length}");
            }

            rows.Add((lineNumber, cells));
        }

        return (version ?? throw new FormatException($"{name}: missing '{VersionPrefix}' line"), rows);
    }
}
