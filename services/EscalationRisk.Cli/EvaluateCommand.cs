using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EscalationRisk.Cli.Evaluation;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring;

namespace EscalationRisk.Cli;

/// <summary>
/// <c>evaluate --gold PATH [--text-column text] [--label-column label] [--split S] [--where COL=VALUE]... [--json PATH]</c>:
/// scores every labelled row of a gold file and reports per-class precision, recall and F1, macro-F1, the confusion
/// matrix, a per-language breakdown, the Brier score and which signal categories were found per gold class.
/// </summary>
internal static class EvaluateCommand
{
    private static readonly string[] Polarities = ["escalation", "deescalation", "neutral"];
    private static readonly JsonSerializerOptions ReportJson = new(ContractJson.Options) { WriteIndented = true };

    public static Command Create()
    {
        var gold = new Option<string>("--gold") { Description = "A TSV (with a header line) or JSONL file of labelled rows.", Required = true };
        var textColumn = new Option<string>("--text-column") { Description = "The column holding the text.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "The column holding the gold label (escalation, deescalation, neutral). Rows with an empty label are skipped.", DefaultValueFactory = _ => "label" };
        var split = new Option<string?>("--split") { Description = "Keep only rows whose 'split' column has this value (e.g. test)." };
        var where = new Option<string[]>("--where") { Description = "Keep only rows where COLUMN=VALUE (repeatable).", AllowMultipleArgumentsPerToken = false };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file." };
        var command = new Command("evaluate", "Measure the scorer against a labelled file.") { gold, textColumn, labelColumn, split, where, json };
        command.SetAction(result =>
        {
            var filters = new List<(string, string)>();
            if (result.GetValue(split) is { } s)
            {
                filters.Add(("split", s));
            }

            foreach (var w in result.GetValue(where) ?? [])
            {
                var eq = w.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    Console.Error.WriteLine($"error: --where expects COLUMN=VALUE, not '{w}'");
                    return ScoreCommand.ExitUsage;
                }

                filters.Add((w[..eq], w[(eq + 1)..]));
            }

            return Run(result.GetValue(gold)!, result.GetValue(textColumn)!, result.GetValue(labelColumn)!, filters,
                result.GetValue(json), Console.Out, Console.Error);
        });
        return command;
    }

    public static int Run(string goldPath, string textColumn, string labelColumn, IReadOnlyList<(string Column, string Value)> filters,
        string? jsonPath, TextWriter stdout, TextWriter stderr, ArticleScorer? scorer = null)
    {
        GoldFile.Selection selection;
        try
        {
            selection = GoldFile.Read(goldPath, textColumn, labelColumn, filters);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or JsonException)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return ScoreCommand.ExitUsage;
        }

