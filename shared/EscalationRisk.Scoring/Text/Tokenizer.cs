using System.Runtime.CompilerServices;
using System.Text;

namespace EscalationRisk.Scoring.Text;

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

    /// <summary>
    /// Appends the tokens of <paramref name="text"/> to <paramref name="tokens"/>. Without
    /// <paramref name="findDatelines"/> no dateline is looked for: the words are the same, only their sentences and
    /// dateline marks differ, which a lexicon form's words (<see cref="Workspace.NormalizedWords"/>) do not use.
    /// </summary>
    public static void Tokenize(string text, List<Token> tokens, ref ScriptCounts counts, bool findDatelines = true)
    {
        // Datelines and bylines are sentences of their own, marked so that the scorer skips them.
        var datelines = findDatelines ? Datelines.Find(text) : NoDatelines;
        var nextDateline = 0;
        var inDateline = false;
        var sentence = 0;
        var clause = 0;
        var boundaryPending = false;
        var clausePending = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == ' ')
            {
                // Most characters between words: a space starts no word and ends no sentence or clause.
                i++;
                continue;
            }

            var kind = CharClass.KindOf(c);
            if (IsWordStart(text, i, kind))
            {
                if (inDateline && i >= datelines[nextDateline - 1].End)
                {
                    inDateline = false;
                    boundaryPending = true;
                }

                if (nextDateline < datelines.Count && i >= datelines[nextDateline].Start)
                {
                    while (nextDateline < datelines.Count && i >= datelines[nextDateline].End)
                    {
                        nextDateline++;
                    }

                    if (nextDateline < datelines.Count && i >= datelines[nextDateline].Start)
                    {
                        inDateline = true;
                        boundaryPending = true;
                        nextDateline++;
                    }
                }

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
                var script = Script.Other;
                var end = ReadWord(text, i, ref counts, ref script);
                tokens.Add(new Token
                {
                    Start = start,
                    End = end,
                    Sentence = sentence,
                    Clause = clause,
                    Script = script,
                    TermId = -1,
                    ActorTermId = -1,
                    Dateline = inDateline,
                });
                i = end;
                continue;
            }

            if (kind == CharKind.Separator)
            {
                if (c == '.')
                {
                    boundaryPending |= EndsSentenceAtPeriod(text, i, tokens);
                }
                else if (CharClass.IsSentenceTerminator(c))
                {
                    boundaryPending = true;
                }
                else if (CharClass.IsClauseBreak(c) && !BetweenDigits(text, i))
                {
                    clausePending = true;
                }
            }

            i++;
        }
    }

    private static readonly List<(int Start, int End)> NoDatelines = [];

    /// <summary>A separator between two digits groups a number ("3,000", "١٬٥٠٠"): it breaks no clause.</summary>
    private static bool BetweenDigits(string text, int i) =>
        i > 0 && i + 1 < text.Length && char.IsDigit(text[i - 1]) && char.IsDigit(text[i + 1]);

    /// <summary>A word starts at a letter or digit, or at a surrogate pair that is one. Asked of every character.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWordStart(string text, int i, CharKind kind) =>
        kind is CharKind.LatinLetter or CharKind.ArabicLetter or CharKind.OtherLetter or CharKind.Digit
            || (kind == CharKind.HighSurrogate && IsSurrogateWordStart(text, i));

    private static bool IsSurrogateWordStart(string text, int i) =>
        i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) && Rune.IsLetterOrDigit(new Rune(text[i], text[i + 1]));

    /// <summary>Reads one word from <paramref name="start"/>; returns the offset just past its last letter, digit or mark.</summary>
    private static int ReadWord(string text, int start, ref ScriptCounts counts, ref Script script)
    {
        var i = start;
        var end = start;
        var segmentLength = 0;
        while (i < text.Length)
        {
            var c = text[i];
            switch (CharClass.KindOf(c))
            {
                case CharKind.LatinLetter:
                    counts.Latin++;
                    script = script == Script.Other ? Script.Latin : script;
                    end = ++i;
                    segmentLength++;
                    continue;
                case CharKind.ArabicLetter:
                    counts.Arabic++;
                    counts.PersianOnly += CharClass.IsPersianOnlyLetter(c) ? 1 : 0;
                    script = script == Script.Other ? Script.Arabic : script;
                    end = ++i;
                    segmentLength++;
                    continue;
                case CharKind.OtherLetter:
                    counts.Other++;
                    end = ++i;
                    segmentLength++;
                    continue;
                case CharKind.Digit:
                    end = ++i;
                    segmentLength++;
                    continue;
                case CharKind.Mark:
                    end = ++i; // combining marks belong to the letter before them
                    continue;
                case CharKind.Format:
                    i++; // inside a word a bidi mark is skipped; trailing ones are not part of it
                    continue;
                case CharKind.HighSurrogate:
                    if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) && Rune.IsLetterOrDigit(new Rune(c, text[i + 1])))
                    {
                        counts.Other++;
                        i += 2;
                        end = i;
                        segmentLength++;
                        continue;
                    }

                    return end;
                case CharKind.Separator:
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

                    return end;
                default:
                    return end;
            }
        }

        return end;
    }

    /// <summary>A period ends a sentence unless it closes an abbreviation or acronym, or the text runs on in lower case.</summary>
    /// <summary>Lower-cases an all-ASCII-letter word into <paramref name="lower"/>; false for any other word.</summary>
    private static bool AsciiLower(ReadOnlySpan<char> word, Span<char> lower)
    {
        for (var k = 0; k < word.Length; k++)
        {
            if (!char.IsAsciiLetter(word[k]))
            {
                return false;
            }

            lower[k] = (char)(word[k] | 0x20);
        }

        return true;
    }

    private static bool EndsSentenceAtPeriod(string text, int i, List<Token> tokens)
    {
        if (tokens.Count > 0 && tokens[^1].End == i)
        {
            var word = text.AsSpan(tokens[^1].Start, i - tokens[^1].Start);
            if (word.Contains('.'))
            {
                return false; // the closing dot of an acronym: "U.S. President", "the U.N. envoy"
            }

            // The abbreviations are short ASCII words: lower-case by hand, and only ASCII letters (lower-casing an
            // Arabic word through the culture tables cost a sixth of the scorer's time at every full stop).
            Span<char> lower = stackalloc char[8];
            if (word.Length <= lower.Length && AsciiLower(word, lower) && AbbreviationLookup.Contains(lower[..word.Length]))
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
