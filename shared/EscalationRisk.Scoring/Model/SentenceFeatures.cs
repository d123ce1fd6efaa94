using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring.Model;

/// <summary>
/// The learned model's features, the same at training and at scoring: hashed into <see cref="Dimension"/> buckets.
/// Per word (cached with the word): its normalised form, and character 3- and 4-grams of <c>^word$</c>, which carry
/// Arabic morphology (prefixes, roots, suffixes) without a stemmer's mistakes. Per sentence: word bigrams. A
/// sentence's vector is the count of each feature divided by the square root of the number of feature occurrences,
/// so that a word's contribution to the class scores is one cached sum (<see cref="LinearModel.WordScores"/>).
/// </summary>
internal static class SentenceFeatures
{
    /// <summary>Number of hash buckets (2^18).</summary>
    public const int Dimension = 1 << 18;

    /// <summary>Changes whenever the features change: a model trained on other features must not load.</summary>
    public const string Version = "f2-w1c34b2-d18-count";

    /// <summary>The same per-word features without bigrams: the document-topic model's, summed from cached word scores.</summary>
    public const string WordsOnlyVersion = Version + "-words";

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

    /// <summary>The bigram feature of two adjacent words.</summary>
    public static int Bigram(ulong left, ulong right) => Bucket(Mix((left * 31) + right, 0x4232UL));

    /// <summary>
    /// The sparse vector of tokens [<paramref name="first"/>, <paramref name="last"/>] as training needs it: sorted
    /// distinct buckets in <paramref name="indices"/>, each feature's count divided by √(feature occurrences) in
    /// <paramref name="values"/>.
    /// </summary>
    public static void OfSpan(ReadOnlySpan<Token> tokens, IReadOnlyList<int[]> wordFeatures, int first, int last,
        List<int> indices, List<float> values, bool bigrams = true)
    {
        var counts = new SortedDictionary<int, int>();
        var occurrences = 0;
        for (var i = first; i <= last; i++)
        {
            foreach (var f in wordFeatures[i])
            {
                counts[f] = counts.GetValueOrDefault(f) + 1;
                occurrences++;
            }

            if (bigrams && i > first)
            {
                var b = Bigram(tokens[i - 1].Hash, tokens[i].Hash);
                counts[b] = counts.GetValueOrDefault(b) + 1;
                occurrences++;
            }
        }

        indices.Clear();
        values.Clear();
        var scale = occurrences == 0 ? 0 : 1f / MathF.Sqrt(occurrences);
        foreach (var (feature, count) in counts)
        {
            indices.Add(feature);
            values.Add(count * scale);
        }
    }

    private static int Bucket(ulong hash) => (int)(hash & (Dimension - 1));

    private static ulong Mix(ulong z, ulong salt) => Hashing.Mix(z + salt);
}
