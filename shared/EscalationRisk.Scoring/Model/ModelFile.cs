using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace EscalationRisk.Scoring.Model;

/// <summary>
/// Loads the trained ML.NET model (<c>model.zip</c>, with <c>model.json</c>) once, at start-up, and turns it into a
/// <see cref="LinearModel"/>: scoring then needs no ML.NET call and no prediction engine per thread. The weights are
/// read straight from the zip (<see cref="TryReadWeights"/>); ML.NET itself is loaded only for a model that reader
/// does not know.
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
        var card = JsonSerializer.Deserialize(json, ModelJsonContext.Default.ModelCard) ?? throw new InvalidDataException("model.json is empty");
        if (card.Features != features)
        {
            throw new InvalidDataException($"The model was trained on features {card.Features}, this scorer computes {features}: retrain it.");
        }

        if (!zip.CanSeek)
        {
            var copy = new MemoryStream();
            zip.CopyTo(copy);
            copy.Position = 0;
            zip = copy;
        }

        var start = zip.Position;
        if (TryReadWeights(zip, card.Labels, card.Version) is { } model)
        {
            return model;
        }

        zip.Position = start;
        return LoadThroughMlNet(zip, card);
    }

    /// <summary>
    /// The model as ML.NET loads it: the whole transformer chain, then the classifier's weights. Used for a model
    /// <see cref="TryReadWeights"/> does not read, and by the tests that compare the two.
    /// </summary>
    internal static LinearModel LoadThroughMlNet(Stream zip, ModelCard card)
    {
        var context = new MLContext(seed: 1);
        var transformer = context.Model.Load(zip, out _);
        var parameters = FindParameters(transformer)
            ?? throw new InvalidDataException("model.zip holds no maximum-entropy classifier");
        return FromParameters(parameters, card.Labels, card.Version);
    }

    // ML.NET's model file (Model.key of each part in the zip): a 256-byte header, then the part's own data. The
    // header's signature, where the data starts and how long it is, and the part's signature and versions.
    private const int HeaderSize = 0x100;
    private const ulong FileSignature = 0x4C45444F4D004C4DUL; // "ML\0MODEL"
    private const ulong MaximumEntropySignature = 0x524C0049544C554DUL; // "MULTI\0LR"
    private const uint MaximumEntropyVersionReadable = 0x00010001;

    /// <summary>
    /// Reads the weights of the maximum-entropy classifier straight from its part of <c>model.zip</c>, as ML.NET's
    /// <c>LinearMulticlassModelParametersBase</c> writes them: float size (4), features, classes, the biases, then, for
    /// dense weights (the only layout training writes: no row starts and no indices), every class's weights in turn.
    /// Null when the zip holds no such part or it is laid out otherwise: the caller then loads the model through
    /// ML.NET. The weights are the same floats as ML.NET's (a test compares both on the shipped models). Loading
    /// ML.NET, its chain and its types cost the command line about a tenth of a 20,000-article run.
    /// </summary>
    internal static LinearModel? TryReadWeights(Stream zip, IReadOnlyList<string> labels, string version)
    {
        if (!BitConverter.IsLittleEndian)
        {
            return null;
        }

        using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        LinearModel? found = null;
        // Of several classifiers the last in the chain counts, as for FindParameters.
        foreach (var entry in archive.Entries.Where(e => e.FullName.EndsWith("/Model.key", StringComparison.Ordinal)).OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            using var stream = entry.Open();
            var header = new byte[HeaderSize];
            if (!TryFill(stream, header)
                || BinaryPrimitives.ReadUInt64LittleEndian(header) != FileSignature
                || BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(0x40)) != MaximumEntropySignature)
            {
                continue;
            }

            // The data must start right after the header and this reader must be able to read its version.
            var dataStart = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(0x10));
            var readable = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x4C));
            if (dataStart != HeaderSize || readable != MaximumEntropyVersionReadable)
            {
                return null;
            }

            found = ReadDense(stream, labels, version);
            if (found is null)
            {
                return null;
            }
        }

        return found;
    }

    private static LinearModel? ReadDense(Stream stream, IReadOnlyList<string> labels, string version)
    {
        var head = new byte[12];
        if (!TryFill(stream, head))
        {
            return null;
        }

        var floatSize = BinaryPrimitives.ReadInt32LittleEndian(head);
        var features = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(4));
        var classes = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(8));
        if (floatSize != sizeof(float) || features != SentenceFeatures.Dimension || classes < 1 || classes > 1024)
        {
            return null;
        }

        EnsureClassesNamed(classes, labels);
        var biases = new float[classes];
        var layout = new byte[12];
        if (!TryFill(stream, MemoryMarshal.AsBytes(biases.AsSpan())) || !TryFill(stream, layout)
            || BinaryPrimitives.ReadInt32LittleEndian(layout) != 0
            || BinaryPrimitives.ReadInt32LittleEndian(layout.AsSpan(4)) != 0
            || BinaryPrimitives.ReadInt32LittleEndian(layout.AsSpan(8)) != classes * features)
        {
            return null;
        }

        // Class-major in the file, feature-major here.
        var dense = new float[classes * features];
        var row = new float[features];
        for (var k = 0; k < classes; k++)
        {
            if (!TryFill(stream, MemoryMarshal.AsBytes(row.AsSpan())))
            {
                return null;
            }

            for (var f = 0; f < row.Length; f++)
            {
                dense[(f * classes) + k] = row[f];
            }
        }

        return new LinearModel(labels, dense, biases, version);
    }

    private static bool TryFill(Stream stream, Span<byte> buffer)
    {
        try
        {
            stream.ReadExactly(buffer);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }

    /// <summary>Lays the trained weights out feature-major; class k of the model is <paramref name="labels"/>[k].</summary>
    public static LinearModel FromParameters(MaximumEntropyModelParameters parameters, IReadOnlyList<string> labels, string version)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        VBuffer<float>[] weights = [];
        parameters.GetWeights(ref weights, out var classes);
        EnsureClassesNamed(classes, labels);

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

    /// <summary>Whichever loader read the weights, model.json must name every class of the model.</summary>
    private static void EnsureClassesNamed(int classes, IReadOnlyList<string> labels)
    {
        if (classes != labels.Count)
        {
            throw new InvalidDataException($"The model has {classes} classes but model.json names {labels.Count}.");
        }
    }

    private static MaximumEntropyModelParameters? FindParameters(ITransformer transformer) => transformer switch
    {
        MulticlassPredictionTransformer<MaximumEntropyModelParameters> p => p.Model,
        IEnumerable<ITransformer> chain => chain.Select(FindParameters).LastOrDefault(p => p is not null),
        _ => null,
    };
}
