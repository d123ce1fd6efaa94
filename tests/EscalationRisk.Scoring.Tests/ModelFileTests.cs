using System.IO.Compression;
using System.Text.Json;
using EscalationRisk.Scoring.Model;

namespace EscalationRisk.Scoring.Tests;

/// <summary>The models' weights read straight from their zip, against ML.NET's loading of the same files.</summary>
public sealed class ModelFileTests
{
    [Theory]
    [InlineData("model", SentenceFeatures.Version)]
    [InlineData("topics", SentenceFeatures.WordsOnlyVersion)]
    public void The_shipped_models_read_directly_have_the_same_weights_as_through_ML_NET(string name, string features)
    {
        var (zip, card) = Embedded(name);
        var direct = ModelFile.TryReadWeights(new MemoryStream(zip), card.Labels, card.Version);
        var throughMlNet = ModelFile.LoadThroughMlNet(new MemoryStream(zip), card);

        Assert.NotNull(direct);
        Assert.Equal(features, card.Features);
        Assert.Equal(throughMlNet.Labels, direct.Labels);
        Assert.Equal(throughMlNet.Version, direct.Version);
        Assert.True(throughMlNet.Biases.SequenceEqual(direct.Biases), "biases differ");
        Assert.Equal(throughMlNet.Weights.Length, direct.Weights.Length);
        // Bit for bit: the same floats at the same places, not merely close ones.
        Assert.True(throughMlNet.Weights.SequenceEqual(direct.Weights), "weights differ");
        Assert.Contains(direct.Weights.ToArray(), w => w != 0);
    }

    [Fact]
    public void A_classifier_part_of_another_layout_is_left_to_ML_NET()
    {
        var (zip, card) = Embedded("model");
        // The same model with its classifier's row starts made non-zero, as a sparse (CSR) layout would have them.
        var altered = Rewrite(zip, "TransformerChain/Transform_001/Model/Model.key", key =>
        {
            var offset = 0x100 + 12 + (4 * card.Labels.Count);
            key[offset] = 12;
        });

        Assert.Null(ModelFile.TryReadWeights(new MemoryStream(altered), card.Labels, card.Version));
        Assert.NotNull(ModelFile.TryReadWeights(new MemoryStream(zip), card.Labels, card.Version));
    }

    [Fact]
    public void A_zip_without_the_classifier_gives_nothing_to_read()
    {
        var (zip, card) = Embedded("model");
        var altered = Rewrite(zip, "TransformerChain/Transform_001/Model/Model.key", key => key[0x40] = (byte)'X');
        Assert.Null(ModelFile.TryReadWeights(new MemoryStream(altered), card.Labels, card.Version));
    }

    [Fact]
    public void Loading_a_model_gives_the_directly_read_weights_and_checks_the_labels()
    {
        var (zip, card) = Embedded("model");
        var loaded = ModelFile.Load(new MemoryStream(zip), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(card)));
        var direct = ModelFile.TryReadWeights(new MemoryStream(zip), card.Labels, card.Version)!;
        Assert.True(loaded.Weights.SequenceEqual(direct.Weights));

        var fewer = card with { Labels = card.Labels.Skip(1).ToArray() };
        var ex = Assert.Throws<InvalidDataException>(() => ModelFile.Load(new MemoryStream(zip), new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(fewer))));
        Assert.Contains("classes but model.json names", ex.Message, StringComparison.Ordinal);
    }

    private static (byte[] Zip, ModelCard Card) Embedded(string name)
    {
        var assembly = typeof(ModelFile).Assembly;
        using var zip = assembly.GetManifestResourceStream(ModelFile.ResourcePrefix + name + ".zip")!;
        using var json = assembly.GetManifestResourceStream(ModelFile.ResourcePrefix + name + ".json")!;
        var bytes = new MemoryStream();
        zip.CopyTo(bytes);
        return (bytes.ToArray(), JsonSerializer.Deserialize<ModelCard>(json)!);
    }

    /// <summary>A copy of <paramref name="zip"/> with one entry's bytes changed by <paramref name="change"/>.</summary>
    private static byte[] Rewrite(byte[] zip, string entryName, Action<byte[]> change)
    {
        var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var content = new MemoryStream();
                using (var stream = entry.Open())
                {
                    stream.CopyTo(content);
                }

                var bytes = content.ToArray();
                if (entry.FullName == entryName)
                {
                    change(bytes);
                }

                using var written = target.CreateEntry(entry.FullName).Open();
                written.Write(bytes);
            }
        }

        return output.ToArray();
    }
}
