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

    /// <summary>Class probabilities for features <paramref name="indices"/>, each of value <paramref name="value"/>.</summary>
    public void Predict(List<int> indices, float value, Span<float> probabilities)
    {
        var k = _biases.Length;
        _biases.CopyTo(probabilities);
        foreach (var f in indices)
        {
            var row = _weights.AsSpan(f * k, k);
            for (var c = 0; c < k; c++)
            {
                probabilities[c] += row[c] * value;
            }
        }

        var max = float.NegativeInfinity;
        for (var c = 0; c < k; c++)
        {
            max = MathF.Max(max, probabilities[c]);
        }

        var sum = 0f;
        for (var c = 0; c < k; c++)
        {
            probabilities[c] = MathF.Exp(probabilities[c] - max);
            sum += probabilities[c];
        }

        for (var c = 0; c < k; c++)
        {
            probabilities[c] /= sum;
        }
    }
}
