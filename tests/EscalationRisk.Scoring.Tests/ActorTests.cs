namespace EscalationRisk.Scoring.Tests;

public sealed class ActorTests
{
    [Theory]
    [InlineData("أعلنت طهران رفع حالة التأهب.", "IRN")]
    [InlineData("قال بيزشكيان إن بلاده مستعدة للحوار.", "IRN")]
    [InlineData("قال عراقجي إن المفاوضات ستستأنف.", "IRN")]
    [InlineData("أعلن الكرملين أن بوتين سيجري اتصالا هاتفيا.", "RUS")]
    [InlineData("قال بيسكوف إن موسكو تدعو إلى التهدئة.", "RUS")]
    [InlineData("أكد البيت الأبيض أن ترامب يدرس الخيارات.", "USA")]
    [InlineData("قال نتنياهو إن تل أبيب لن تقبل بذلك.", "ISR")]
    [InlineData("The Kremlin said Putin spoke by phone with Pezeshkian.", "RUS")]
    [InlineData("Tehran said Araghchi would travel to Oman.", "IRN")]
    [InlineData("The White House said Trump was weighing options.", "USA")]
    [InlineData("Netanyahu said Israel would respond.", "ISR")]
    public void Metonymy_resolves_to_the_state(string sentence, string code)
    {
        var scored = Scoring.Score(sentence);
        Assert.Contains(scored.Actors, a => a.Code == code);
    }

    [Theory]
    [InlineData("هددت إيران إسرائيل برد قاس.", "IRN", "ISR")]
    [InlineData("Iran threatened Israel with a crushing response.", "IRN", "ISR")]
    [InlineData("شنت إسرائيل غارات جوية على لبنان.", "ISR", "LBN")]
    [InlineData("Russia launched missile strikes on Ukraine.", "RUS", "UKR")]
    [InlineData("تستعد واشنطن لتوجيه ضربة أمريكية لإيران.", "USA", "IRN")]
    public void Source_and_target_follow_the_sentence(string sentence, string source, string target)
    {
        var scored = Scoring.Score(sentence);
        var signal = scored.Signals.First(s => s.Polarity == Polarity.Escalation);
        Assert.Equal(source, signal.Source);
        Assert.Equal(target, signal.Target);
        Assert.Contains(ArticleScorer.DyadKey(source, target), scored.Dyads);
    }

    [Fact]
    public void Dyad_key_is_sorted_codes_joined_by_a_hyphen()
    {
        Assert.Equal("IRN-USA", ArticleScorer.DyadKey("USA", "IRN"));
        Assert.Equal("IRN-USA", ArticleScorer.DyadKey("IRN", "USA"));
    }

    [Fact]
    public void A_first_name_alone_is_no_actor()
    {
        var scored = Scoring.Score("قال عباس إن الطقس جميل اليوم.");
        Assert.Empty(scored.Actors);
    }

    [Fact]
    public void Gazetteer_holds_every_un_member_state()
    {
        var gazetteer = Matching.CompiledLexicon.LoadEmbedded().Gazetteer;
        var states = gazetteer.Actors.Values.Where(a => a.Type == "state").ToList();
        Assert.True(states.Count >= 193, $"only {states.Count} states");
        Assert.All(states, s => Assert.Matches("^[A-Z]{3}$", s.Code));
        Assert.All(states, s => Assert.True(gazetteer.Forms.Any(f => f.Code == s.Code && f.Language == "ar"), $"{s.Code} has no Arabic form"));
        Assert.All(states, s => Assert.True(gazetteer.Forms.Any(f => f.Code == s.Code && f.Role == "capital"), $"{s.Code} has no capital"));
    }
}
