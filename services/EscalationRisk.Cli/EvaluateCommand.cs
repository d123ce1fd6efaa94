using System.CommandLine;
using System.Text.Json;
using EscalationRisk.Cli.Evaluation;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring;

namespace EscalationRisk.Cli;

/// <summary>
/// <c>evaluate --gold PATH [--text-column text] [--label-column label] [--split S] [--where COL=VALUE]... [--by COL]...
/// [--categories-column COL] [--json PATH] [--errors PATH] [--articles] [--dyads-column COL] [--third-parties-column COL]
/// [--alert-column COL]</c>: scores every labelled row of a gold file and reports per-class precision, recall and F1,
/// macro-F1, the confusion matrix, a breakdown by language and by any other column, the Brier score and a ten-bin
/// reliability table for each score, which signal categories were found per gold class, and, with a categories column,
/// how many of the signals a reader marked were found. With <c>--articles</c> the rows are whole articles and the four
/// article labels are compared as they are; with a dyads column it reports dyad precision, recall and F1 (and, with a
/// third-parties column, how often a mediator, host or caller was made a party); with an alert column, how often the
/// shipped article rules agree with the marked judgement.
/// </summary>
internal static partial class EvaluateCommand
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
        var by = new Option<string[]>("--by") { Description = "Break the figures down by the values of this column (repeatable), e.g. family, language, source.", AllowMultipleArgumentsPerToken = false };
        var categories = new Option<string?>("--categories-column") { Description = "A column of expected signal categories (comma-separated): reports how many were found." };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file." };
        var errors = new Option<string?>("--errors") { Description = "Write the rows whose label was wrong to this TSV file (gold, predicted, signals, text)." };
        var articles = new Option<bool>("--articles") { Description = "Rows are whole articles: compare the four article labels (mixed included) as given; send a 'title' column as the title." };
        var dyads = new Option<string?>("--dyads-column") { Description = "A column of marked dyads (e.g. 'IRN-USA HEZ-ISR'): reports dyad precision, recall and F1." };
        var thirdParties = new Option<string?>("--third-parties-column") { Description = "A column of marked third parties (e.g. 'QAT:mediator EGY:caller'): reports how often one was made a party." };
        var alert = new Option<string?>("--alert-column") { Description = "A yes/no column (would an ops team want an alert from this article alone): compared with the shipped article rules." };
        var command = new Command("evaluate", "Measure the scorer against a labelled file.") { gold, textColumn, labelColumn, split, where, by, categories, json, errors, articles, dyads, thirdParties, alert };
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

            return Run(new EvaluateOptions(result.GetValue(gold)!, result.GetValue(textColumn)!, result.GetValue(labelColumn)!, filters,
                result.GetValue(by), result.GetValue(categories), result.GetValue(json), result.GetValue(errors), result.GetValue(articles),
                result.GetValue(dyads), result.GetValue(thirdParties), result.GetValue(alert)), Console.Out, Console.Error);
        });
        return command;
    }

    public static int Run(string goldPath, string textColumn, string labelColumn, IReadOnlyList<(string Column, string Value)> filters,
        string? jsonPath, TextWriter stdout, TextWriter stderr, ArticleScorer? scorer = null) =>
        Run(new EvaluateOptions(goldPath, textColumn, labelColumn, filters, JsonPath: jsonPath), stdout, stderr, scorer);

    public static int Run(EvaluateOptions options, TextWriter stdout, TextWriter stderr, ArticleScorer? scorer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        GoldFile.Selection selection;
        try
        {
            selection = GoldFile.Read(options.GoldPath, options.TextColumn, options.LabelColumn, options.Filters ?? []);
            var required = (options.By ?? []).Append(options.CategoriesColumn).Append(options.DyadsColumn)
                .Append(options.ThirdPartiesColumn).Append(options.AlertColumn).OfType<string>();
            if (selection.Rows.Count > 0 && required.FirstOrDefault(c => !selection.Rows[0].Columns.ContainsKey(c)) is { } missing)
            {
                throw new FormatException($"{options.GoldPath}: no column '{missing}'");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or JsonException)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return ScoreCommand.ExitUsage;
        }

        scorer ??= new ArticleScorer();
        var scored = Score(selection, scorer, options.Articles);
        Report report;
        try
        {
            report = Evaluate(scored, selection, scorer, options);
        }
        catch (FormatException ex)
        {
            stderr.WriteLine($"error: {options.GoldPath}: {ex.Message}");
            return ScoreCommand.ExitUsage;
        }

        WriteText(stdout, report);
        if (options.JsonPath is not null)
        {
            File.WriteAllText(options.JsonPath, JsonSerializer.Serialize(report, ReportJson) + "\n");
        }

        if (options.ErrorsPath is not null)
        {
            WriteErrors(options.ErrorsPath, scored, options);
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
        var (e, d) = Scores(scored);
        var both = e * d;
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["escalation"] = (e * (1 - d)) + (e >= d ? both : 0),
            ["deescalation"] = (d * (1 - e)) + (e >= d ? 0 : both),
            ["neutral"] = (1 - e) * (1 - d),
        };
    }

    /// <summary>The article's two scores as probabilities: the calibrated ones when the scorer gives them, else the raw ones.</summary>
    public static (double Escalation, double Deescalation) Scores(ArticleScored scored) =>
        (scored.EscalationProbability ?? scored.Escalation, scored.DeescalationProbability ?? scored.Deescalation);

    /// <summary>The wire names of the categories in a comma-separated cell, unknown names kept as they are.</summary>
    public static IReadOnlySet<string> ParseCategories(string? cell) =>
        (cell ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>The article label's wire name, as the scorer gives it.</summary>
    public static string LabelName(ArticleScored scored) => WireNames.Of(scored.Label);

    private sealed record ScoredRow(GoldRow Row, ArticleScored Scored, bool Article)
    {
        public string Predicted { get; } = Article ? LabelName(Scored) : Polarity(Scored);

        public IReadOnlySet<string> Reported { get; } = Scored.Signals.Select(s => WireName(s.Category)).ToHashSet(StringComparer.Ordinal);
    }

    private static List<ScoredRow> Score(GoldFile.Selection selection, ArticleScorer scorer, bool articles) =>
        [.. selection.Rows.Select(row =>
        {
            row.Columns.TryGetValue("language", out var language);
            row.Columns.TryGetValue("id", out var id);
            row.Columns.TryGetValue("title", out var title);
            var result = scorer.Score(new ArticleSubmitted(id ?? $"line-{row.Line}", row.Text,
                Title: articles && !string.IsNullOrWhiteSpace(title) ? title : null,
                Language: string.IsNullOrWhiteSpace(language) ? null : language));
            return new ScoredRow(row, result, articles);
        })];

    private static readonly string[] ArticleLabels = ["escalation", "deescalation", "mixed", "neutral"];

    private static Metrics MetricsOf(IEnumerable<ScoredRow> rows) =>
        rows.FirstOrDefault()?.Article == true
            ? Metrics.Compute([.. rows.Select(x => (x.Row.Label, x.Predicted, (IReadOnlyDictionary<string, double>?)null))], ArticleLabels)
            : Metrics.Compute([.. rows.Select(x => (x.Row.Label, x.Predicted, (IReadOnlyDictionary<string, double>?)Probabilities(x.Scored)))], Polarities);

    private static DyadScore? DyadsOf(IEnumerable<ScoredRow> rows, EvaluateOptions options) =>
        options.DyadsColumn is null ? null : DyadScore.Of(rows.Select(x => (
            DyadScore.ParseDyads(x.Row.Columns[options.DyadsColumn]),
            (IReadOnlySet<string>)x.Scored.Dyads.ToHashSet(StringComparer.Ordinal),
            options.ThirdPartiesColumn is null ? new HashSet<string>() : DyadScore.ParseThirdParties(x.Row.Columns[options.ThirdPartiesColumn]))));

    private static AlertAgreement? AlertsOf(IEnumerable<ScoredRow> rows, EvaluateOptions options) =>
        options.AlertColumn is null ? null : AlertAgreement.Of(rows.Select(x =>
            (AlertAgreement.ParseMarked(x.Row.Columns[options.AlertColumn]), AlertAgreement.Alerted(x.Scored))));

    private static CategoryRecall? CategoriesOf(IEnumerable<ScoredRow> rows, string? column) =>
        column is null ? null : CategoryRecall.Of(rows.Select(x => (ParseCategories(x.Row.Columns[column]), x.Reported)));

    private static Report Evaluate(List<ScoredRow> scored, GoldFile.Selection selection, ArticleScorer scorer, EvaluateOptions options)
    {
        var overall = MetricsOf(scored);
        var byLanguage = scored.GroupBy(x => x.Scored.Language).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LanguageReport(g.Key, MetricsOf(g))).ToList();
        var groups = new List<GroupReport>();
        foreach (var column in options.By ?? [])
        {
            foreach (var g in scored.GroupBy(x => x.Row.Columns[column]).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var m = MetricsOf(g);
                groups.Add(new GroupReport(column, g.Key, m, m.MacroF1Over("escalation", "deescalation"), CategoriesOf(g, options.CategoriesColumn),
                    DyadsOf(g, options)));
            }
        }

        var coverage = scored.GroupBy(x => x.Row.Label).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, double>)Enum.GetValues<SignalCategory>().ToDictionary(
                WireName,
                c => Math.Round((double)g.Count(x => x.Scored.Signals.Any(s => s.Category == c)) / g.Count(), 4)),
            StringComparer.Ordinal);
        var calibrated = scored.Count > 0 && scored.All(x => x.Scored.EscalationProbability is not null);
        IReadOnlyList<Reliability> reliability =
        [
            Reliability.Of("escalation", [.. scored.Select(x => (Scores(x.Scored).Escalation, x.Row.Label == "escalation"))],
                field: calibrated ? "escalationProbability" : "escalation"),
            Reliability.Of("deescalation", [.. scored.Select(x => (Scores(x.Scored).Deescalation, x.Row.Label == "deescalation"))],
                field: calibrated ? "deescalationProbability" : "deescalation"),
        ];

        return new Report(options.GoldPath, [.. (options.Filters ?? []).Select(f => $"{f.Column}={f.Value}")], selection.Rows.Count,
            selection.UnlabelledSkipped, selection.FilteredOut, scorer.ModelVersion, scorer.LexiconVersion, overall,
            overall.MacroF1Over("escalation", "deescalation"), byLanguage, groups, CategoriesOf(scored, options.CategoriesColumn),
            reliability, coverage, DyadsOf(scored, options), AlertsOf(scored, options));
    }

    private static string WireName(SignalCategory c) => WireNames.Of(c);
}
