using System.Globalization;
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
        var min = ulong.MaxValue;
        var window = new ulong[ShingleSize];
        var filled = 0;
        foreach (var token in tokens)
        {
            if (token.NormLength < 2)
            {
                continue; // single letters and digits carry no story
            }

            window[filled % ShingleSize] = token.Hash;
            filled++;
            if (filled >= ShingleSize)
            {
                var h = 0UL;
                for (var k = 0; k < ShingleSize; k++)
                {
                    h = Hashing.Mix(h ^ window[(filled + k) % ShingleSize]);
                }

                min = Math.Min(min, h);
            }
        }

        if (filled is > 0 and < ShingleSize)
        {
            var h = 0UL;
            for (var k = 0; k < filled; k++)
            {
                h = Hashing.Mix(h ^ window[k]);
            }

            min = h;
        }

        return filled == 0 ? "st-empty" : "st-" + min.ToString("x16", CultureInfo.InvariantCulture);
    }
}
