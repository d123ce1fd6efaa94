namespace EscalationRisk.Scoring.Tests;

/// <summary>
/// A denial reaches the rest of its clause: a denied act did not happen (no signal), a denied plan or threat is
/// restraint; "not planning" and a ruling-out of the use of force are restraint on their own.
/// </summary>
public sealed class DenialTests
{
    [Theory]
    [InlineData("Hezbollah denied any role in the rocket fire toward northern Israel overnight.")]
    [InlineData("The army denied that its warplanes had struck the fuel depot near the border on Sunday.")]
    [InlineData("نفى الجيش الأوكراني أن تكون قواته قد استهدفت مستودعاً للوقود في مقاطعة بيلغورود الروسية.")]
    [InlineData("أنكر متحدث باسم الجيش أن تكون طائراته قد قصفت مواقع داخل الحدود.")]
    public void A_denied_act_is_no_signal(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.DoesNotContain(scored.Signals, s => s.Polarity == Polarity.Escalation);
        Assert.Equal(ArticleLabel.Neutral, scored.Label);
    }

    [Theory]
    [InlineData("Iran denied planning an attack on Israel.")]
    [InlineData("نفت إيران أنها تخطط لمهاجمة إسرائيل.")]
    [InlineData("Israel is not planning a ground operation in southern Lebanon, an Israeli security official said.")]
    [InlineData("The junta in Niamey ruled out the use of force against neighbouring states.")]
    public void A_denied_or_renounced_plan_is_restraint(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.DoesNotContain(scored.Signals, s => s.Polarity == Polarity.Escalation);
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.Restraint && s.Rule is "denial" or "ruling_out");
        Assert.Equal(ArticleLabel.Deescalation, scored.Label);
        Scoring.AssertEvidenceSlicesBody(sentence, scored);
    }

    [Fact]
    public void A_denial_does_not_reach_past_its_clause()
    {
        // The second clause reports an attack as fact; the denial is about the first.
        var scored = Scoring.Score("The ministry denied the reports of a mutiny, but Russian jets struck Ukrainian positions near Kharkiv overnight.");
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.Attack);
    }
}
