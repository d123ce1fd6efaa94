using System.Numerics;
using System.Runtime.CompilerServices;

namespace EscalationRisk.Scoring.Model;

/// <summary>
/// A multinomial logistic regression over sparse binary features: the weights of the ML.NET model, laid out
/// feature-major so one feature's class weights sit together. Immutable, so one instance serves every thread
/// without the locking or pooling <c>PredictionEngine</c> would need.
/// </summary>
internal sealed class LinearModel
{
    private readonly float[] _weights;
    private readonly float[] _biases;

    public LinearModel(IReadOnlyList<string> labels, float[] weightsFeatureMajor, float[] biases, string version)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(weightsFeatureMajor);
        ArgumentNullException.ThrowIfNull(biases);
        if (weightsFeatureMajor.Length != labels.Count * SentenceFeatures.Dimension || biases.Length != labels.Count)
        {
            throw new ArgumentException("Weights and biases do not match the labels and feature dimension.");
        }

        Labels = labels;
        _weights = weightsFeatureMajor;
        _biases = biases;
        Version = version;
    }

    public IReadOnlyList<string> Labels { get; }
    public string Version { get; }

    /// <summary>The weights, feature-major (feature f's class k at f × classes + k), for the tests that compare loaders.</summary>
    internal ReadOnlySpan<float> Weights => _weights;

    /// <summary>The class biases.</summary>
    internal ReadOnlySpan<float> Biases => _biases;

    /// <summary>The summed class weights of a word's features: its whole contribution before scaling.</summary>
    public float[] WordScores(int[] features)
    {
        var k = _biases.Length;
        var sum = new float[k];
        foreach (var f in features)
        {
            var row = _weights.AsSpan(f * k, k);
            for (var c = 0; c < k; c++)
            {
                sum[c] += row[c];
            }
        }

        return sum;
    }

    /// <summary>
    /// Class probabilities of tokens [<paramref name="first"/>, <paramref name="last"/>]: the words' cached scores and
    /// the bigrams' weights, scaled by √(feature occurrences) as in training, plus the biases, through a softmax.
    /// </summary>
    public void Predict(ReadOnlySpan<Text.Token> tokens, ReadOnlySpan<float[]> wordScores, ReadOnlySpan<int[]> wordFeatures,
        int first, int last, Span<float> probabilities) =>
        Predict(tokens, wordScores, wordFeatures, first, last, probabilities, bigrams: true);

    /// <summary>
    /// Class probabilities of tokens [<paramref name="first"/>, <paramref name="last"/>] from their words' cached scores
    /// alone, for a model trained without bigrams (<see cref="SentenceFeatures.WordsOnlyVersion"/>: the document-topic
    /// model): a sum of one cached vector per word, with no lookup in the weights.
    /// </summary>
    public void PredictWords(ReadOnlySpan<float[]> wordScores, ReadOnlySpan<int[]> wordFeatures, int first, int last, Span<float> probabilities) =>
        Predict(default, wordScores, wordFeatures, first, last, probabilities, bigrams: false);

    private void Predict(ReadOnlySpan<Text.Token> tokens, ReadOnlySpan<float[]> wordScores, ReadOnlySpan<int[]> wordFeatures,
        int first, int last, Span<float> probabilities, bool bigrams)
    {
        var k = _biases.Length;
        Span<float> sum = stackalloc float[k];
        sum.Clear();
        var occurrences = Vector.IsHardwareAccelerated && k >= Vector<float>.Count && k <= Vector<float>.Count + 4
            ? SumInRegisters(tokens, wordScores, wordFeatures, first, last, sum, bigrams)
            : SumInMemory(tokens, wordScores, wordFeatures, first, last, sum, bigrams);
        var scale = occurrences == 0 ? 0 : 1f / MathF.Sqrt(occurrences);
        for (var c = 0; c < k; c++)
        {
            probabilities[c] = _biases[c] + (sum[c] * scale);
        }

        Softmax(probabilities[..k]);
    }

    /// <summary>
    /// Adds the words' vectors and, with <paramref name="bigrams"/>, the bigrams' rows of tokens [<paramref name="first"/>,
    /// <paramref name="last"/>] to <paramref name="sum"/>, word then bigram token by token; returns the feature occurrences.
    /// </summary>
    private int SumInMemory(ReadOnlySpan<Text.Token> tokens, ReadOnlySpan<float[]> wordScores, ReadOnlySpan<int[]> wordFeatures,
        int first, int last, Span<float> sum, bool bigrams)
    {
        var k = sum.Length;
        var occurrences = 0;
        for (var i = first; i <= last; i++)
        {
            AddTo(sum, wordScores[i]);
            occurrences += wordFeatures[i].Length;
            if (bigrams && i > first)
            {
                AddTo(sum, _weights.AsSpan(SentenceFeatures.Bigram(tokens[i - 1].Hash, tokens[i].Hash) * k, k));
                occurrences++;
            }
        }

        return occurrences;
    }

    /// <summary>
    /// <see cref="SumInMemory"/> for up to four classes more than a vector holds (the shipped model's 11 on a machine with
    /// 8-float vectors): the sums stay in registers, one vector and four scalars, instead of being stored and reloaded
    /// after every addition, which made each token wait on two round trips through memory. Every class's sum takes the
    /// same additions in the same order, so the result is the same to the last bit.
    /// </summary>
    private int SumInRegisters(ReadOnlySpan<Text.Token> tokens, ReadOnlySpan<float[]> wordScores, ReadOnlySpan<int[]> wordFeatures,
        int first, int last, Span<float> sum, bool bigrams)
    {
        var (k, width) = (sum.Length, Vector<float>.Count);
        var head = Vector<float>.Zero;
        float t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        var occurrences = 0;
        for (var i = first; i <= last; i++)
        {
            Add(wordScores[i], width, ref head, ref t0, ref t1, ref t2, ref t3);
            occurrences += wordFeatures[i].Length;
            if (bigrams && i > first)
            {
                Add(_weights.AsSpan(SentenceFeatures.Bigram(tokens[i - 1].Hash, tokens[i].Hash) * k, k), width, ref head, ref t0, ref t1, ref t2, ref t3);
                occurrences++;
            }
        }

        head.CopyTo(sum);
        ReadOnlySpan<float> tail = [t0, t1, t2, t3];
        tail[..(k - width)].CopyTo(sum[width..]);
        return occurrences;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Add(ReadOnlySpan<float> row, int width, ref Vector<float> head, ref float t0, ref float t1, ref float t2, ref float t3)
        {
            head += new Vector<float>(row);
            var rest = row[width..];
            if (rest.Length > 0)
            {
                t0 += rest[0];
                if (rest.Length > 1)
                {
                    t1 += rest[1];
                    if (rest.Length > 2)
                    {
                        t2 += rest[2];
                        if (rest.Length > 3)
                        {
                            t3 += rest[3];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="row"/> to <paramref name="sum"/>, several classes at a time: each class's sum takes the same
    /// additions in the same order as one class at a time, so the result is the same to the last bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTo(Span<float> sum, ReadOnlySpan<float> row)
    {
        var c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; c + Vector<float>.Count <= row.Length; c += Vector<float>.Count)
            {
                (new Vector<float>(sum[c..]) + new Vector<float>(row[c..])).CopyTo(sum[c..]);
            }
        }

        for (; c < row.Length; c++)
        {
            sum[c] += row[c];
        }
    }

    private static void Softmax(Span<float> scores)
    {
        var max = float.NegativeInfinity;
        foreach (var s in scores)
        {
            max = MathF.Max(max, s);
        }

        var total = 0f;
        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] = MathF.Exp(scores[c] - max);
            total += scores[c];
        }

        for (var c = 0; c < scores.Length; c++)
        {
            scores[c] /= total;
        }
    }
}
