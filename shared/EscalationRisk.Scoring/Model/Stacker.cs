using System.Text.Json;

namespace EscalationRisk.Scoring.Model;

/// <summary>
/// The second stage: from what the rules and the n-gram model saw in a sentence (<see cref="SentenceEvidence"/>) to the
/// probability that the sentence reports escalation, de-escalation or neither. Immutable and allocation-free.
/// </summary>
internal sealed class Stacker
{
    public const int Escalation = 0;
    public const int Deescalation = 1;
    public const int Neutral = 2;
    public static readonly string[] ClassNames = ["escalation", "deescalation", "neutral"];

    private readonly StackerFile _file;
    private readonly float[]? _weights; // linear, class-major: [class * Length + feature]
    private readonly FlatForest? _forest;
    private readonly LeafMaskForest? _masks; // the same trees, evaluated faster; null where a tree does not fit it

    public Stacker(StackerFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Evidence != SentenceEvidence.Version || file.Features.Count != SentenceEvidence.Length)
        {
            throw new InvalidDataException($"The stacker was trained on evidence {file.Evidence}, this scorer computes {SentenceEvidence.Version}: retrain it.");
        }

        if (!file.Classes.SequenceEqual(ClassNames) || file.Biases.Length != ClassNames.Length)
        {
            throw new InvalidDataException("stacker.json must have the classes escalation, deescalation, neutral in that order.");
        }

        switch (file.Kind)
        {
            case "linear" when file.Weights is { Count: 3 } w && w.All(r => r.Length == SentenceEvidence.Length):
                _weights = [.. w.SelectMany(r => r)];
                break;
            case "trees" when file.Trees is { Count: 3 } t && t.SelectMany(x => x).All(Valid):
                _forest = new FlatForest(t);
                _masks = LeafMaskForest.TryBuild(t, SentenceEvidence.Length);
                break;
            default:
                throw new InvalidDataException($"stacker.json: kind '{file.Kind}' without matching weights or trees");
        }

