namespace EscalationRisk.Scoring.Tests;

/// <summary>
/// Who does what to whom when a sentence names more than the two parties: mediators, hosts, callers for calm and
/// commentators are reported as third parties and never form a dyad with the parties they stand between.
/// </summary>
public sealed class ThirdPartyTests
{
    private static void AssertThirdParty(ArticleScored scored, string code, ThirdPartyRole role)
    {
        Assert.NotNull(scored.ThirdParties);
        Assert.Contains(new ThirdParty(code, role), scored.ThirdParties!);
        Assert.DoesNotContain(scored.Dyads, d => d.Split('-').Contains(code));
    }

    [Fact]
    public void A_caller_for_calm_is_kept_out_of_the_strike_it_comments_on()
    {
        var scored = Scoring.Score("Israeli warplanes struck Hezbollah positions in southern Lebanon on Monday, killing three fighters, "
            + "and Egypt called on both sides to exercise restraint.");
        Assert.Contains("HEZ-ISR", scored.Dyads);
        AssertThirdParty(scored, "EGY", ThirdPartyRole.Caller);
        Assert.All(scored.Signals.Where(s => s.Category == SignalCategory.CallForCalm), s => Assert.Equal("EGY", s.ThirdParty?.Code));
    }

    [Fact]
    public void A_host_of_talks_is_no_party_and_a_warning_keeps_its_speaker()
    {
        var scored = Scoring.Score("Oman hosted a new round of indirect talks between Iran and the United States, while Iran warned Israel "
            + "it would respond to any attack.");
        Assert.Equal(["IRN-ISR", "IRN-USA"], scored.Dyads);
        Assert.Contains(scored.ThirdParties!, t => t.Code == "OMN");
        Assert.DoesNotContain(scored.Signals, s => s.Source == "ISR");
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.StrikeOption);
    }

    [Fact]
    public void Two_mediators_stand_between_the_parties_and_a_shelled_town_gives_the_shelling_a_target()
    {
        var scored = Scoring.Score("Qatar and Egypt are mediating between Israel and Hamas, officials said, as Israeli tanks shelled Rafah.");
        Assert.Equal(["HAM-ISR"], scored.Dyads);
        AssertThirdParty(scored, "QAT", ThirdPartyRole.Mediator);
        AssertThirdParty(scored, "EGY", ThirdPartyRole.Mediator);
        var shelling = Assert.Single(scored.Signals, s => s.Category == SignalCategory.Attack);
        Assert.Equal("ISR", shelling.Source);
        Assert.Contains(shelling.Target, new[] { "HAM", "PSE" });
    }

    [Fact]
    public void A_place_resolves_to_the_state_whose_territory_it_is_and_is_only_ever_a_target()
    {
        var scored = Scoring.Score("Israeli tanks shelled Rafah.");
        Assert.Equal(["ISR-PSE"], scored.Dyads);
        var arabic = Scoring.Score("قصفت مسيرات أوكرانية مستودعا للوقود في بيلغورود.");
        Assert.Equal(["RUS-UKR"], arabic.Dyads);
        Assert.Equal("UKR", Assert.Single(arabic.Signals, s => s.Category == SignalCategory.Attack).Source);
    }

    [Theory]
    [InlineData("The Gulf Cooperation Council urged Iran and the United States to exercise restraint.", "IRN-USA", "GCC", ThirdPartyRole.Caller)]
    [InlineData("Egypt and Jordan called on Israel and Iran to step back from the brink.", "IRN-ISR", "EGY", ThirdPartyRole.Caller)]
    [InlineData("دعت إيران كلاً من أذربيجان وأرمينيا إلى ضبط النفس وتجنب أي تحرك عسكري.", "ARM-AZE", "IRN", ThirdPartyRole.Caller)]
    [InlineData("استضافت الدوحة جولة مفاوضات جديدة بين الولايات المتحدة وإيران.", "IRN-USA", "QAT", ThirdPartyRole.Host)]
    [InlineData("اتفقت باكستان وأفغانستان على وقف فوري لإطلاق النار بوساطة قطرية.", "AFG-PAK", "QAT", ThirdPartyRole.Mediator)]
    public void The_parties_are_those_the_third_party_stands_between(string sentence, string dyad, string third, ThirdPartyRole role)
    {
        var scored = Scoring.Score(sentence);
        Assert.Contains(dyad, scored.Dyads);
        AssertThirdParty(scored, third, role);
    }

    [Fact]
    public void Both_sides_in_a_later_sentence_reads_back_to_the_pair_named_before()
    {
        var scored = Scoring.Score("Thai and Cambodian troops exchanged artillery fire across the border on Sunday. "
            + "The United Nations called on both sides to exercise restraint.");
        Assert.Equal(["KHM-THA"], scored.Dyads);
        AssertThirdParty(scored, "UNO", ThirdPartyRole.Caller);
    }

    [Fact]
    public void Without_third_parties_the_result_says_nothing_of_them()
    {
        var scored = Scoring.Score("Russia launched missile strikes on Ukraine.");
        Assert.Null(scored.ThirdParties);
        Assert.Equal(["RUS-UKR"], scored.Dyads);
    }

    [Fact]
    public void A_commentator_named_after_its_verb_is_no_party()
    {
        var scored = Scoring.Score("أعرب مكتب تنسيق الشؤون الإنسانية التابع للأمم المتحدة عن قلقه البالغ إزاء الضربات الروسية على منشآت الطاقة في أوكرانيا.");
        AssertThirdParty(scored, "UNO", ThirdPartyRole.Commentator);
    }

    [Fact]
    public void An_escalation_that_threatens_the_region_is_no_threat_by_the_caller()
    {
        var scored = Scoring.Score("دعا الرئيس التركي إسرائيل وإيران إلى وقف الهجمات المتبادلة فورا، محذرا من أن استمرار التصعيد بين البلدين يهدد بجر المنطقة إلى الفوضى.");
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.ThreatToRespond);
        Assert.DoesNotContain(scored.Dyads, d => d.Split('-').Contains("TUR"));
    }
}
