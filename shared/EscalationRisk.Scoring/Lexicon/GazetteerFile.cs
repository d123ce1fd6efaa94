namespace EscalationRisk.Scoring.Lexicon;

/// <summary>The gazetteer data file (actors.tsv), parsed and checked.</summary>
internal sealed class GazetteerFile
{
    private GazetteerFile(string version, IReadOnlyDictionary<string, ActorInfo> actors, IReadOnlyList<ActorForm> forms)
    {
        Version = version;
        Actors = actors;
        Forms = forms;
    }

    public string Version { get; }
    public IReadOnlyDictionary<string, ActorInfo> Actors { get; }
    public IReadOnlyList<ActorForm> Forms { get; }

    public static GazetteerFile Parse(TextReader reader)
    {
        var (version, rows) = DataFile.Read(reader, "actors", 5, 5);
        var actors = new Dictionary<string, ActorInfo>(StringComparer.Ordinal);
        var forms = new List<ActorForm>();
        foreach (var (lineNumber, cells) in rows)
        {
            var (code, type, role) = (cells[0].Trim(), cells[1].Trim(), cells[2].Trim());
            if (code.Length == 0 || type is not ("state" or "group" or "organisation"))
            {
                throw new FormatException($"actors line {lineNumber}: needs a code and a type of state, group or organisation");
            }

            var english = Split(cells[3]);
            var arabic = Split(cells[4]);
            if (english.Length + arabic.Length == 0)
            {
                throw new FormatException($"actors line {lineNumber}: no forms");
            }

            if (role == "name" && !actors.ContainsKey(code))
            {
                actors[code] = new ActorInfo(code, type, english.FirstOrDefault() ?? code, arabic.FirstOrDefault() ?? code);
            }

            forms.AddRange(english.Select(f => new ActorForm(code, role, "en", f)));
            forms.AddRange(arabic.Select(f => new ActorForm(code, role, "ar", f)));
        }

        foreach (var form in forms)
        {
            if (!actors.ContainsKey(form.Code))
            {
                throw new FormatException($"actors: code {form.Code} has forms but no 'name' row");
            }
        }

        return new GazetteerFile(version, actors, forms);
    }

    private static string[] Split(string cell) =>
        cell.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
