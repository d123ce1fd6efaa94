using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace EscalationRisk.Scoring.Model;

/// <summary>
/// Loads the trained ML.NET model (<c>model.zip</c>, with <c>model.json</c>) once, at start-up, and turns it into a
/// <see cref="LinearModel"/>: scoring then needs no ML.NET call and no prediction engine per thread.
/// </summary>
internal static class ModelFile
{
    public const string ResourcePrefix = "EscalationRisk.Scoring.Model.";

    /// <summary>
    /// A model shipped inside this library (<c>model</c>: the sentence classifier; <c>topics</c>: the document-topic
    /// classifier), or null when the library was built without it.
    /// </summary>
    public static LinearModel? LoadEmbedded(string name = "model", string features = SentenceFeatures.Version)
    {
        var assembly = typeof(ModelFile).Assembly;
        using var zip = assembly.GetManifestResourceStream(ResourcePrefix + name + ".zip");
        using var json = assembly.GetManifestResourceStream(ResourcePrefix + name + ".json");
        return zip is null || json is null ? null : Load(zip, json, features);
    }

    public static LinearModel Load(Stream zip, Stream json, string features = SentenceFeatures.Version)
    {
        var card = JsonSerializer.Deserialize<ModelCard>(json) ?? throw new InvalidDataException("model.json is empty");
        if (card.Features != features)
        {
            throw new InvalidDataException($"The model was trained on features {card.Features}, this scorer computes {features}: retrain it.");
        }

        var context = new MLContext(seed: 1);
        var transformer = context.Model.Load(zip, out _);
        var parameters = FindParameters(transformer)
            ?? throw new InvalidDataException("model.zip holds no maximum-entropy classifier");
        return FromParameters(parameters, card.Labels, card.Version);
    }

    /// <summary>Lays the trained weights out feature-major; class k of the model is <paramref name="labels"/>[k].</summary>
    public static LinearModel FromParameters(MaximumEntropyModelParameters parameters, IReadOnlyList<string> labels, string version)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        VBuffer<float>[] weights = [];
        parameters.GetWeights(ref weights, out var classes);
        if (classes != labels.Count)
        {
            throw new InvalidDataException($"The model has {classes} classes but model.json names {labels.Count}.");
        }

        var dense = new float[classes * SentenceFeatures.Dimension];
        for (var k = 0; k < classes; k++)
        {
            var w = weights[k];
            if (w.Length != SentenceFeatures.Dimension)
            {
                throw new InvalidDataException($"The model has {w.Length} features, not {SentenceFeatures.Dimension}.");
            }

            var values = w.GetValues();
            var indices = w.GetIndices();
            for (var i = 0; i < values.Length; i++)
            {
                var feature = w.IsDense ? i : indices[i];
                dense[(feature * classes) + k] = values[i];
            }
        }

        return new LinearModel(labels, dense, [.. parameters.GetBiases()], version);
    }

    private static MaximumEntropyModelParameters? FindParameters(ITransformer transformer) => transformer switch
    {
        MulticlassPredictionTransformer<MaximumEntropyModelParameters> p => p.Model,
        IEnumerable<ITransformer> chain => chain.Select(FindParameters).LastOrDefault(p => p is not null),
        _ => null,
    };
}
