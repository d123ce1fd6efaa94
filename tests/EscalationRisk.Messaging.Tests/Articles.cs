namespace EscalationRisk.Messaging.Tests;

/// <summary>Article bodies the team wrote for these tests: short, in both languages, both polarities.</summary>
internal static class Articles
{
    private static readonly string[] Bodies =
    [
        "The defence ministry said warplanes struck militant positions near the border overnight, killing several fighters.",
        "Foreign ministers of the two countries held talks in Muscat on Tuesday and agreed to keep channels open.",
        "قالت وزارة الدفاع إن طائرات حربية قصفت مواقع للمسلحين قرب الحدود، ما أدى إلى مقتل عدد منهم.",
        "دعا الأمين العام جميع الأطراف إلى ضبط النفس وتجنب التصعيد، معربا عن استعداده للوساطة.",
        "Iran warned it would respond forcefully to any attack, as Washington said all options were on the table.",
        "The central bank left interest rates unchanged on Thursday, citing steady inflation.",
    ];

    public static string Body(int i) => Bodies[i % Bodies.Length];

    /// <summary>A plain-JSON article as any publisher would send it.</summary>
    public static byte[] Json(string articleId, int i) => Broker.Json(new { articleId, body = Body(i), source = "tests" });

    public static string Run() => Guid.NewGuid().ToString("N")[..8];
}
