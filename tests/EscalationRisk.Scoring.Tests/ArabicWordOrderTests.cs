namespace EscalationRisk.Scoring.Tests;

/// <summary>Arabic puts the verb before its subject: a lexicon phrase split by the actor acting is still found.</summary>
public sealed class ArabicWordOrderTests
{
    [Theory]
    [InlineData("وحذرت تركيا من رد عسكري إذا لم تنسحب القوات.", SignalCategory.ThreatToRespond, "TUR")]
    [InlineData("قطعت إريتريا علاقاتها الدبلوماسية مع الصومال.", SignalCategory.Coercion, "ERI")]
    [InlineData("رفعت اليابان العقوبات عن مصارف كوريا الجنوبية.", SignalCategory.Restraint, "JPN")]
    public void A_phrase_split_by_its_subject_is_found_with_the_subject_as_source(string sentence, SignalCategory category, string source)
    {
        var scored = Scoring.Score(sentence, "ar");
        var signal = Assert.Single(scored.Signals, s => s.Category == category);
        Assert.Equal(source, signal.Source);
        Assert.NotEqual("model", signal.Rule);
        Scoring.AssertEvidenceSlicesBody(sentence, scored);
    }

    [Fact]
    public void English_phrases_are_not_matched_across_a_name()
    {
        // "cut ties" is a coercion phrase; with a state between its words it is not one.
        var scored = Scoring.Score("Officials said the cut Iran made to its oil output ties in with the new budget.", "en");
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Coercion && s.Rule != "model");
    }
}
