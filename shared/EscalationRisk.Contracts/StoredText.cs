namespace EscalationRisk.Contracts;

/// <summary>
/// What every entry point (Api, queue, command line) refuses in text that a store or a subscriber must hold:
/// PostgreSQL's <c>text</c> cannot hold U+0000 at all, and names and keys end up in ids, routing keys, log lines and
/// URLs, where a control character is never meant.
/// </summary>
public static class StoredText
{
    /// <summary>True when <paramref name="text"/> holds U+0000.</summary>
    public static bool HasNul(string? text) => text is not null && text.Contains('\0', StringComparison.Ordinal);

    /// <summary>True when <paramref name="text"/> holds any control character (C0, DEL or C1).</summary>
    public static bool HasControl(string? text)
    {
        if (text is null)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
