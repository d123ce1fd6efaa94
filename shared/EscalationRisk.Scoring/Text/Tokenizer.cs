using System.Globalization;
using System.Text;

namespace EscalationRisk.Scoring.Text;

/// <summary>Letter counts by script, for language detection.</summary>
internal struct ScriptCounts
{
    public int Arabic;
    public int PersianOnly;
    public int Latin;
    public int Other;

    public readonly int Total => Arabic + Latin + Other;
}

/// <summary>
/// Splits a body into words, sentences and clauses in one left-to-right pass (linear in the body's length).
/// Sentences end at . ! ? ؟ ؛ … and line breaks; clauses also end at , ، ; : quotes, brackets and dashes.
/// </summary>
internal static class Tokenizer
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "st", "no", "vs", "jr", "sr", "prof", "gov", "sen",
        "rep", "maj", "capt", "adm", "cmdr", "brig", "pres", "amb", "messrs", "mt", "ft",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> AbbreviationLookup =
        Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Appends the tokens of <paramref name="text"/> to <paramref name="tokens"/>.</summary>
    public static void Tokenize(string text, List<Token> tokens, ref ScriptCounts counts)
    {
        var sentence = 0;
        var clause = 0;
        var boundaryPending = false;
        var clausePending = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (TryReadLetterOrDigit(text, i, out var width, out var script))
            {
                if (boundaryPending && tokens.Count > 0)
                {
                    sentence++;
                    clause++;
                }
                else if (clausePending && tokens.Count > 0)
                {
                    clause++;
                }

                boundaryPending = false;
                clausePending = false;
                var start = i;
                var end = ReadWord(text, i, ref counts, ref script);
                tokens.Add(new Token
                {
                    Start = start,
                    End = end,
                    Sentence = sentence,
                    Clause = clause,
                    Script = script,
                    TermId = -1,
                });
                i = end;
                continue;
            }

            if (c == '.' && !EndsSentenceAtPeriod(text, i, tokens))
            {
                i += 1;
                continue;
            }

            if (CharClass.IsSentenceTerminator(c))
            {
                boundaryPending = true;
            }
            else if (CharClass.IsClauseBreak(c))
            {
                clausePending = true;
            }

            i += width == 0 ? 1 : width;
        }
    }

    private static bool TryReadLetterOrDigit(string text, int i, out int width, out Script script)
    {
        var c = text[i];
        script = Script.Other;
        width = 1;
        if (char.IsHighSurrogate(c))
        {
            if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                width = 2;
                var rune = new Rune(c, text[i + 1]);
                return Rune.IsLetterOrDigit(rune);
            }

            return false;
        }

        if (char.IsLowSurrogate(c) || !char.IsLetterOrDigit(c))
        {
            return false;
        }

        script = ScriptOf(c);
        return true;
    }

    private static Script ScriptOf(char c) =>
        c < 0x0250 && char.IsLetter(c) ? Script.Latin
        : CharClass.IsArabicLetterRange(c) ? Script.Arabic
        : Script.Other;

    /// <summary>Reads one word from <paramref name="start"/>; returns the offset just past its last letter, digit or mark.</summary>
    private static int ReadWord(string text, int start, ref ScriptCounts counts, ref Script script)
    {
        var i = start;
        var end = start;
        var segmentLength = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) && Rune.IsLetterOrDigit(new Rune(c, text[i + 1])))
                {
                    counts.Other++;
                    i += 2;
                    end = i;
                    segmentLength++;
                    continue;
                }

                break;
            }

            if (char.IsLowSurrogate(c))
            {
                break;
            }

            if (char.IsLetterOrDigit(c))
            {
                CountLetter(c, ref counts);
                if (script == Script.Other)
                {
                    script = ScriptOf(c);
                }

                i++;
                end = i;
                segmentLength++;
                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (CharClass.IsWordContinuation(category) || c == CharClass.Tatweel)
            {
                i++;
                if (category != UnicodeCategory.Format)
                {
                    end = i; // combining marks belong to the letter before them; trailing bidi marks do not
                }

                continue;
            }

            // Apostrophes inside Latin words ("Iran's", "didn't") and dots inside acronyms ("U.S") stay in the word.
            if (i + 1 < text.Length && i > start && char.IsAsciiLetter(text[i - 1]) && char.IsAsciiLetter(text[i + 1])
                && (c is '\'' or '\u2019' || (c == '.' && segmentLength == 1)))
            {
                i++;
                segmentLength = 0;
                continue;
            }

            if (c == '.' && i > start && char.IsDigit(text[i - 1]) && i + 1 < text.Length && char.IsDigit(text[i + 1]))
            {
                i++;
                continue;
            }

            break;
        }

        return end;
    }

    private static void CountLetter(char c, ref ScriptCounts counts)
    {
        if (!char.IsLetter(c))
        {
            return;
        }

        if (CharClass.IsArabicLetterRange(c))
        {
            counts.Arabic++;
            if (CharClass.IsPersianOnlyLetter(c))
            {
                counts.PersianOnly++;
            }
        }
        else if (c < 0x0250)
        {
            counts.Latin++;
        }
        else
        {
            counts.Other++;
        }
    }

    /// <summary>A period ends a sentence unless it closes an abbreviation or the text runs on in lower case.</summary>
    private static bool EndsSentenceAtPeriod(string text, int i, List<Token> tokens)
    {
        if (tokens.Count > 0 && tokens[^1].End == i)
        {
            var word = text.AsSpan(tokens[^1].Start, i - tokens[^1].Start);
            Span<char> lower = stackalloc char[8];
            if (word.Length <= lower.Length && word.ToLowerInvariant(lower) == word.Length
                && AbbreviationLookup.Contains(lower[..word.Length]))
            {
                return false;
            }
        }

        var j = i + 1;
        while (j < text.Length && text[j] is ' ' or '\t' or '\u00A0')
        {
            j++;
        }

        if (j < text.Length && (char.IsAsciiLetterLower(text[j]) || char.IsAsciiDigit(text[j])))
        {
            return false;
        }

        return true;
    }
}
