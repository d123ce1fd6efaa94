using System.Globalization;
using System.Text.Json;
using EscalationRisk.Cli.Evaluation;
using EscalationRisk.Scoring;
using EscalationRisk.Scoring.Model;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace EscalationRisk.Cli.Training;

/// <summary>
/// Trains the second stage: a classifier from what the rules and the n-gram model saw in a sentence
/// (<see cref="SentenceEvidence"/>) to its polarity. The n-gram probabilities of the corpus rows are out-of-fold, so the
/// stage learns how far to trust the n-gram model on sentences it was not trained on. Two trainers are compared,
/// SDCA maximum entropy and LightGBM, by cross-validation on the corpus and on held-out dev rows, and the better on dev
/// (on cross-validation when there are no dev rows) is kept, exported to <c>stacker.json</c> in a form the scorer
/// evaluates itself; the export is checked against ML.NET's own predictions.
/// </summary>
internal static class StackerTrainer
{
    private static readonly string[] Languages = ["all", "ar", "en"];

    /// <summary>How close two second stages must be on the dev rows' macro-F1 to count as even there.</summary>
    internal const double DevTie = 0.005;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private sealed class StackRow
    {
        public string Label { get; set; } = "";
        public string Language { get; set; } = "";
        public float[] Features { get; set; } = [];
    }

    private sealed class Probabilities
    {
        public float[] Score { get; set; } = [];
    }

    private sealed class Prediction
    {
        public uint Label { get; set; }
        public uint PredictedLabel { get; set; }
        public string Language { get; set; } = "";
    }

