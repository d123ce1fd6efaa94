using System.Globalization;
using System.Text;
using Lucene.Net.Analysis.Ar;

namespace EscalationRisk.Scoring.Text;

/// <summary>
/// Normalises one token for matching: NFKC where compatibility characters occur, format characters
/// (bidi marks, zero-width joiners) and combining marks removed, Latin lower-cased, Arabic folded by
/// Lucene's <see cref="ArabicNormalizer"/> (alef forms, alef maqsura, teh marbuta, tatweel, harakat).
/// The original text is never changed: tokens keep their offsets into it.
/// </summary>
internal static class TextNormalizer
{
    private static readonly ArabicNormalizer Arabic = new();

    /// <summary>Writes the normalised form of <paramref name="word"/> into <paramref name="output"/>.</summary>
    /// <returns>The normalised length (0 when nothing of the word is left).</returns>
    public static int Normalize(ReadOnlySpan<char> word, Script script, char[] output)
    {
        if (script == Script.Latin && word is "US")
        {
            // "US" in capitals is the United States; lower-cased it would be the pronoun "us".
            "u.s".CopyTo(output);
            return 3;
        }

        ReadOnlySpan<char> source = word;
        string? folded = null;
        foreach (var c in word)
        {
            if (CharClass.NeedsCompatibilityFolding(c))
            {
                folded = FoldCompatibility(word);
                source = folded;
                break;
            }
        }

        var length = 0;
        for (var i = 0; i < source.Length && length < output.Length; i++)
        {
            var c = source[i];
            if (char.IsSurrogate(c))
            {
                // Letters outside the BMP (mathematical alphanumerics are folded by NFKC above) are kept as they are.
                output[length++] = c;
                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (CharClass.IsWordContinuation(category) || c == CharClass.Tatweel)
            {
                continue;
            }

            if (script == Script.Latin && c is '\'' or '\u2019')
            {
                // Possessive: "Iran's" → "iran"; other apostrophes vanish ("don't" → "dont" is not used; see below).
                if (i + 1 < source.Length && (source[i + 1] is 's' or 'S') && i + 2 == source.Length)
                {
                    break;
                }

                output[length++] = '\'';
                continue;
            }

            output[length++] = c switch
            {
                >= 'A' and <= 'Z' => (char)(c | 0x20),
                < '\u00C0' => c,
                '\u06A9' => '\u0643', // Persian keheh → kaf
                '\u06CC' => '\u064A', // Persian yeh → yeh
                // Casing goes through ICU: only ask it about letters that have a lower case.
                _ when char.IsUpper(c) => char.ToLowerInvariant(c),
                _ => c,
            };
        }

        if (script == Script.Arabic && length > 0)
        {
            length = Arabic.Normalize(output, length);
        }

        return length;
    }

    private static string FoldCompatibility(ReadOnlySpan<char> word)
    {
        try
        {
            return word.ToString().Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // Invalid code points cannot reach here (lone surrogates never join a word), but a normaliser
            // failure must not fail the article: match on the word as written.
            return word.ToString();
        }
    }
}
