using System.Globalization;
using System.Runtime.InteropServices;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring;

/// <summary>
/// A MinHash over four-word shingles of the normalised text: the id of a story is the smallest shingle hash.
/// Two articles share it with probability equal to the Jaccard similarity of their shingle sets, so a wire story
/// lightly edited by another outlet (a changed headline, a dropped sentence) keeps its id, and a different story
/// almost never shares one.
/// </summary>
internal static class StoryFingerprint
{
    public const int ShingleSize = 4;

    public static string Compute(List<Token> tokens)
    {
        // The last four hashes, oldest first, kept in locals (a ring buffer indexed modulo four cost more than the mixing).
        var min = ulong.MaxValue;
        ulong a = 0, b = 0, c = 0, d = 0;
        var filled = 0;
        foreach (ref readonly var token in CollectionsMarshal.AsSpan(tokens))
        {
            if (token.NormLength < 2)
            {
                continue; // single letters and digits carry no story
            }

            (a, b, c, d) = (b, c, d, token.Hash);
            filled++;
            if (filled >= ShingleSize)
            {
                min = Math.Min(min, Hashing.Mix(Hashing.Mix(Hashing.Mix(Hashing.Mix(a) ^ b) ^ c) ^ d));
            }
        }

        if (filled is > 0 and < ShingleSize)
        {
            // A text of fewer than four words: its words, in order, make the one shingle.
            ReadOnlySpan<ulong> words = [b, c, d];
            var h = 0UL;
            foreach (var word in words[(ShingleSize - 1 - filled)..])
            {
                h = Hashing.Mix(h ^ word);
            }

            min = h;
        }

        return filled == 0 ? "st-empty" : "st-" + min.ToString("x16", CultureInfo.InvariantCulture);
    }
}