        scorer ??= new ArticleScorer();
        var report = Evaluate(selection, scorer, goldPath, filters);
        WriteText(stdout, report);
        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(report, ReportJson) + "\n");
        }

        return ScoreCommand.ExitOk;
    }

    /// <summary>The article label as a polarity: mixed counts as the stronger of the two.</summary>
    public static string Polarity(ArticleScored scored) => scored.Label switch
    {
        ArticleLabel.Escalation => "escalation",
        ArticleLabel.Deescalation => "deescalation",
        ArticleLabel.Mixed => scored.Escalation >= scored.Deescalation ? "escalation" : "deescalation",
        _ => "neutral",
    };

    /// <summary>
    /// Class probabilities from the two scores, read as independent chances: escalation only, de-escalation only,
    /// neither; both goes to the stronger, as the label does.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Probabilities(ArticleScored scored)
    {
        var (e, d) = (scored.Escalation, scored.Deescalation);
        var both = e * d;
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["escalation"] = (e * (1 - d)) + (e >= d ? both : 0),
            ["deescalation"] = (d * (1 - e)) + (e >= d ? 0 : both),
            ["neutral"] = (1 - e) * (1 - d),
        };
    }

    public sealed record LanguageReport(string Language, Metrics Metrics);

    public sealed record Report(
        string Gold,
        IReadOnlyList<string> Filters,
        int Rows,
        int UnlabelledSkipped,
        int FilteredOut,
        string ModelVersion,
        string LexiconVersion,
        Metrics Overall,
        double MacroF1EscalationDeescalation,
        IReadOnlyList<LanguageReport> ByLanguage,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> SignalCoverage);

    private static Report Evaluate(GoldFile.Selection selection, ArticleScorer scorer, string goldPath, IReadOnlyList<(string Column, string Value)> filters)
    {
        var scored = selection.Rows.Select(row =>
        {
            row.Columns.TryGetValue("language", out var language);
            row.Columns.TryGetValue("id", out var id);
            var result = scorer.Score(new ArticleSubmitted(id ?? $"line-{row.Line}", row.Text, Language: string.IsNullOrWhiteSpace(language) ? null : language));
            return (Row: row, Scored: result);
        }).ToList();

        var tuples = scored.Select(x => (x.Row.Label, Polarity(x.Scored), (IReadOnlyDictionary<string, double>?)Probabilities(x.Scored))).ToList();
        var overall = Metrics.Compute(tuples, Polarities);
        var byLanguage = scored.GroupBy(x => x.Scored.Language).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LanguageReport(g.Key, Metrics.Compute(
                [.. g.Select(x => (x.Row.Label, Polarity(x.Scored), (IReadOnlyDictionary<string, double>?)Probabilities(x.Scored)))], Polarities)))
            .ToList();
        var coverage = scored.GroupBy(x => x.Row.Label).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, double>)Enum.GetValues<SignalCategory>().ToDictionary(
                c => JsonSerializer.Serialize(c, ContractJson.Options).Trim('"'),
                c => Math.Round((double)g.Count(x => x.Scored.Signals.Any(s => s.Category == c)) / g.Count(), 4)),
            StringComparer.Ordinal);

        return new Report(goldPath, [.. filters.Select(f => $"{f.Column}={f.Value}")], selection.Rows.Count, selection.UnlabelledSkipped,
            selection.FilteredOut, scorer.ModelVersion, scorer.LexiconVersion, overall,
            overall.MacroF1Over("escalation", "deescalation"), byLanguage, coverage);
    }

    private static void WriteText(TextWriter w, Report r)
    {
        var c = CultureInfo.InvariantCulture;
        w.WriteLine($"gold: {r.Gold}  filters: {(r.Filters.Count == 0 ? "none" : string.Join(", ", r.Filters))}");
        w.WriteLine($"rows scored: {r.Rows}  skipped without label: {r.UnlabelledSkipped}  filtered out: {r.FilteredOut}");
        w.WriteLine($"model: {r.ModelVersion}  lexicon: {r.LexiconVersion}");
        WriteMetrics(w, "all", r.Overall);
        w.WriteLine(string.Create(c, $"macro-F1 over escalation and deescalation: {r.MacroF1EscalationDeescalation:0.000}"));
        foreach (var language in r.ByLanguage)
        {
            WriteMetrics(w, $"language {language.Language}", language.Metrics);
        }

        w.WriteLine();
        w.WriteLine("share of rows with a signal of each category, by gold label:");
        var categories = r.SignalCoverage.Values.FirstOrDefault()?.Keys.ToList() ?? [];
        w.WriteLine($"  {"gold",-14}" + string.Concat(categories.Select(k => $" {Abbreviate(k),9}")));
        foreach (var (label, shares) in r.SignalCoverage)
        {
            w.WriteLine($"  {label,-14}" + string.Concat(categories.Select(k => string.Create(c, $" {shares[k],9:0.000}"))));
        }
    }

    private static void WriteMetrics(TextWriter w, string title, Metrics m)
    {
        var c = CultureInfo.InvariantCulture;
        w.WriteLine();
        w.WriteLine(string.Create(c, $"[{title}] rows {m.Count}  accuracy {m.Accuracy:0.000}  macro-F1 {m.MacroF1:0.000}  Brier {(m.Brier is { } b ? b.ToString("0.000", c) : "n/a")}"));
        w.WriteLine($"  {"class",-14} {"support",8} {"precision",10} {"recall",8} {"F1",8}");
        foreach (var k in m.Classes)
        {
            w.WriteLine(string.Create(c, $"  {k.Label,-14} {k.Support,8} {k.Precision,10:0.000} {k.Recall,8:0.000} {k.F1,8:0.000}"));
        }

        w.WriteLine("  confusion (rows gold, columns predicted):");
        var labels = m.Classes.Select(k => k.Label).ToList();
        w.WriteLine($"  {"",-14}" + string.Concat(labels.Select(l => $" {Abbreviate(l),12}")));
        foreach (var gold in labels)
        {
            w.WriteLine($"  {gold,-14}" + string.Concat(labels.Select(p => $" {m.Confusion[gold][p],12}")));
        }
    }

    private static string Abbreviate(string label) => label.Length <= 12 ? label : label[..12];
}
