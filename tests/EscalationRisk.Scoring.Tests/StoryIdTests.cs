namespace EscalationRisk.Scoring.Tests;

public sealed class StoryIdTests
{
    [Fact]
    public void Lightly_edited_copy_from_another_outlet_shares_the_story_id()
    {
        var original = Scoring.Text("mixed_article_ar.txt");
        // Another outlet: its own headline, a dateline, a dropped paragraph, a changed word and extra diacritics.
        var paragraphs = original.Split("\n\n");
        var edited = "عاجل: توتر في الخليج بعد حادث بحري\n\n" + string.Join("\n\n", paragraphs.Skip(1).Where((_, i) => i != 4))
            .Replace("قال مسؤولون أمريكيون", "قال مسؤولون أميركيون", StringComparison.Ordinal)
            .Replace("الخليج", "الخلِيج", StringComparison.Ordinal);
        Assert.NotEqual(original, edited);
        Assert.Equal(Scoring.Score(original).StoryId, Scoring.Score(edited).StoryId);
    }

    [Fact]
    public void Different_articles_have_different_story_ids()
    {
        var ids = new[] { "mixed_article_ar.txt", "mixed_article_en.txt", "neutral_article_ar.txt", "neutral_article_en.txt" }
            .Select(f => Scoring.Score(Scoring.Text(f)).StoryId)
            .ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Story_id_ignores_diacritics_and_bidi_marks()
    {
        var a = Scoring.Score("أعلنت الحكومة خطة جديدة لدعم المزارعين في الجنوب هذا العام");
        var b = Scoring.Score("أَعْلَنَت الحكومة\u200F خطة جديدة لدعم المزارعين في الجنوب هذا العام");
        Assert.Equal(a.StoryId, b.StoryId);
        Assert.StartsWith("st-", a.StoryId, StringComparison.Ordinal);
    }
}
