namespace EscalationRisk.Scoring.Text;

/// <summary>
/// Tells Arabic and English from everything else by script and, for Latin script, by function words.
/// It never guesses: a text that is neither gets <see cref="Unsupported"/>.
/// </summary>
internal static class LanguageDetector
{
    public const string Arabic = "ar";
    public const string English = "en";
    public const string Unsupported = "und";
    public const string Persian = "fa";

    private static readonly HashSet<string> EnglishWords = new(StringComparer.Ordinal)
    {
        "the", "of", "and", "to", "in", "is", "was", "that", "for", "on", "with", "as", "by", "at", "from", "his",
        "her", "its", "their", "said", "has", "have", "had", "will", "would", "be", "been", "are", "were", "it",
        "this", "which", "who", "not", "but", "an", "a", "after", "over", "against", "they", "he", "she", "we",
    };

    // Function words of other Latin-script languages news is written in (French, Spanish, German, Italian,
    // Portuguese, Dutch, Turkish, Indonesian): enough of them and the text is not English.
    private static readonly HashSet<string> OtherLatinWords = new(StringComparer.Ordinal)
    {
        "le", "la", "les", "des", "du", "et", "est", "une", "dans", "pour", "qui", "que", "sur", "pas", "avec", "au",
        "el", "los", "las", "del", "y", "en", "es", "por", "con", "una", "para", "su", "lo", "der", "die", "das",
        "und", "ist", "nicht", "mit", "den", "dem", "ein", "eine", "zu", "auf", "il", "di", "che", "della", "nel",
        "gli", "sono", "da", "do", "os", "não", "um", "uma", "het", "een", "van", "niet", "ve", "bir", "bu",
        "ile", "için", "yang", "dan", "di", "dengan", "ini", "itu", "untuk", "dari",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> EnglishLookup =
        EnglishWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> OtherLatinLookup =
        OtherLatinWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether a normalised word is a function word of English or of another Latin-script language.</summary>
    public static WordFlags FunctionWord(ReadOnlySpan<char> norm) =>
        EnglishLookup.Contains(norm) ? WordFlags.EnglishFunctionWord
        : OtherLatinLookup.Contains(norm) ? WordFlags.OtherLatinFunctionWord
        : WordFlags.None;

    /// <summary>Detects the language of the analysed text in <paramref name="workspace"/>.</summary>
    public static string Detect(Workspace workspace)
    {
        var counts = workspace.Counts;
        var letters = counts.Total;
        if (letters == 0)
        {
            return Unsupported;
        }

        if (counts.Arabic * 2 >= letters)
        {
            // Persian and Urdu share the script but have letters of their own.
            return counts.PersianOnly >= 3 && counts.PersianOnly * 50 >= counts.Arabic ? Persian : Arabic;
        }

        if (counts.Latin * 2 < letters)
        {
            return Unsupported;
        }

        var english = 0;
        var other = 0;
        var words = 0;
        foreach (var token in workspace.Tokens)
        {
            if (token.Script != Script.Latin)
            {
                continue;
            }

            words++;
            english += (token.Word & WordFlags.EnglishFunctionWord) != 0 ? 1 : 0;
            other += (token.Word & WordFlags.OtherLatinFunctionWord) != 0 ? 1 : 0;
        }

        // A headline may have no function words at all ("Russia attacks Ukraine"); a paragraph of English has many.
        if (other > english || (english == 0 && words >= 8))
        {
            return Unsupported;
        }

        return English;
    }
}
