using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EscalationRisk.Cli.Evaluation;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Lexicon;
using EscalationRisk.Scoring.Matching;
using EscalationRisk.Scoring.Model;
using EscalationRisk.Scoring.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace EscalationRisk.Cli;

/// <summary>
/// <c>train [--corpus data/corpus] [--out shared/EscalationRisk.Scoring/Model] [--folds 5] [--seed 1]</c>: trains the
/// sentence classifier (multinomial logistic regression, SDCA, one thread so that the same corpus and seed give the
/// same model) on the team's corpus, reports k-fold cross-validation per language, and writes <c>model.zip</c> and
/// <c>model.json</c> (version, features, labels, corpus counts and hash, cross-validation figures).
/// </summary>
internal static class TrainCommand
{
    private static readonly string[] Columns = ["id", "language", "label", "categories", "text"];
    private static readonly string[] Languages = ["all", "ar", "en"];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly string[] Polarities = ["escalation", "deescalation", "neutral"];

    public static Command Create()
    {
        var corpus = new Option<string>("--corpus") { Description = "Folder of corpus TSV files.", DefaultValueFactory = _ => Path.Combine("data", "corpus") };
        var output = new Option<string>("--out") { Description = "Folder to write model.zip and model.json to.", DefaultValueFactory = _ => Path.Combine("shared", "EscalationRisk.Scoring", "Model") };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds.", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seed for the folds and the trainer.", DefaultValueFactory = _ => 1 };
        var dev = new Option<string[]>("--dev")
        {
            Description = "Labelled TSV files (columns text, label, language, split) whose split=dev rows compare the second stage's trainers (repeatable). Default: the challenge set's dev halves.",
            DefaultValueFactory = _ => [Path.Combine("data", "challenge", "challenge_en.tsv"), Path.Combine("data", "challenge", "challenge_ar.tsv")],
        };
        var command = new Command("train", "Train the learned part of the scorer on the team's labelled corpus.") { corpus, output, folds, seed, dev };
        command.SetAction(r => Run(r.GetValue(corpus)!, r.GetValue(output)!, r.GetValue(folds), r.GetValue(seed), Console.Out, Console.Error, r.GetValue(dev)));
        return command;
    }

    public sealed record CorpusRow(string Where, string Id, string Language, string Label, string Text);

    public sealed record FoldFigures(
        [property: JsonPropertyName("language")] string Language,
        [property: JsonPropertyName("rows")] int Rows,
        [property: JsonPropertyName("accuracy")] double Accuracy,
        [property: JsonPropertyName("macroF1")] double MacroF1,
        [property: JsonPropertyName("polarityMacroF1")] double PolarityMacroF1);

    public sealed record TrainingReport(
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("features")] string Features,
        [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels,
        [property: JsonPropertyName("seed")] int Seed,
        [property: JsonPropertyName("folds")] int Folds,
        [property: JsonPropertyName("corpusSha256")] string CorpusSha256,
        [property: JsonPropertyName("rowsByLanguage")] IReadOnlyDictionary<string, int> RowsByLanguage,
        [property: JsonPropertyName("rowsByLabel")] IReadOnlyDictionary<string, int> RowsByLabel,
        [property: JsonPropertyName("crossValidation")] IReadOnlyList<FoldFigures> CrossValidation,
        [property: JsonPropertyName("stacker")] IReadOnlyList<Training.StackerFigures>? Stacker = null,
        [property: JsonPropertyName("stackerChosen")] string? StackerChosen = null,
        [property: JsonPropertyName("calibration")] Calibration? Calibration = null);

    public static int Run(string corpusDir, string outDir, int folds, int seed, TextWriter stdout, TextWriter stderr, IReadOnlyList<string>? devFiles = null)
    {
        List<CorpusRow> rows;
        List<CorpusRow> dev;
        try
        {
            rows = ReadCorpus(corpusDir);
            dev = ReadDev(devFiles ?? []);
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return ScoreCommand.ExitUsage;
        }

        if (rows.Select(r => r.Label).Distinct().Count() < 2)
        {
            stderr.WriteLine("error: the corpus needs at least two labels to learn anything");
            return ScoreCommand.ExitUsage;
        }

        if (rows.Count < folds * 2)
        {
            stderr.WriteLine($"error: {rows.Count} rows are too few for {folds}-fold cross-validation");
            return ScoreCommand.ExitUsage;
        }

        var report = Train(rows, dev, outDir, folds, seed);
        stdout.WriteLine($"corpus: {rows.Count} rows ({string.Join(", ", report.RowsByLanguage.Select(kv => $"{kv.Key} {kv.Value}"))}), sha256 {report.CorpusSha256[..12]}");
        stdout.WriteLine($"{folds}-fold cross-validation (seed {seed}):");
        foreach (var f in report.CrossValidation)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {f.Language,-4} rows {f.Rows,5}  accuracy {f.Accuracy:0.000}  macro-F1 (11 classes) {f.MacroF1:0.000}  macro-F1 (polarity) {f.PolarityMacroF1:0.000}"));
        }

        stdout.WriteLine($"second stage ({dev.Count} dev rows):");
        foreach (var f in report.Stacker ?? [])
        {
            stdout.WriteLine(Training.StackerTrainer.Describe(f));
        }

        if (report.Calibration is { } cal)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"calibration (Platt, on dev): escalation a {cal.Escalation.A:0.000} b {cal.Escalation.B:0.000}; deescalation a {cal.Deescalation.A:0.000} b {cal.Deescalation.B:0.000}"));
        }

        stdout.WriteLine($"model {report.Version} written to {Path.Combine(outDir, "model.zip")}, its second stage ({report.StackerChosen}: the better on dev, or by cross-validation when even on dev) to {Path.Combine(outDir, "stacker.json")}");
        return ScoreCommand.ExitOk;
    }

    public static List<CorpusRow> ReadCorpus(string folder)
    {
        var allowed = Taxonomy.Categories.Select(CategoryName).Append("neutral").ToHashSet(StringComparer.Ordinal);
        return [.. ReadLabelledFolder(folder, "corpus", Columns, allowed, label => $"unknown label '{label}'")
            .Select(r => new CorpusRow(r.Where, r.Cells[0], r.Cells[1], r.Cells[2], r.Cells[4]))];
    }

    /// <summary>
    /// The rows of every <c>*.tsv</c> of a folder of labelled texts (the corpus, the topic texts), in file-name order,
    /// checked: the header is <paramref name="columns"/>, each row has that many cells, the language (second column)
    /// is <c>ar</c> or <c>en</c>, and the label (third column) is one of <paramref name="labels"/>. Each row comes with
    /// where it is (<c>file: line n</c>) for error messages.
    /// </summary>
    internal static IEnumerable<(string Where, string[] Cells)> ReadLabelledFolder(string folder, string what, string[] columns,
        IReadOnlySet<string> labels, Func<string, string> unknownLabel)
    {
        if (!Directory.Exists(folder))
        {
            throw new IOException($"no {what} folder {folder}");
        }

        var rows = new List<(string, string[])>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.tsv").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file, Encoding.UTF8);
            if (lines.Length == 0 || !lines[0].Split('\t').SequenceEqual(columns))
            {
                throw new FormatException($"{file}: the first line must be the header {string.Join("\\t", columns)}");
            }

            for (var i = 1; i < lines.Length; i++)
            {
                if (lines[i].Length == 0)
                {
                    continue;
                }

                var cells = lines[i].Split('\t');
                var where = $"{Path.GetFileName(file)}: line {i + 1}";
                if (cells.Length != columns.Length)
                {
                    throw new FormatException($"{where}: expected {columns.Length} columns, found {cells.Length}");
                }

                if (cells[1] is not ("ar" or "en"))
                {
                    throw new FormatException($"{where}: language must be ar or en, not '{cells[1]}'");
                }

                if (!labels.Contains(cells[2]))
                {
                    throw new FormatException($"{where}: {unknownLabel(cells[2])}");
                }

                rows.Add((where, cells));
            }
        }

        return rows;
    }

    /// <summary>The split=dev rows of labelled files (label: escalation, deescalation or neutral); a missing file is skipped.</summary>
    public static List<CorpusRow> ReadDev(IReadOnlyList<string> files)
    {
        var rows = new List<CorpusRow>();
        foreach (var file in files.Where(File.Exists))
        {
            var selection = GoldFile.Read(file, "text", "label", [("split", "dev")]);
            rows.AddRange(selection.Rows.Select(r => new CorpusRow($"{Path.GetFileName(file)}: line {r.Line}", r.Columns.GetValueOrDefault("id") ?? "",
                r.Columns.GetValueOrDefault("language") ?? "", r.Label, r.Text)));
        }

        return rows;
    }

    private static string CategoryName(Contracts.SignalCategory c) => Contracts.WireNames.Of(c);

    internal sealed class TrainingRow
    {
        public int Index { get; set; }
        public string Label { get; set; } = "";
        public string Language { get; set; } = "";
        public VBuffer<float> Features { get; set; }
    }

    internal sealed class ScoredRow
    {
        public int Index { get; set; }
        public float[] Score { get; set; } = [];
        public uint Label { get; set; }
        public uint PredictedLabel { get; set; }
        public string Language { get; set; } = "";
    }

    private static TrainingReport Train(List<CorpusRow> rows, List<CorpusRow> dev, string outDir, int folds, int seed)
    {
        var featurizer = new Featurizer();
        List<TrainingRow> Featurize(List<CorpusRow> source) => featurizer.Rows(source.Select(r => (r.Label, r.Language, r.Text)));

        var data = Featurize(rows);

        var context = new MLContext(seed: seed);
        var schema = Schema();
        var view = context.Data.LoadFromEnumerable(data, schema);
        var pipeline = MaxEnt(context);

        var model = pipeline.Fit(view);
        var labels = KeyValues(model.GetOutputSchema(view.Schema));
        var cross = context.MulticlassClassification.CrossValidate(view, pipeline, folds, "Label", seed: seed);
        var scored = cross.SelectMany(fold => context.Data.CreateEnumerable<ScoredRow>(fold.ScoredHoldOutSet, reuseRowObject: false)).ToList();
        var figures = Languages.Select(language =>
        {
            var subset = scored.Where(s => language == "all" || s.Language == language).ToList();
            var classes = Metrics.Compute([.. subset.Select(s => (labels[(int)s.Label - 1], labels[(int)s.PredictedLabel - 1], (IReadOnlyDictionary<string, double>?)null))], labels);
            var polarity = Metrics.Compute([.. subset.Select(s => (Polarity(labels[(int)s.Label - 1]), Polarity(labels[(int)s.PredictedLabel - 1]), (IReadOnlyDictionary<string, double>?)null))], Polarities);
            return new FoldFigures(language, subset.Count, Math.Round(classes.Accuracy, 4), Math.Round(classes.MacroF1, 4), Math.Round(polarity.MacroF1, 4));
        }).ToList();

        var hash = CorpusHash(rows, seed);
        var version = $"maxent-{hash[..12]}";

        // The second stage learns from out-of-fold n-gram probabilities, and is compared on dev rows scored by the full model.
        var outOfFold = new float[rows.Count][];
        foreach (var s in scored)
        {
            outOfFold[s.Index] = s.Score;
        }

        var devData = Featurize(dev);
        var devScores = context.Data.CreateEnumerable<ScoredRow>(model.Transform(context.Data.LoadFromEnumerable(devData, schema)), reuseRowObject: false).ToList();
        var (stacker, stackerFigures, chosen) = Training.StackerTrainer.Train(
            [.. rows.Select((r, i) => new Training.StackInput(Polarity(r.Label), r.Language, r.Text, outOfFold[i]))],
            [.. dev.Select((r, i) => new Training.StackInput(r.Label, r.Language, r.Text, devScores[i].Score))],
            labels, folds, seed, $"stack-{hash[..12]}");
        Directory.CreateDirectory(outDir);
        var zipPath = Path.Combine(outDir, "model.zip");
        context.Model.Save(model, view.Schema, zipPath);

        // Platt scaling of the article scores, fitted on the dev rows scored by the whole new pipeline.
        using (var zip = File.OpenRead(zipPath))
        {
            var linear = ModelFile.Load(zip, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(new ModelCard(version, SentenceFeatures.Version, labels))));
            stacker = Training.StackerTrainer.Calibrate(stacker, linear, [.. dev.Select(r => (r.Text, r.Language, r.Label))]);
        }

        var report = new TrainingReport(version, SentenceFeatures.Version, labels, seed, folds, hash,
            rows.GroupBy(r => r.Language).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            rows.GroupBy(r => r.Label).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            figures, stackerFigures, chosen, stacker.Calibration);
        Training.StackerTrainer.Write(outDir, stacker);
        File.WriteAllText(Path.Combine(outDir, "model.json"), JsonSerializer.Serialize(report, Indented) + "\n");
        return report;
    }

    private static string Polarity(string label) =>
        LexiconFile.ParseCategory(label) is { } category
            ? (Taxonomy.Of(category).Polarity == Contracts.Polarity.Escalation ? "escalation" : "deescalation")
            : "neutral";

    /// <summary>The ML.NET schema of the featurised rows: a fixed-size sparse vector of <see cref="SentenceFeatures.Dimension"/>.</summary>
    internal static SchemaDefinition Schema()
    {
        var schema = SchemaDefinition.Create(typeof(TrainingRow));
        schema[nameof(TrainingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, SentenceFeatures.Dimension);
        return schema;
    }

    /// <summary>
    /// The learner both classifiers use: multinomial logistic regression by SDCA on one thread, so that the same data
    /// and seed give the same model. The sentence model's L2 weight, 1e-5, was chosen by its 5-fold cross-validation on
    /// the corpus (first stage macro-F1 over 11 classes 0.643 at 1e-4, 0.808 at 1e-5, 0.816 at 3e-6; 0.145 at 1e-3)
    /// and on blind writers' sentences it had not been trained on; the topic classifier keeps the 1e-4 it was
    /// trained with.
    /// </summary>
    internal static IEstimator<ITransformer> MaxEnt(MLContext context, float l2 = SentenceL2) =>
        context.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(context.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "Label",
                FeatureColumnName = "Features",
                NumberOfThreads = 1,
                MaximumNumberOfIterations = 40,
                L2Regularization = l2,
            }));

    /// <summary>The sentence model's L2 weight (see <see cref="MaxEnt"/>).</summary>
    internal const float SentenceL2 = 1e-5f;

    /// <summary>The topic classifier's L2 weight.</summary>
    internal const float TopicL2 = 1e-4f;

    /// <summary>Texts to the scorer's hashed features (<see cref="SentenceFeatures"/>), as training rows.</summary>
    internal sealed class Featurizer
    {
        private readonly CompiledLexicon _lexicon = CompiledLexicon.LoadEmbedded();
        private readonly Workspace _workspace = new();
        private readonly List<int> _indices = [];
        private readonly List<float> _values = [];

        public List<TrainingRow> Rows(IEnumerable<(string Label, string Language, string Text)> source, bool bigrams = true)
        {
            var data = new List<TrainingRow>();
            foreach (var (label, language, text) in source)
            {
                _workspace.Analyze(text, _lexicon);
                SentenceFeatures.OfSpan(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_workspace.Tokens), _workspace.WordFeatures,
                    0, _workspace.Tokens.Count - 1, _indices, _values, bigrams);
                data.Add(new TrainingRow { Index = data.Count, Label = label, Language = language, Features = new VBuffer<float>(SentenceFeatures.Dimension, _indices.Count, [.. _values], [.. _indices]) });
            }

            return data;
        }
    }

    internal static string[] KeyValues(DataViewSchema schema)
    {
        VBuffer<ReadOnlyMemory<char>> keys = default;
        schema["Label"].GetKeyValues(ref keys);
        return [.. keys.DenseValues().Select(k => k.ToString())];
    }

    private static string CorpusHash(List<CorpusRow> rows, int seed) =>
        Hash(SentenceFeatures.Version, seed, rows.Select(r => (r.Language, r.Label, r.Text)));

    /// <summary>The SHA-256 of what a model is trained from: the feature set, the seed, and every row's language, label and text.</summary>
    internal static string Hash(string features, int seed, IEnumerable<(string Language, string Label, string Text)> rows)
    {
        var text = new StringBuilder().Append(features).Append('\n').Append(seed.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (language, label, body) in rows)
        {
            text.Append(language).Append('\t').Append(label).Append('\t').Append(body).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
