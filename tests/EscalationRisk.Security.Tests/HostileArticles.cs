namespace EscalationRisk.Security.Tests;

/// <summary>
/// Articles every entry point must refuse, each with the words its reason must hold: what a store or a subscriber
/// could not hold (issue 18, items 2 and 4). The same list is replayed on the Api, the command line and the parser.
/// </summary>
internal static class HostileArticles
{
    public static TheoryData<string, string> Refused => new()
    {
        { """{"articleId": "nul-\u0000-id", "body": "Troops massed at the border."}""", "control characters" },
        { """{"articleId": "bell-\u0007-id", "body": "Troops massed at the border."}""", "control characters" },
        { """{"articleId": "line\nbreak", "body": "Troops massed at the border."}""", "control characters" },
        { """{"articleId": "empty-body", "body": ""}""", "'body' must not be empty" },
        { """{"articleId": "blank-body", "body": "  \n\t "}""", "'body' must not be empty" },
        { """{"articleId": "nul-body", "body": "Troops \u0000 massed."}""", "U+0000" },
        { """{"articleId": "nul-title", "title": "a\u0000b", "body": "Troops massed."}""", "U+0000" },
        { """{"articleId": "relative-url", "url": "/foo", "body": "Troops massed."}""", "'url'" },
        { """{"articleId": "script-url", "url": "javascript:alert(1)", "body": "Troops massed."}""", "'url'" },
        { """{"articleId": "file-url", "url": "file:///etc/passwd", "body": "Troops massed."}""", "'url'" },
        { """{"articleId": "lone-surrogate", "body": "Troops \ud800 massed."}""", "UTF-16" },
    };
}
