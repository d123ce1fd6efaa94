using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring.Model;

/// <summary>
/// The learned model's features, the same at training and at scoring: hashed into <see cref="Dimension"/> buckets,
/// binary, L2-normalised. Per word (cached with the word): its normalised form, and character 3- and 4-grams of
/// <c>^word$</c>, which carry Arabic morphology (prefixes, roots, suffixes) without a stemmer's mistakes. Per
/// sentence: word bigrams.
/// </summary>
internal static class SentenceFeatures
{
    /// <summary>Number of hash buckets (2^18).</summary>
    public const int Dimension = 1 << 18;

    /// <summary>Changes whenever the features change: a model trained on other features must not load.</summary>
    public const string Version = "f1-w1c34b2-d18";

    /// <summary>The per-word feature buckets of a normalised word.</summary>
    public static int[] OfWord(ReadOnlySpan<char> norm, ulong wordHash)
    {
        if (norm.Length == 0)
        {
            return [];
        }

        var features = new List<int>(2 + (2 * (norm.Length + 2))) { Bucket(Mix(wordHash, 0x5752UL)) };
        Span<char> padded = stackalloc char[Math.Min(norm.Length, 64) + 2];
        padded[0] = '^';
        norm[..(padded.Length - 2)].CopyTo(padded[1..]);
        padded[^1] = '$';
        for (var n = 3; n <= 4; n++)
        {
            for (var i = 0; i + n <= padded.Length; i++)
            {
                features.Add(Bucket(Mix(Hashing.Fnv1a(padded.Slice(i, n)), (ulong)n)));
            }
        }

        return [.. features];
    }

    /// <summary>
    /// Writes the sparse feature vector of tokens [<paramref name="first"/>, <paramref name="last"/>] into
    /// <paramref name="indices"/> (sorted, distinct); every feature's value is <paramref name="value"/>.
    /// </summary>
    public static void OfSpan(ReadOnlySpan<Token> tokens, IReadOnlyList<int[]> wordFeatures, int first, int last, List<int> indices, out float value)
    {
        indices.Clear();
        for (var i = first; i <= last; i++)
        {
            indices.AddRange(wordFeatures[i]);
            if (i > first)
            {
                indices.Add(Bucket(Mix(tokens[i - 1].Hash * 31 + tokens[i].Hash, 0x4232UL)));
            }
        }

        indices.Sort();
        var distinct = 0;
        for (var i = 0; i < indices.Count; i++)
        {
            if (i == 0 || indices[i] != indices[i - 1])
            {
                indices[distinct++] = indices[i];
            }
        }

        indices.RemoveRange(distinct, indices.Count - distinct);
        value = distinct == 0 ? 0 : 1f / MathF.Sqrt(distinct);
    }

    private static int Bucket(ulong hash) => (int)(hash & (Dimension - 1));

    private static ulong Mix(ulong z, ulong salt) => Hashing.Mix(z + salt);
}
