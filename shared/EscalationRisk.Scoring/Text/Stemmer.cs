using Lucene.Net.Analysis.Ar;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace EscalationRisk.Scoring.Text;

/// <summary>
/// Light stemming for matching: Lucene's Arabic light stemmer (article and conjunction prefixes, common
/// suffixes) and the Snowball Porter stemmer for English. Not thread-safe: one per scoring workspace.
/// </summary>
internal sealed class Stemmer
{
    private static readonly ArabicStemmer Arabic = new();
    private const int MinEnglishStem = 3;
    private readonly PorterStemmer _porter = new();

    /// <summary>Stems <paramref name="buffer"/>[0..length) in place; returns the stem's length.</summary>
    public int Stem(char[] buffer, int length, Script script)
    {
        switch (script)
        {
            case Script.Arabic:
                // Lucene's ArabicStemmer keeps no state between calls.
                return Arabic.Stem(buffer, length);
            case Script.Latin:
                if (length < 3 || buffer.AsSpan(0, length).ContainsAny('.', '\''))
                {
                    return length;
                }

                foreach (var c in buffer.AsSpan(0, length))
                {
                    if (c is < 'a' or > 'z')
                    {
                        return length;
                    }
                }

                _porter.SetCurrent(buffer, length);
                _porter.Stem();
                var stemmed = Math.Min(_porter.CurrentBufferLength, buffer.Length);
                if (stemmed < MinEnglishStem)
                {
                    // Porter folds "innings" onto "in": a stem that short would collide with function words.
                    return length;
                }

                Array.Copy(_porter.CurrentBuffer, buffer, stemmed);
                return stemmed;
            default:
                return length;
        }
    }
}
