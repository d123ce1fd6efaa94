using System.Globalization;
using System.Runtime.CompilerServices;

namespace EscalationRisk.Scoring.Text;

/// <summary>Character classes the tokenizer and language detector need, without allocating.</summary>
internal static class CharClass
{
    /// <summary>The kind of every UTF-16 code unit, computed once (64 KiB): one array read per character.</summary>
    private static readonly CharKind[] Kinds = BuildKinds();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static CharKind KindOf(char c) => Kinds[c];

    private static CharKind[] BuildKinds()
    {
        var kinds = new CharKind[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            kinds[i] = char.IsHighSurrogate(c) ? CharKind.HighSurrogate
                : char.IsLowSurrogate(c) ? CharKind.LowSurrogate
                : c == Tatweel ? CharKind.Mark
                : char.IsDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                    ? (char.IsLetterOrDigit(c) ? CharKind.Digit : CharKind.Separator)
                : char.IsLetter(c) ? (c < 0x0250 ? CharKind.LatinLetter : IsArabicLetterRange(c) ? CharKind.ArabicLetter : CharKind.OtherLetter)
                : IsWordContinuation(CharUnicodeInfo.GetUnicodeCategory(c))
                    ? (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format ? CharKind.Format : CharKind.Mark)
                : CharKind.Separator;
        }

        return kinds;
    }

    public const char Tatweel = '\u0640';

    public static bool IsArabicLetterRange(int c) =>
        c is (>= 0x0600 and <= 0x06FF) or (>= 0x0750 and <= 0x077F) or (>= 0x08A0 and <= 0x08FF)
            or (>= 0xFB50 and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF);

    /// <summary>
    /// Letters Persian and Urdu use but Arabic does not: their presence marks a text as not Arabic. Asked of every
    /// Arabic letter, so the range they share (U+067E to U+06CC, above every letter of Arabic itself) is tested first
    /// and the method is inlined (called, it was 2% of the scorer's time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsPersianOnlyLetter(char c) =>
        c is >= '\u067E' and <= '\u06CC'
            && c is '\u067E' or '\u0686' or '\u0698' or '\u06AF' or '\u06A9' or '\u06CC' or '\u06C1' or '\u06BE';

    /// <summary>Arabic presentation forms, fullwidth and other compatibility characters that NFKC must fold.</summary>
    public static bool NeedsCompatibilityFolding(char c) =>
        c is (>= '\uFB00' and <= '\uFEFF') or (>= '\uFF00' and <= '\uFFEF') or (>= '\u2000' and <= '\u2BFF')
            or (>= '\u00A0' and <= '\u00BF') or (>= '\u0132' and <= '\u0149') or (>= '\u01C4' and <= '\u01CC');

    /// <summary>Marks and format characters: inside a word they belong to it, but they never start one.</summary>
    public static bool IsWordContinuation(UnicodeCategory category) =>
        category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.EnclosingMark or UnicodeCategory.Format;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsSentenceTerminator(char c) =>
        c is '.' or '!' or '?' or '\u061F' or '\u061B' or '\n' or '\r' or '\u2026' or '\u06D4' or '\u2029' or '\u2028' or '\u0085';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsClauseBreak(char c) =>
        c is ',' or '\u060C' or ';' or ':' or '"' or '\u00AB' or '\u00BB' or '\u201C' or '\u201D' or '(' or ')'
            or '[' or ']' or '\u2013' or '\u2014';
}