    public static (StackerFile Stacker, IReadOnlyList<StackerFigures> Figures, string Chosen) Train(
        IReadOnlyList<StackInput> corpus, IReadOnlyList<StackInput> dev, IReadOnlyList<string> modelLabels, int folds, int seed, string version)
    {
        var scorer = new ArticleScorer(Scoring.Matching.CompiledLexicon.LoadEmbedded(), TimeProvider.System, model: null);
        List<StackRow> Rows(IReadOnlyList<StackInput> inputs) =>
            [.. inputs.Select(i => new StackRow { Label = i.Polarity, Language = i.Language, Features = scorer.Evidence(i.Text, i.NgramProbabilities, modelLabels) })];

        var context = new MLContext(seed: seed);
        var schema = SchemaDefinition.Create(typeof(StackRow));
        schema[nameof(StackRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, SentenceEvidence.Length);
        var trainRows = Rows(corpus);
        var devRows = Rows(dev);
        var train = context.Data.LoadFromEnumerable(trainRows, schema);
        var devView = context.Data.LoadFromEnumerable(devRows, schema);
        var toKey = context.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue);

        var trainers = new (string Name, IEstimator<ITransformer> Estimator)[]
        {
            ("sdca-maxent", toKey.Append(context.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "Label", FeatureColumnName = "Features", NumberOfThreads = 1, MaximumNumberOfIterations = 200, L2Regularization = 1e-3f,
            }))),
            ("lightgbm", toKey.Append(context.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                LabelColumnName = "Label", FeatureColumnName = "Features", NumberOfThreads = 1, Seed = seed, NumberOfIterations = 40,
                NumberOfLeaves = 15, MinimumExampleCountPerLeaf = 20, LearningRate = 0.15, UseSoftmax = true,
            }))),
        };

        var figures = new List<StackerFigures>();
        var files = new Dictionary<string, StackerFile>();
        foreach (var (name, estimator) in trainers)
        {
            var cross = context.MulticlassClassification.CrossValidate(train, estimator, folds, "Label", seed: seed);
            var labels = KeyValues(cross[0].Model.GetOutputSchema(train.Schema));
            var cv = Figures(cross.SelectMany(f => context.Data.CreateEnumerable<Prediction>(f.ScoredHoldOutSet, reuseRowObject: false)).ToList(), labels);
            var model = estimator.Fit(train);
            var devFigures = dev.Count == 0 ? [] : Figures(context.Data.CreateEnumerable<Prediction>(model.Transform(devView), reuseRowObject: false).ToList(), labels);
            figures.Add(new StackerFigures(name, cv, devFigures));
            var file = name == "sdca-maxent" ? Linear(model, labels, version) : Trees(model, labels, version);
            CheckParity(context, model, labels, file, dev.Count > 0 ? devView : train, dev.Count > 0 ? devRows : trainRows);
            files[name] = file;
        }

        // The better on dev, unless the two are within DevTie of each other there (about two rows of the 391): then
        // the better by cross-validation over the whole corpus, which rests on thirty times the rows.
        static double All(IReadOnlyList<PolarityFigures> f) => f.Single(p => p.Language == "all").MacroF1;
        double Dev(StackerFigures f) => All(f.Dev.Count > 0 ? f.Dev : f.CrossValidation);
        var best = figures.Max(Dev);
        var chosen = figures.Where(f => Dev(f) >= best - DevTie).OrderByDescending(f => All(f.CrossValidation)).First().Trainer;
        return (files[chosen], figures, chosen);
    }

    /// <summary>The exported stage must give ML.NET's probabilities (to 1e-4) on every row it is checked on.</summary>
    private static void CheckParity(MLContext context, ITransformer model, string[] labels, StackerFile file, IDataView view, List<StackRow> rows)
    {
        var stacker = new Stacker(file);
        var expected = context.Data.CreateEnumerable<Probabilities>(model.Transform(view), reuseRowObject: false).ToList();
        var order = Stacker.ClassNames.Select(c => Array.IndexOf(labels, c)).ToArray();
        Span<float> actual = stackalloc float[3];
        for (var i = 0; i < rows.Count; i++)
        {
            stacker.Predict(rows[i].Features, actual);
            for (var k = 0; k < 3; k++)
            {
                if (Math.Abs(actual[k] - expected[i].Score[order[k]]) > 1e-4)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"the exported {file.Kind} stage gives {actual[k]:0.00000} for class {Stacker.ClassNames[k]} of row {i}, ML.NET {expected[i].Score[order[k]]:0.00000}"));
                }
            }
        }
    }

    /// <summary>
    /// Adds Platt scaling of the article scores to <paramref name="stacker"/>, fitted on labelled rows scored by the
    /// whole pipeline (lexicon, <paramref name="model"/> and the stage); with no rows, the stage is returned as it is.
    /// </summary>
    public static StackerFile Calibrate(StackerFile stacker, LinearModel model, IReadOnlyList<(string Text, string Language, string Label)> rows)
    {
        if (rows.Count == 0)
        {
            return stacker;
        }

        var scorer = new ArticleScorer(Scoring.Matching.CompiledLexicon.LoadEmbedded(), TimeProvider.System, model, new Stacker(stacker with { Calibration = null }));
        var scored = rows.Select(r => (r.Label, Scored: scorer.Score(new Contracts.ArticleSubmitted("dev", r.Text, Language: r.Language)))).ToList();
        return stacker with
        {
            Calibration = new Calibration(
                PlattScale.Fit([.. scored.Select(x => (x.Scored.Escalation, x.Label == "escalation"))]),
                PlattScale.Fit([.. scored.Select(x => (x.Scored.Deescalation, x.Label == "deescalation"))])),
        };
    }

    public static void Write(string folder, StackerFile stacker) =>
        File.WriteAllText(Path.Combine(folder, "stacker.json"), JsonSerializer.Serialize(stacker, Indented) + "\n");

    public static string Describe(StackerFigures f)
    {
        static string Row(PolarityFigures p) => string.Create(CultureInfo.InvariantCulture, $"{p.Language} {p.MacroF1:0.000} ({p.Rows})");
        return $"  {f.Trainer,-12} cross-validation macro-F1: {string.Join(", ", f.CrossValidation.Select(Row))}" +
            (f.Dev.Count == 0 ? "" : $"; dev: {string.Join(", ", f.Dev.Select(Row))}");
    }

    private static List<PolarityFigures> Figures(List<Prediction> predictions, string[] labels) =>
        [.. Languages.Select(language =>
        {
            var subset = predictions.Where(p => language == "all" || p.Language == language).ToList();
            var m = Metrics.Compute([.. subset.Select(p => (labels[(int)p.Label - 1], labels[(int)p.PredictedLabel - 1], (IReadOnlyDictionary<string, double>?)null))], Stacker.ClassNames);
            return new PolarityFigures(language, subset.Count, Math.Round(m.Accuracy, 4), Math.Round(m.MacroF1, 4));
        })];

    private static StackerFile Linear(ITransformer model, string[] labels, string version)
    {
        var parameters = ((IEnumerable<ITransformer>)model).OfType<MulticlassPredictionTransformer<MaximumEntropyModelParameters>>().Single().Model;
        VBuffer<float>[] weights = [];
        parameters.GetWeights(ref weights, out _);
        var biases = parameters.GetBiases().ToArray();
        var byClass = Stacker.ClassNames.Select(c => Array.IndexOf(labels, c)).ToArray();
        return new StackerFile($"{version}-linear", SentenceEvidence.Version, "linear", Stacker.ClassNames, SentenceEvidence.Names,
            [.. byClass.Select(k => (double)biases[k])], Weights: [.. byClass.Select(k => weights[k].DenseValues().ToArray())]);
    }

    private static StackerFile Trees(ITransformer model, string[] labels, string version)
    {
        var parameters = ((IEnumerable<ITransformer>)model).OfType<MulticlassPredictionTransformer<OneVersusAllModelParameters>>().Single().Model;
        // ML.NET 5 keeps the per-class models of a one-versus-all classifier behind a non-public property.
        var subModels = (System.Collections.IEnumerable)typeof(OneVersusAllModelParameters)
            .GetProperty("SubModelParameters", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)!
            .GetValue(parameters)!;
        static object Uncalibrated(object p) =>
            p is Microsoft.ML.Calibrators.CalibratedModelParametersBase<LightGbmBinaryModelParameters, Microsoft.ML.Calibrators.PlattCalibrator> c ? c.SubModel : p;
        var ensembles = subModels.Cast<object>().Select(Uncalibrated).Select(p => p switch
        {
            TreeEnsembleModelParametersBasedOnRegressionTree t => t.TrainedTreeEnsemble,
            _ => throw new InvalidOperationException($"unexpected LightGBM sub-model {p.GetType().Name}"),
        }).ToArray();
        var byClass = Stacker.ClassNames.Select(c => Array.IndexOf(labels, c)).ToArray();
        return new StackerFile($"{version}-trees", SentenceEvidence.Version, "trees", Stacker.ClassNames, SentenceEvidence.Names,
            [.. byClass.Select(k => ensembles[k].Bias)],
            Trees: [.. byClass.Select(k => ensembles[k].Trees.Select((t, i) => new StackerTree(ensembles[k].TreeWeights[i],
                [.. t.NumericalSplitFeatureIndexes], [.. t.NumericalSplitThresholds], [.. t.LeftChild], [.. t.RightChild], [.. t.LeafValues])).ToArray())]);
    }

    private static string[] KeyValues(DataViewSchema schema)
    {
        VBuffer<ReadOnlyMemory<char>> keys = default;
        schema["Label"].GetKeyValues(ref keys);
        return [.. keys.DenseValues().Select(k => k.ToString())];
    }
}
