using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EscalationRisk.Cli.Evaluation;
using EscalationRisk.Scoring.Model;
using Microsoft.ML;

namespace EscalationRisk.Cli.Training;

/// <summary>
/// <c>train-topics [--topics data/topics] [--out shared/EscalationRisk.Scoring/Model] [--folds 5] [--seed 1]</c>: trains the
/// document-topic classifier (what a whole report is about: conflict, sport, business, history and ceremony, fiction,
/// weather and disasters, domestic politics, routine state news) on the team's labelled article-like texts, with the
/// sentence classifier's features and learner, reports k-fold cross-validation per language, and writes
/// <c>topics.zip</c> and <c>topics.json</c>. The scorer's topic gating reads it.
/// </summary>
internal static class TopicTrainer
{
    private static readonly string[] Columns = ["id", "language", "topic", "text"];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The topics, in the order the scorer expects to find them among the model's labels.</summary>
    public static readonly string[] Topics = ["conflict", "sport", "business", "history", "fiction", "weather", "domestic", "routine"];

    public sealed record TopicReport(
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("features")] string Features,
        [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels,
        [property: JsonPropertyName("seed")] int Seed,
        [property: JsonPropertyName("folds")] int Folds,
        [property: JsonPropertyName("rowsByLanguage")] IReadOnlyDictionary<string, int> RowsByLanguage,
        [property: JsonPropertyName("rowsByTopic")] IReadOnlyDictionary<string, int> RowsByTopic,
        [property: JsonPropertyName("crossValidation")] IReadOnlyDictionary<string, double> CrossValidationAccuracy,
        [property: JsonPropertyName("conflictF1")] IReadOnlyDictionary<string, double> ConflictF1);

    public static Command Create()
    {
        var topics = new Option<string>("--topics") { Description = "Folder of topic TSV files (id, language, topic, text).", DefaultValueFactory = _ => Path.Combine("data", "topics") };
        var output = new Option<string>("--out") { Description = "Folder to write topics.zip and topics.json to.", DefaultValueFactory = _ => Path.Combine("shared", "EscalationRisk.Scoring", "Model") };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds.", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seed for the folds and the trainer.", DefaultValueFactory = _ => 1 };
        var command = new Command("train-topics", "Train the document-topic classifier that gates conflict signals in reports about other things.") { topics, output, folds, seed };
        command.SetAction(r => Run(r.GetValue(topics)!, r.GetValue(output)!, r.GetValue(folds), r.GetValue(seed), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string folder, string outDir, int folds, int seed, TextWriter stdout, TextWriter stderr)
    {
        List<(string Id, string Language, string Topic, string Text)> rows;
        try
        {
            rows = Read(folder);
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return ScoreCommand.ExitUsage;
        }

        if (rows.Count < folds * Topics.Length)
        {
            stderr.WriteLine($"error: {rows.Count} rows are too few for {folds}-fold cross-validation over {Topics.Length} topics");
            return ScoreCommand.ExitUsage;
        }

        // Words only, no bigrams: at scoring time a document's class scores are then a sum of cached per-word vectors.
        var data = new TrainCommand.Featurizer().Rows(rows.Select(r => (r.Topic, r.Language, r.Text)), bigrams: false);
        var context = new MLContext(seed: seed);
        var view = context.Data.LoadFromEnumerable(data, TrainCommand.Schema());
        var pipeline = TrainCommand.MaxEnt(context, TrainCommand.TopicL2);
        var model = pipeline.Fit(view);
        var labels = TrainCommand.KeyValues(model.GetOutputSchema(view.Schema));
        var cross = context.MulticlassClassification.CrossValidate(view, pipeline, folds, "Label", seed: seed);
        var scored = cross.SelectMany(fold => context.Data.CreateEnumerable<TrainCommand.ScoredRow>(fold.ScoredHoldOutSet, reuseRowObject: false)).ToList();
        var accuracy = new Dictionary<string, double>(StringComparer.Ordinal);
        var conflictF1 = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var language in new[] { "all", "ar", "en" })
        {
            var subset = scored.Where(s => language == "all" || s.Language == language).ToList();
            var m = Metrics.Compute([.. subset.Select(s => (labels[(int)s.Label - 1], labels[(int)s.PredictedLabel - 1], (IReadOnlyDictionary<string, double>?)null))], labels);
            accuracy[language] = Math.Round(m.Accuracy, 4);
            conflictF1[language] = Math.Round(m.Classes.FirstOrDefault(c => c.Label == "conflict")?.F1 ?? 0, 4);
        }

        var hash = Hash(rows, seed);
        var report = new TopicReport($"topics-{hash[..12]}", SentenceFeatures.WordsOnlyVersion, labels, seed, folds,
            rows.GroupBy(r => r.Language).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            rows.GroupBy(r => r.Topic).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            accuracy, conflictF1);
        Directory.CreateDirectory(outDir);
        context.Model.Save(model, view.Schema, Path.Combine(outDir, "topics.zip"));
        File.WriteAllText(Path.Combine(outDir, "topics.json"), JsonSerializer.Serialize(report, Indented) + "\n");
        stdout.WriteLine($"topics: {rows.Count} texts ({string.Join(", ", report.RowsByLanguage.Select(kv => $"{kv.Key} {kv.Value}"))})");
        foreach (var (language, value) in accuracy)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {language,-4} {folds}-fold accuracy {value:0.000}  conflict F1 {conflictF1[language]:0.000}"));
        }

        stdout.WriteLine($"model {report.Version} written to {Path.Combine(outDir, "topics.zip")}");
        return ScoreCommand.ExitOk;
    }

    public static List<(string Id, string Language, string Topic, string Text)> Read(string folder) =>
        [.. TrainCommand.ReadLabelledFolder(folder, "topics", Columns, Topics.ToHashSet(StringComparer.Ordinal),
                topic => $"unknown topic '{topic}' (one of {string.Join(", ", Topics)})")
            .Select(r => (r.Cells[0], r.Cells[1], r.Cells[2], r.Cells[3]))];

    private static string Hash(List<(string Id, string Language, string Topic, string Text)> rows, int seed) =>
        TrainCommand.Hash(SentenceFeatures.WordsOnlyVersion, seed, rows.Select(r => (r.Language, r.Topic, r.Text)));
}
