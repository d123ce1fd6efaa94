using System.Text.RegularExpressions;

namespace EscalationRisk.Scoring.Text;

/// <summary>
/// Finds the datelines and bylines at the start of a body or of one of its lines: <c>PARIS, July 14 —</c>,
/// <c>WASHINGTON (Reuters) -</c>, <c>إسلام آباد - وكالات</c>, <c>بكين - واشنطن - وكالات:</c>, <c>لاغوس ـ ا.ف.ب:</c>,
/// <c>By Jane Doe</c>, <c>كتب: فلان</c>. Nothing in them is ever evidence: the tokenizer gives each a sentence of its own
/// and the scorer skips it. Each pattern is anchored to a line start and bounded in length, so the scan is linear.
/// </summary>
internal static partial class Datelines
{
    /// <summary>The spans [Start, End) of the body that are datelines or bylines, in order.</summary>
    public static List<(int Start, int End)> Find(string text)
    {
        List<(int, int)>? spans = null;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            // Only the first 160 characters of a line can hold a dateline.
            var line = text.AsSpan(lineStart, Math.Min(lineEnd - lineStart, 160));
            if (Match(line) is var length and > 0)
            {
                (spans ??= []).Add((lineStart, lineStart + length));
            }

            lineStart = lineEnd + 1;
        }

