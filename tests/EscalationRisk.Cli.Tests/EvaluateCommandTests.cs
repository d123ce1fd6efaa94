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

    [Fact]
    public void Breaks_figures_down_by_a_column_reports_category_recall_reliability_and_writes_the_errors()
    {
        var gold = Path.Combine(_folder, "gold.tsv");
        File.WriteAllLines(gold,
        [
            "id\tfamily\tlabel\tcategories\ttext",
            "a1\tplain\tescalation\tthreat_to_respond\tIran vowed to retaliate against Israel.",
            "a2\tplain\tdeescalation\tcall_for_calm\tEgypt called for calm and urged restraint.",
            "a3\tsport\tneutral\t\tThe central bank kept rates unchanged.",
            "a4\tsport\tescalation\tattack,coercion\tThe central bank kept rates unchanged on Tuesday.",
        ]);
        var json = Path.Combine(_folder, "report.json");
        var errors = Path.Combine(_folder, "errors.tsv");
        var stdout = new StringWriter();
        var exit = EvaluateCommand.Run(new EvaluateOptions(gold, By: ["family"], CategoriesColumn: "categories", JsonPath: json, ErrorsPath: errors),
            stdout, new StringWriter());
        Assert.Equal(0, exit);
        Assert.Contains("by family:", stdout.ToString(), StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var groups = report.RootElement.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(["plain", "sport"], groups.Select(g => g.GetProperty("value").GetString()));
        Assert.Equal(1.0, groups[0].GetProperty("metrics").GetProperty("accuracy").GetDouble());
        Assert.Equal(0.5, groups[1].GetProperty("metrics").GetProperty("accuracy").GetDouble());
        // Four categories marked in all; the two plain rows' are found, the unchanged-rates row's two are not.
        var categories = report.RootElement.GetProperty("categories");
        Assert.Equal((4, 2), (categories.GetProperty("expected").GetInt32(), categories.GetProperty("found").GetInt32()));
        var reliability = report.RootElement.GetProperty("reliability").EnumerateArray().ToList();
        Assert.Equal(["escalation", "deescalation"], reliability.Select(r => r.GetProperty("score").GetString()));
        Assert.All(reliability, r => Assert.Equal(10, r.GetProperty("bins").GetArrayLength()));
        Assert.Equal(4, reliability[0].GetProperty("bins").EnumerateArray().Sum(b => b.GetProperty("rows").GetInt32()));
        // Only the mislabelled row is written to the errors file.
        var wrong = File.ReadAllLines(errors);
        Assert.Equal(2, wrong.Length);
        Assert.StartsWith("a4\tescalation\tneutral\t", wrong[1], StringComparison.Ordinal);

        var stderr = new StringWriter();
        Assert.Equal(ScoreCommand.ExitUsage, EvaluateCommand.Run(new EvaluateOptions(gold, By: ["phenomenon"]), new StringWriter(), stderr));
        Assert.Contains("no column 'phenomenon'", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Dyad_figures_count_right_found_and_marked_and_third_parties_made_parties()
    {
        IReadOnlySet<string> Set(params string[] d) => d.ToHashSet(StringComparer.Ordinal);
        var score = DyadScore.Of(
        [
            (DyadScore.ParseDyads("ISR-HEZ"), Set("HEZ-ISR", "EGY-ISR"), DyadScore.ParseThirdParties("EGY:caller")),
            (DyadScore.ParseDyads("IRN-USA ISR-IRN"), Set("IRN-USA"), DyadScore.ParseThirdParties("OMN:host")),
            (DyadScore.ParseDyads(""), Set(), Set()),
        ]);
        Assert.Equal((3, 3, 2), (score.Marked, score.Found, score.Correct));
        Assert.Equal(2.0 / 3, score.Precision, 9);
        Assert.Equal(2.0 / 3, score.Recall, 9);
        Assert.Equal((2, 1), (score.RowsWithThirdParties, score.ThirdPartyMadeParty));
        Assert.Throws<FormatException>(() => DyadScore.ParseDyads("IRN"));
        Assert.Equal(["HEZ-ISR"], DyadScore.ParseDyads("ISR-HEZ"));
    }

    [Fact]
    public void Evaluates_whole_articles_with_mixed_dyads_and_the_alert_judgement()
    {
        var gold = Path.Combine(_folder, "articles.jsonl");
        static string Row(string id, string label, string dyads, string third, string alert, string body) =>
            JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["id"] = id, ["language"] = "en", ["family"] = "f", ["label"] = label, ["dyads"] = dyads,
                ["third_parties"] = third, ["alert"] = alert, ["title"] = "t", ["body"] = body, ["split"] = "test",
            });
        File.WriteAllLines(gold,
        [
            Row("a1", "escalation", "ISR-LBN", "", "yes", "Israeli warplanes struck targets in Lebanon on Monday, killing three people, the army said."),
            Row("a2", "neutral", "", "", "no", "The central bank kept interest rates unchanged on Tuesday.\n\nMarkets were calm."),
            Row("a3", "mixed", "", "", "no", "The central bank kept interest rates unchanged."),
        ]);
        var json = Path.Combine(_folder, "articles.json");
        var stdout = new StringWriter();
        var exit = EvaluateCommand.Run(new EvaluateOptions(gold, TextColumn: "body", Articles: true, DyadsColumn: "dyads",
            ThirdPartiesColumn: "third_parties", AlertColumn: "alert", JsonPath: json), stdout, new StringWriter());
        Assert.Equal(0, exit);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var root = report.RootElement;
        // 'mixed' is a class of its own for articles: the third row's gold is mixed and the scorer says neutral.
        var classes = root.GetProperty("overall").GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("label").GetString()).ToList();
        Assert.Contains("mixed", classes);
        Assert.Equal(2.0 / 3, root.GetProperty("overall").GetProperty("accuracy").GetDouble(), 9);
        Assert.Equal(1, root.GetProperty("dyads").GetProperty("marked").GetInt32());
        var alerts = root.GetProperty("alerts");
        Assert.Equal((3, 1, 1, 1), (alerts.GetProperty("rows").GetInt32(), alerts.GetProperty("markedYes").GetInt32(),
            alerts.GetProperty("alertedYes").GetInt32(), alerts.GetProperty("bothYes").GetInt32()));
        Assert.Contains("alert judgement: marked yes 1", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reliability_bins_hold_each_score_once_and_measure_the_gap()
    {
        var rel = EvaluateCommand.Reliability.Of("escalation", [(0.05, false), (0.95, true), (1.0, true), (0.55, false)]);
        Assert.Equal(4, rel.Bins.Sum(b => b.Rows));
        Assert.Equal(2, rel.Bins[9].Rows);
        Assert.Equal(1.0, rel.Bins[9].Observed);
        // ECE: (1/4)*0.05 + (1/4)*0.55 + (2/4)*0.025
        Assert.Equal((0.05 / 4) + (0.55 / 4) + (0.025 / 2), rel.ExpectedCalibrationError, 9);
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
