using System.Text.Json;
using EscalationRisk.Cli.Evaluation;

namespace EscalationRisk.Cli.Tests;

public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("er-eval-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Metrics_match_a_hand_computed_confusion()
    {
        var rows = new List<(string, string, IReadOnlyDictionary<string, double>?)>
        {
            ("escalation", "escalation", P(1, 0, 0)),
            ("escalation", "neutral", P(0, 0, 1)),
            ("deescalation", "deescalation", P(0, 0.5, 0.5)),
            ("deescalation", "escalation", P(1, 0, 0)),
        };
        var m = Metrics.Compute(rows, ["escalation", "deescalation", "neutral"]);
        var esc = m.Classes.Single(c => c.Label == "escalation");
        Assert.Equal((0.5, 0.5), (esc.Precision, esc.Recall));
        var de = m.Classes.Single(c => c.Label == "deescalation");
        Assert.Equal((1.0, 0.5), (de.Precision, de.Recall));
        Assert.Equal(0.5, m.Accuracy);
        Assert.Equal((0.5 + (2.0 / 3)) / 2, m.MacroF1Over("escalation", "deescalation"), 6);
        Assert.Equal(1, m.Confusion["deescalation"]["escalation"]);
        // Brier: rows score 0, 2, 0.5, 2 → mean 1.125
        Assert.Equal(1.125, m.Brier!.Value, 6);
    }

    [Fact]
    public void Evaluates_a_tsv_with_split_filter_and_skips_unlabelled_rows()
    {
        var gold = Path.Combine(_folder, "gold.tsv");
        File.WriteAllLines(gold,
        [
            "id\ttext\tscope_label\tsplit",
            "1\tIran vowed to retaliate against Israel.\tescalation\ttest",
            "2\tEgypt called for calm and urged restraint.\tdeescalation\ttest",
            "3\tThe central bank kept rates unchanged.\tneutral\ttest",
            "4\tشنت الطائرات الإسرائيلية غارات جوية على جنوب لبنان.\tescalation\ttest",
            "5\tThe minister visited a school.\t\ttest",
            "6\tRussia deployed troops near the border.\tescalation\tdev",
        ]);
        var json = Path.Combine(_folder, "report.json");
        var stdout = new StringWriter();
        var exit = EvaluateCommand.Run(gold, "text", "scope_label", [("split", "test")], json, stdout, new StringWriter());
        Assert.Equal(0, exit);
        var text = stdout.ToString();
        Assert.Contains("rows scored: 4  skipped without label: 1  filtered out: 1", text, StringComparison.Ordinal);
        Assert.Contains("[language ar]", text, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var root = report.RootElement;
        Assert.Equal(4, root.GetProperty("rows").GetInt32());
        Assert.Equal(1.0, root.GetProperty("overall").GetProperty("accuracy").GetDouble());
        Assert.Equal(1.0, root.GetProperty("macroF1EscalationDeescalation").GetDouble());
        Assert.True(root.GetProperty("overall").GetProperty("brier").GetDouble() < 0.5);
        Assert.Equal(1.0, root.GetProperty("signalCoverage").GetProperty("escalation").GetProperty("threat_to_respond").GetDouble() * 2, 6);
    }

    [Fact]
    public void Evaluates_jsonl_and_reports_a_missing_column()
    {
        var gold = Path.Combine(_folder, "gold.jsonl");
        File.WriteAllLines(gold, ["""{"text":"Qatar offered to mediate between the two sides.","gold":"deescalation"}"""]);
        var stdout = new StringWriter();
        Assert.Equal(0, EvaluateCommand.Run(gold, "text", "gold", [], null, stdout, new StringWriter()));
        Assert.Contains("rows scored: 1", stdout.ToString(), StringComparison.Ordinal);

        var stderr = new StringWriter();
        Assert.Equal(ScoreCommand.ExitUsage, EvaluateCommand.Run(gold, "body", "gold", [], null, new StringWriter(), stderr));
        Assert.Contains("no column 'body'", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.9, 0.2, "escalation")]
    [InlineData(0.3, 0.8, "deescalation")]
    [InlineData(0.6, 0.6, "escalation")]
    public void Mixed_counts_as_the_stronger_polarity(double escalation, double deescalation, string expected)
    {
        var scored = new Contracts.ArticleScored("a", null, null, null, null, "en", Contracts.ArticleLabel.Mixed, 50, escalation, deescalation, 0,
            [], [], [], "st", "none", "lex", DateTimeOffset.UnixEpoch);
        Assert.Equal(expected, EvaluateCommand.Polarity(scored));
        var p = EvaluateCommand.Probabilities(scored);
        Assert.Equal(1.0, p.Values.Sum(), 9);
    }

    private static Dictionary<string, double> P(double e, double d, double n) => new() { ["escalation"] = e, ["deescalation"] = d, ["neutral"] = n };
}
