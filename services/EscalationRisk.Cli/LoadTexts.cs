using System.Text;
using System.Text.Json;

namespace EscalationRisk.Cli;

/// <summary>Article bodies for load: the team's own sentences, combined into bodies of a chosen size.</summary>
internal static class LoadTexts
{
    /// <summary>The default body size: about a short wire story.</summary>
    public const int DefaultBodyBytes = 1400;

    private static readonly string[] Sentences =
    [
        "The defence ministry said warplanes struck militant positions near the border overnight, killing several fighters.",
        "Foreign ministers of the two countries held talks on Tuesday and agreed to keep channels open.",
        "قالت وزارة الدفاع إن طائرات حربية قصفت مواقع للمسلحين قرب الحدود، ما أدى إلى مقتل عدد منهم.",
        "دعا الأمين العام جميع الأطراف إلى ضبط النفس وتجنب التصعيد، معربا عن استعداده للوساطة.",
        "Iran warned it would respond forcefully to any attack, as Washington said all options were on the table.",
        "The central bank left interest rates unchanged on Thursday, citing steady inflation.",
        "أعلن الجيش رفع حالة التأهب القصوى ونشر تعزيزات إضافية على طول الحدود الشمالية.",
        "Officials said the plan had been frozen for now, and troops would be pulled back from the frontier.",
    ];

    /// <summary>The first sentence, which reports an attack: with it first, every article fires the article-attack rule.</summary>
    private const string Attack = "The defence ministry said warplanes struck militant positions near the border overnight, killing several fighters.";

    public static (string Id, byte[] Body) Article(string id, int seed, int bodyBytes = DefaultBodyBytes, bool attack = false)
    {
        var body = new StringBuilder();
        if (attack)
        {
            body.Append(Attack).Append(' ');
        }

        for (var k = 0; k == 0 || Encoding.UTF8.GetByteCount(body.ToString()) < bodyBytes; k++)
        {
            body.Append(Sentences[(seed + (k * 3)) % Sentences.Length]).Append(' ');
        }

        return (id, JsonSerializer.SerializeToUtf8Bytes(new { articleId = id, body = body.ToString().TrimEnd(), source = "loadtest" }));
    }
}