        _file = file;
    }

    public string Version => _file.Version;

    public string Kind => _file.Kind;

    /// <summary>Whether the trees are evaluated by <see cref="LeafMaskForest"/> (every tree fits it) rather than walked.</summary>
    internal bool UsesLeafMasks => _masks is not null;

    /// <summary>How the article's scores are calibrated, or null when the file holds no calibration.</summary>
    public Calibration? Calibration => _file.Calibration;

    /// <summary>Writes the three class probabilities of <paramref name="evidence"/> into <paramref name="probabilities"/>.</summary>
    public void Predict(ReadOnlySpan<float> evidence, Span<float> probabilities) => Predict(evidence, probabilities, walk: false);

    /// <summary>
    /// As <see cref="Predict(ReadOnlySpan{float}, Span{float})"/>; with <paramref name="walk"/>, a tree stage walks its
    /// trees node by node even where <see cref="LeafMaskForest"/> could take them (the tests compare the two).
    /// </summary>
    internal void Predict(ReadOnlySpan<float> evidence, Span<float> probabilities, bool walk)
    {
        var max = double.NegativeInfinity;
        Span<double> raw = stackalloc double[3];
        Span<double> forest = stackalloc double[3];
        var masks = walk ? null : _masks;
        masks?.Sums(evidence, forest);
        for (var k = 0; k < ClassNames.Length; k++)
        {
            var sum = _file.Biases[k];
            if (_weights is { } weights)
            {
                var row = weights.AsSpan(k * SentenceEvidence.Length, SentenceEvidence.Length);
                for (var i = 0; i < row.Length; i++)
                {
                    sum += row[i] * evidence[i];
                }
            }
            else
            {
                sum += masks is null ? _forest!.Sum(k, evidence) : forest[k];
            }

            raw[k] = sum;
            max = Math.Max(max, sum);
        }

        var total = 0.0;
        for (var k = 0; k < ClassNames.Length; k++)
        {
            raw[k] = Math.Exp(raw[k] - max);
            total += raw[k];
        }

        for (var k = 0; k < ClassNames.Length; k++)
        {
            probabilities[k] = (float)(raw[k] / total);
        }
    }

    /// <summary>
    /// The trees of each class laid out in a few flat arrays (one entry per node across all trees, children and leaves
    /// as absolute indices), so that walking a sentence's 450 trees follows arrays in order instead of chasing 450
    /// objects: the same sums as walking the trees one by one, several times faster.
    /// </summary>
    private sealed class FlatForest
    {
        private readonly Node[] _nodes;
        private readonly double[] _leaf;
        private readonly int[] _root;   // per tree: its first node, or ~leaf for a tree that is one leaf
        private readonly double[] _weight;
        private readonly int[] _classStart; // per class: its first tree; one more entry closes the last class

        /// <summary>One split: children are node indices, or ~leaf index (negative) for leaves.</summary>
        private readonly record struct Node(int Feature, float Threshold, int Left, int Right);

        public FlatForest(IReadOnlyList<StackerTree[]> classes)
        {
            var trees = classes.SelectMany(c => c).ToList();
            _nodes = new Node[trees.Sum(t => t.Feature.Length)];
            _leaf = new double[trees.Sum(t => t.Leaf.Length)];
            (_root, _weight) = (new int[trees.Count], new double[trees.Count]);
            _classStart = new int[classes.Count + 1];
            int n = 0, l = 0, i = 0;
            for (var k = 0; k < classes.Count; k++)
            {
                _classStart[k] = i;
                foreach (var tree in classes[k])
                {
                    _weight[i] = tree.Weight;
                    _root[i++] = tree.Feature.Length == 0 ? ~l : n;
                    for (var j = 0; j < tree.Feature.Length; j++)
                    {
                        _nodes[n + j] = new Node(tree.Feature[j], tree.Threshold[j],
                            tree.Left[j] >= 0 ? n + tree.Left[j] : ~(l + ~tree.Left[j]),
                            tree.Right[j] >= 0 ? n + tree.Right[j] : ~(l + ~tree.Right[j]));
                    }

                    tree.Leaf.CopyTo(_leaf, l);
                    n += tree.Feature.Length;
                    l += tree.Leaf.Length;
                }
            }

            _classStart[classes.Count] = i;
        }

        /// <summary>The weighted sum of class <paramref name="k"/>'s trees over <paramref name="evidence"/>.</summary>
        public double Sum(int k, ReadOnlySpan<float> evidence)
        {
            var nodes = _nodes.AsSpan();
            var sum = 0.0;
            for (var t = _classStart[k]; t < _classStart[k + 1]; t++)
            {
                var node = _root[t];
                while (node >= 0)
                {
                    ref readonly var split = ref nodes[node];
                    node = evidence[split.Feature] <= split.Threshold ? split.Left : split.Right;
                }

                sum += _weight[t] * _leaf[~node];
            }

            return sum;
        }
    }

    /// <summary>A tree whose nodes all lead to valid nodes or leaves and split on a feature of the evidence.</summary>
    private static bool Valid(StackerTree t)
    {
        var nodes = t.Feature.Length;
        bool Child(int c) => c >= 0 ? c > 0 && c < nodes : ~c < t.Leaf.Length;
        return t.Threshold.Length == nodes && t.Left.Length == nodes && t.Right.Length == nodes && t.Leaf.Length == nodes + 1
            && t.Feature.All(f => f >= 0 && f < SentenceEvidence.Length) && t.Left.All(Child) && t.Right.All(Child);
    }

    /// <summary>The stacker shipped in this library, or null when there is none.</summary>
    public static Stacker? LoadEmbedded()
    {
        using var json = typeof(Stacker).Assembly.GetManifestResourceStream(ModelFile.ResourcePrefix + "stacker.json");
        return json is null ? null : Load(json);
    }

    public static Stacker Load(Stream json) =>
        new(JsonSerializer.Deserialize(json, ModelJsonContext.Default.StackerFile) ?? throw new InvalidDataException("stacker.json is empty"));
}
