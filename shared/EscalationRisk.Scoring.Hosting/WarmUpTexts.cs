using System.Buffers;
using System.Text.Json;

namespace EscalationRisk.ScoringWorker;

/// <summary>
/// The articles <see cref="ScoringWarmUp"/> scores: sentences of wire copy written for it (threats, strikes, talks,
/// denials, neutral news, in English and Arabic), combined into bodies of several lengths, some with a title or a
/// language, as the JSON a publisher sends.
/// </summary>
internal static class WarmUpTexts
{
    private static readonly string[] English =
    [
        "Artillery units shelled villages along the ceasefire line on Sunday, the army said, and two soldiers were wounded.",
        "The prime minister threatened to close the airspace to foreign carriers unless the sanctions were lifted within a week.",
        "Delegations from both governments will meet in Geneva next month to discuss a prisoner exchange, a mediator said.",
        "A spokesman denied that any troops had crossed the river and said reports of clashes were false.",
        "Rebels fired rockets at an air base in the north, and the government vowed to retaliate.",
        "The navy deployed two more frigates to the strait after a tanker was seized by armed men.",
        "Exports of grain rose by four percent in the third quarter, according to the trade ministry.",
        "The foreign minister called for restraint and urged all sides to return to negotiations.",
        "Parliament voted to extend the state of emergency for another ninety days.",
        "He said his country would not rule out military action if its citizens were harmed.",
    ];

    private static readonly string[] Arabic =
    [
        "قصفت المدفعية قرى على طول خط وقف إطلاق النار يوم الأحد، وأصيب جنديان بجروح بحسب الجيش.",
        "هدد رئيس الوزراء بإغلاق المجال الجوي أمام الطائرات الأجنبية إن لم ترفع العقوبات خلال أسبوع.",
        "تلتقي وفود الحكومتين في جنيف الشهر المقبل لبحث تبادل الأسرى، وفق ما قال وسيط.",
        "نفى متحدث عبور أي قوات للنهر، وقال إن الأنباء عن اشتباكات عارية من الصحة.",
        "أطلق المتمردون صواريخ على قاعدة جوية في الشمال، وتوعدت الحكومة بالرد.",
        "ارتفعت صادرات الحبوب بنسبة أربعة في المئة في الربع الثالث، بحسب وزارة التجارة.",
        "دعا وزير الخارجية إلى ضبط النفس وحث جميع الأطراف على العودة إلى المفاوضات.",
        "أعلنت البحرية نشر فرقاطتين إضافيتين في المضيق بعد احتجاز ناقلة نفط على يد مسلحين.",
    ];

    /// <summary>Twenty-four articles, each the UTF-8 JSON of an <c>ArticleSubmitted</c>.</summary>
    public static IReadOnlyList<byte[]> Articles()
    {
        var articles = new List<byte[]>();
        for (var i = 0; i < 24; i++)
        {
            var sentences = i % 2 == 0 ? English : Arabic;
            var count = 2 + (i * 5 % 11);
            var body = string.Join(' ', Enumerable.Range(0, count).Select(k => sentences[(i + (k * 3)) % sentences.Length]));
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("articleId", $"warm-up-{i}");
                writer.WriteString("body", body);
                writer.WriteString("source", "warm-up");
                if (i % 3 == 0)
                {
                    writer.WriteString("title", sentences[i % sentences.Length]);
                }

                if (i % 4 == 1)
                {
                    writer.WriteString("language", i % 2 == 0 ? "en" : "ar");
                }

                writer.WriteString("publishedAt", "2026-01-01T00:00:00Z");
                writer.WriteEndObject();
            }

            articles.Add(buffer.WrittenSpan.ToArray());
        }

        return articles;
    }
}
