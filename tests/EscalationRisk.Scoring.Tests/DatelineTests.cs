using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring.Tests;

/// <summary>Datelines and bylines are never evidence, never actors.</summary>
public sealed class DatelineTests
{
    [Theory]
    [InlineData("PARIS, July 14 — Thousands of soldiers marched in the annual parade.", "PARIS, July 14 — ")]
    [InlineData("WASHINGTON (Reuters) - The Pentagon deployed an aircraft carrier to the Gulf.", "WASHINGTON (Reuters) - ")]
    [InlineData("NEW DELHI/ISLAMABAD - India weighed strikes after the ambush.", "NEW DELHI/ISLAMABAD - ")]
    [InlineData("KYIV, Ukraine (AP) — Russian drones struck the port overnight.", "KYIV, Ukraine (AP) — ")]
    [InlineData("إسلام آباد - وكالات: شنت طائرات مسيرة غارات على مواقع في وزيرستان.", "إسلام آباد - وكالات: ")]
    [InlineData("بكين - واشنطن - وكالات\nأعلنت الصين فرض عقوبات على شركات أمريكية.", "بكين - واشنطن - وكالات")]
    [InlineData("لاغوس ـ ا.ف.ب: خطف موظف بريطاني في المياه النيجيرية.", "لاغوس ـ ا.ف.ب: ")]
    [InlineData("واشنطن، طهران (وكالات) - قال مسؤولون إن الرئيس اطلع على خيارات عسكرية.", "واشنطن، طهران (وكالات) - ")]
    [InlineData("By Jane Doe and Omar Haddad\nIran threatened to retaliate.", "By Jane Doe and Omar Haddad")]
    [InlineData("كتب: سامي منصور\nهددت إيران بالرد.", "كتب: سامي منصور")]
    public void A_dateline_or_byline_at_a_line_start_is_found(string body, string dateline)
    {
        var span = Assert.Single(Datelines.Find(body));
        Assert.Equal(dateline, body[span.Start..span.End]);
    }

    [Theory]
    [InlineData("Iran — the foreign ministry said — will respond to any attack.")]
    [InlineData("The UN envoy - a former diplomat - met both delegations.")]
    [InlineData("قال المتحدث - في بيان - إن القوات جاهزة للرد.")]
    [InlineData("By the end of the week the talks had resumed in Doha.")]
    public void Ordinary_sentences_are_not_datelines(string body) => Assert.Empty(Datelines.Find(body));

    [Theory]
    [InlineData("WASHINGTON (Reuters) - Stocks rose on Tuesday as investors cheered strong earnings.")]
    [InlineData("بكين - واشنطن - وكالات\nارتفعت أسهم شركات التكنولوجيا في البورصة أمس.")]
    [InlineData("TEHRAN, March 3 — The central bank kept its main rate unchanged.")]
    public void Nothing_in_a_dateline_is_a_signal_or_an_actor(string body)
    {
        var scored = Scoring.Score(body);
        Assert.Empty(scored.Signals);
        Assert.Empty(scored.Actors);
    }

    /// <summary>
    /// Every article the tests bundle and every article of the blind article set (data/articles): no signal's evidence
    /// begins or lies inside a dateline or byline.
    /// </summary>
    [Fact]
    public void No_bundled_article_has_evidence_in_a_dateline()
    {
        var bodies = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Texts"), "*.txt").Select(File.ReadAllText)
            .Concat(
            [
                "PARIS, July 14 — Thousands of troops paraded past the president as jets trailed smoke overhead.",
                "إسلام آباد - وكالات: قال الجيش الباكستاني إنه أحبط هجوما على نقطة تفتيش قرب الحدود الأفغانية.",
                "بكين - واشنطن - وكالات\nفرضت الولايات المتحدة قيودا جديدة على صادرات الرقائق إلى الصين.",
                "By Omar Haddad\nISLAMABAD (Reuters) - Pakistan recalled its ambassador from Kabul on Monday.",
            ])
            .Concat(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Articles"), "*.jsonl")
                .SelectMany(File.ReadLines)
                .Where(line => line.Length > 0)
                .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("body").GetString()!))
            .ToList();
        Assert.True(bodies.Count >= 160, $"{bodies.Count} articles");
        var checkedSpans = 0;
        foreach (var body in bodies)
        {
            var scored = Scoring.Score(body);
            foreach (var (start, end) in Datelines.Find(body))
            {
                checkedSpans++;
                Assert.DoesNotContain(scored.Signals, s => s.Start < end && s.End > start);
            }
        }

        Assert.True(checkedSpans >= 100, $"only {checkedSpans} datelines among the bundled articles");
    }
}
