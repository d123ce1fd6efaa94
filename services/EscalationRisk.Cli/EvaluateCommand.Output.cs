using System.Globalization;
using System.Text;
using EscalationRisk.Cli.Evaluation;

namespace EscalationRisk.Cli;

// Writing the report as text and the wrongly labelled rows as TSV.
internal static partial class EvaluateCommand
{
    private static void WriteErrors(string path, List<ScoredRow> scored, EvaluateOptions options)
    {
        var (categoriesColumn, dyadsColumn) = (options.CategoriesColumn, options.DyadsColumn);
        var text = new StringBuilder("id\tgold\tpredicted\tescalation\tdeescalation\texpected\tsignals\tdyads marked\tdyads found\ttext\n");
        foreach (var x in scored.Where(x => x.Predicted != x.Row.Label ||
                                            (categoriesColumn is not null && !ParseCategories(x.Row.Columns[categoriesColumn]).IsSubsetOf(x.Reported)) ||
                                            (dyadsColumn is not null && !DyadScore.ParseDyads(x.Row.Columns[dyadsColumn]).SetEquals(x.Scored.Dyads))))
        {
            x.Row.Columns.TryGetValue("id", out var id);
            var signals = string.Join(" | ", x.Scored.Signals.Select(s =>
                $"{WireName(s.Category)}:{s.Text}{(s.Source is null && s.Target is null ? "" : $" [{s.Source ?? "?"}>{s.Target ?? "?"}]")}"));
            text.Append(CultureInfo.InvariantCulture, $"{id ?? $"line-{x.Row.Line}"}\t{x.Row.Label}\t{x.Predicted}\t{x.Scored.Escalation:0.000}\t{x.Scored.Deescalation:0.000}\t")
                .Append(categoriesColumn is null ? "" : x.Row.Columns[categoriesColumn]).Append('\t')
                .Append(signals.Replace('\t', ' ').Replace('\n', ' ')).Append('\t')
                .Append(dyadsColumn is null ? "" : x.Row.Columns[dyadsColumn]).Append('\t')
                .Append(string.Join(' ', x.Scored.Dyads)).Append('\t')
                .Append(x.Row.Text.Replace('\t', ' ').Replace('\n', ' ')).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    private static void WriteText(TextWriter w, Report r)
    {
        var c = CultureInfo.InvariantCulture;
        w.WriteLine($"gold: {r.Gold}  filters: {(r.Filters.Count == 0 ? "none" : string.Join(", ", r.Filters))}");
        w.WriteLine($"rows scored: {r.Rows}  skipped without label: {r.UnlabelledSkipped}  filtered out: {r.FilteredOut}");
        w.WriteLine($"model: {r.ModelVersion}  lexicon: {r.LexiconVersion}");
        WriteMetrics(w, "all", r.Overall);
        w.WriteLine(string.Create(c, $"macro-F1 over escalation and deescalation: {r.MacroF1EscalationDeescalation:0.000}"));
        if (r.Categories is { } cat)
        {
            w.WriteLine(string.Create(c, $"signal categories marked: {cat.Expected}, found: {cat.Found} (recall {cat.Recall:0.000}); reported: {cat.Reported}, marked: {cat.ReportedExpected} (precision {cat.Precision:0.000})"));
        }

        if (r.Dyads is { } dy)
        {
            w.WriteLine(string.Create(c, $"dyads marked: {dy.Marked}, found: {dy.Found}, right: {dy.Correct}  precision {dy.Precision:0.000}  recall {dy.Recall:0.000}  F1 {dy.F1:0.000}"));
            w.WriteLine(string.Create(c, $"rows naming a third party: {dy.RowsWithThirdParties}, a third party made a party: {dy.ThirdPartyMadeParty} ({dy.ThirdPartyRate:0.000})"));
        }

        if (r.Alerts is { } al)
        {
            w.WriteLine(string.Create(c, $"alert judgement: marked yes {al.MarkedYes}, shipped article rules alert {al.AlertedYes}, both {al.BothYes}; agreement {al.Agreed}/{al.Rows} ({al.Rate:0.000})"));
        }

        foreach (var language in r.ByLanguage)
        {
            WriteMetrics(w, $"language {language.Language}", language.Metrics);
        }

        foreach (var column in r.Groups.GroupBy(g => g.Column))
        {
            w.WriteLine();
            w.WriteLine($"by {column.Key}:");
            w.WriteLine($"  {"value",-26} {"rows",6} {"accuracy",9} {"macro-F1",9} {"F1 esc",8} {"F1 de",8} {"F1 neu",8}{(r.Categories is null ? "" : $" {"cat. recall",12}")}{(r.Dyads is null ? "" : $" {"dyad F1",8} {"3rd party",9}")}");
            foreach (var g in column)
            {
                string F1(string label) => g.Metrics.Classes.FirstOrDefault(k => k.Label == label) is { Support: > 0 } k ? k.F1.ToString("0.000", c) : "-";
                w.WriteLine(string.Create(c, $"  {Abbreviate(g.Value, 26),-26} {g.Metrics.Count,6} {g.Metrics.Accuracy,9:0.000} {g.Metrics.MacroF1,9:0.000} {F1("escalation"),8} {F1("deescalation"),8} {F1("neutral"),8}")
                    + (g.Categories is { } gc ? string.Create(c, $" {gc.Recall,12:0.000}") : "")
                    + (g.Dyads is { } gd ? string.Create(c, $" {gd.F1,8:0.000} {gd.ThirdPartyMadeParty,4}/{gd.RowsWithThirdParties,-4}") : ""));
            }
        }

        foreach (var rel in r.Reliability)
        {
            w.WriteLine();
            w.WriteLine(string.Create(c, $"reliability of '{rel.Field}' (gold {rel.Score} or not): Brier {rel.Brier:0.000}  ECE {rel.ExpectedCalibrationError:0.000}"));
            w.WriteLine($"  {"bin",-11} {"rows",6} {"mean score",11} {"observed",9}");
            foreach (var bin in rel.Bins)
            {
                w.WriteLine(string.Create(c, $"  {bin.Low:0.0}-{bin.High:0.0}    {bin.Rows,6} {bin.MeanScore,11:0.000} {bin.Observed,9:0.000}"));
            }
        }

        w.WriteLine();
        w.WriteLine("share of rows with a signal of each category, by gold label:");
        var categories = r.SignalCoverage.Values.FirstOrDefault()?.Keys.ToList() ?? [];
        w.WriteLine($"  {"gold",-14}" + string.Concat(categories.Select(k => $" {Abbreviate(k, 12),9}")));
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
        w.WriteLine($"  {"",-14}" + string.Concat(labels.Select(l => $" {Abbreviate(l, 12),12}")));
        foreach (var gold in labels)
        {
            w.WriteLine($"  {gold,-14}" + string.Concat(labels.Select(p => $" {m.Confusion[gold][p],12}")));
        }
    }

    private static string Abbreviate(string label, int width) => label.Length <= width ? label : label[..width];
}