        return spans ?? [];
    }

    /// <summary>
    /// The length of the dateline or byline at the start of <paramref name="line"/>, or 0. A pattern is tried only
    /// when the line holds what any match of it must hold (<see cref="MayHold"/>), so most lines try none, and a
    /// pattern is built at its first use: building the four non-backtracking automata at start-up cost the command
    /// line about a tenth of a second, and an Arabic text never needs the English ones.
    /// </summary>
    internal static int Match(ReadOnlySpan<char> line)
    {
        for (var pattern = 0; pattern < PatternCount; pattern++)
        {
            if (MayHold(pattern, line) && First(Pattern(pattern), line) is var length and > 0)
            {
                return length;
            }
        }

        return 0;
    }

    /// <summary>The same as <see cref="Match"/> trying every pattern on every line: for the tests that compare both.</summary>
    internal static int MatchTryingAll(ReadOnlySpan<char> line)
    {
        for (var pattern = 0; pattern < PatternCount; pattern++)
        {
            if (First(Pattern(pattern), line) is var length and > 0)
            {
                return length;
            }
        }

        return 0;
    }

    private const int PatternCount = 4;

    private static Regex Pattern(int pattern) => pattern switch
    {
        0 => EnglishDateline(),
        1 => EnglishByline(),
        2 => ArabicDateline(),
        _ => ArabicByline(),
    };

    private static int First(Regex pattern, ReadOnlySpan<char> line)
    {
        foreach (var m in pattern.EnumerateMatches(line))
        {
            return m.Index + m.Length;
        }

        return 0;
    }

    /// <summary>
    /// False when <paramref name="line"/> lacks something every match of the pattern holds. Each pattern opens with
    /// <c>^\s*</c> (white space as <see cref="char.IsWhiteSpace(char)"/> has it), then: an English dateline an
    /// upper-case letter, and a dash further on; a byline "By "; an Arabic dateline an Arabic letter, and further on a
    /// dash (ـ is itself in the Arabic block) or, by its second form, an opening « or (; an Arabic byline one of its
    /// five opening words.
    /// </summary>
    private static bool MayHold(int pattern, ReadOnlySpan<char> line)
    {
        var text = line.TrimStart();
        if (text.IsEmpty)
        {
            return false;
        }

        var first = text[0];
        return pattern switch
        {
            0 => char.IsAsciiLetterUpper(first) && text.IndexOfAny('—', '–', '-') >= 0,
            1 => text.StartsWith("By ", StringComparison.Ordinal),
            2 => first is >= '\u0600' and <= '\u06FF' && (text.IndexOfAny('-', 'ـ', '–') >= 0 || text.IndexOfAny('—', '«', '(') >= 0),
            _ => first is 'ك' or 'ب' or 'إ' or 'ت'
                && (text.StartsWith("كتب", StringComparison.Ordinal) || text.StartsWith("بقلم", StringComparison.Ordinal)
                    || text.StartsWith("إعداد", StringComparison.Ordinal) || text.StartsWith("تقرير", StringComparison.Ordinal)),
        };
    }

    // An upper-case place (optionally ", Country" of up to four words, "Democratic Republic of Congo"), an optional date
    // ("July 14", "14 July"), an optional (Agency), then a dash.
    [GeneratedRegex(@"^\s*[A-Z][A-Z'’./\-]{2,}(?:[ ][A-Z][A-Z'’./\-]+){0,3}(?:,[ ]?[A-Z][A-Za-z.]+(?:[ ](?:of[ ]|the[ ])?[A-Z][A-Za-z.]+){0,3})?(?:,?[ ](?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ ]\d{1,2}|\d{1,2}[ ](?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?))?[ ]?(?:\([A-Za-z .&]{2,30}\))?[ ]?[—–-]{1,2}[ ]?", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex EnglishDateline();

    // "By Jane Doe" or "By Jane Doe, Reuters" as the whole line.
    [GeneratedRegex(@"^\s*By[ ][A-Z][A-Za-z.'’\-]+(?:[ ](?:and[ ])?[A-Z][A-Za-z.'’\-]+){0,5}(?:,[ ]?[A-Za-z .]{2,30})?\s*$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex EnglishByline();

    // A dateline of the Arabic press: one to three places (joined by dashes, slashes or commas), an optional date
    // ("، 9 مارس"), a dash, then the credit: a known agency or a correspondent; «a paper» or (an agency) with a dash
    // before it or a colon or dash after it (three words and a quoted name open many a sentence: "أغلقت إيران معبر
    // «ميلك» الحدودي"); or a few words ending in a colon ("بورتسودان - سونا:"). A sentence that merely holds
    // dashes ("قال المتحدث - في بيان - إن") has no credit of these kinds and is not matched.
    [GeneratedRegex(@"^\s*(?:[\u0600-\u06FF]+(?:[ ][\u0600-\u06FF]+){0,2}[ ]?[-ـ–—][ ]?){1,3}(?:وكالات|الوكالات|رويترز|ا\.?[ ]?ف\.?[ ]?ب|أ\.?[ ]?ف\.?[ ]?ب|د\.?[ ]?ب\.?[ ]?أ|واس|سانا|قنا|وام|كونا|بترا|الأناضول|شينخوا|وفا|يو\.?[ ]?بي\.?[ ]?آي|أ\.?[ ]?ب|مراسلنا|مراسل[\u0600-\u06FF]*|خاص)\.?[ ]?[:\-ـ–—]?[ ]?|^\s*[\u0600-\u06FF]+(?:[ ][\u0600-\u06FF]+){0,2}(?:[ ]?(?:[-ـ–—]|/|[،,])[ ]?[\u0600-\u06FF]+(?:[ ][\u0600-\u06FF]+){0,2}){0,2}(?:[ ]?[،,][ ]?[\d٠-٩]{1,2}[ ](?:يناير|فبراير|مارس|أبريل|إبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول))?(?:[ ]?[-ـ–—][ ]?(?:«[^»\n]{1,30}»|\([^)\n]{1,25}\))[ ]?[:\-ـ–—]?|[ ]?(?:«[^»\n]{1,30}»|\([^)\n]{1,25}\))[ ]?[:\-ـ–—])[ ]?|^\s*[\u0600-\u06FF]+(?:[ ][\u0600-\u06FF]+){0,2}(?:[ ]?(?:[-ـ–—]|/|[،,])[ ]?[\u0600-\u06FF]+(?:[ ][\u0600-\u06FF]+){0,2}){0,2}[ ]?[-ـ–—][ ]?[\u0600-\u06FF]+(?:[ ][\u0600-\u06FF.]+){0,4}[ ]?:[ ]?", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex ArabicDateline();

    // "كتب: فلان الفلاني", "بقلم فلان" as the whole line.
    [GeneratedRegex(@"^\s*(?:كتب|كتبت|بقلم|إعداد|تقرير)[ ]?:?[ ]?[\u0600-\u06FF]+(?:[ ][\u0600-\u06FF]+){0,4}\s*$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex ArabicByline();
}
