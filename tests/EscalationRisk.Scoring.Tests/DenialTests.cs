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
    [InlineData("The Rapid Support Forces rejected accusations that they had shelled the Zamzam camp, calling them fabrications.")]
    [InlineData("أكد متحدث عسكري أمريكي أن القوات الأمريكية لم تكن طرفا في الغارة على القافلة قرب الحدود.")]
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

    [Theory]
    [InlineData("The prime minister said Israel would not launch strikes on Iran during the talks.")]
    [InlineData("Azerbaijan will never invade Armenia, the president told parliament.")]
    public void An_attack_renounced_for_the_future_is_restraint(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.DoesNotContain(scored.Signals, s => s.Polarity == Polarity.Escalation);
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.Restraint && s.Rule == "ruling_out");
    }

    [Theory]
    [InlineData("Azerbaijan denied moving troops toward the border, saying reports of shelling near Lachin were false.")]
    [InlineData("قال متحدث عسكري إن التقارير عن غارات تركية على القرية «عارية عن الصحة».")]
    public void Reports_of_an_act_that_a_sentence_denies_are_no_signal(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.DoesNotContain(scored.Signals, s => s.Polarity == Polarity.Escalation);
        Assert.Equal(ArticleLabel.Neutral, scored.Label);
    }

    [Fact]
    public void An_act_beside_a_denial_but_not_reported_stands() =>
        Scoring.AssertLabelWith("The spokesman denied the claims, and residents said shelling near Lachin continued overnight.",
            ArticleLabel.Escalation, SignalCategory.Attack);

    [Theory]
    [InlineData("The president rejected a proposal from his generals for strikes on rebel camps across the border, aides said.")]
    [InlineData("The cabinet rejected the option of bombing the dam, two ministers said.")]
    public void A_rejected_proposal_or_option_is_ruled_out(string sentence)
    {
        var scored = Scoring.AssertLabelWith(sentence, ArticleLabel.Deescalation, SignalCategory.Restraint);
        Assert.DoesNotContain(scored.Signals, s => s.Polarity == Polarity.Escalation);
    }

    [Fact]
    public void An_attack_that_will_not_be_allowed_is_no_renunciation()
    {
        var scored = Scoring.Score("Turkey will not allow attacks on its troops in northern Syria, the defence minister said.");
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Restraint && s.Rule == "ruling_out");
    }

    [Theory]
    [InlineData("رفض المتحدث باسم البيت الأبيض استبعاد توجيه ضربات إلى مواقع الفصائل المسلحة في العراق.")]
    [InlineData("Refusing to rule out a ground operation, the president said troops could come one night.")]
    [InlineData("لم تستبعد هلسنكي اتخاذ إجراءات عسكرية لحماية بنيتها التحتية البحرية.")]
    [InlineData("The defence secretary did not rule out the use of force.")]
    public void A_refusal_to_rule_out_keeps_the_option_even_with_the_subject_between(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.StrikeOption);
        Assert.DoesNotContain(scored.Signals, s => s.Polarity == Polarity.Deescalation);
    }

    [Theory]
    [InlineData("قال المتحدث إن الجيش ليست لديه أي نية للتصعيد على الحدود.")]
    [InlineData("The minister said the army does not have any plans to deploy troops to the border.")]
    public void A_negation_before_any_intention_is_the_ruling_out_itself(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.Equal(ArticleLabel.Deescalation, scored.Label);
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.Restraint);
    }

    [Theory]
    [InlineData("Kenya's government denied harbouring the rebel commanders and said its territory was not used against any neighbour.")]
    [InlineData("قالت وزارة الدفاع الأذربيجانية إنها «لا علاقة لها» بالطائرة المسيرة التي سقطت قرب الحدود الإيرانية.")]
    public void A_denied_fact_gets_no_restraint_from_the_model(string sentence)
    {
        // No intent or plan is denied, so nothing is renounced: the model's restraint (the second stage read the
        // denial as one) is not added. Both were de-escalation before.
        Scoring.AssertNoSignal(sentence);
    }

    [Theory]
    [InlineData("Belarus dismissed reports that it intended to send soldiers into Ukraine, the defence ministry said on Tuesday.")]
    [InlineData("نفت الحكومة التشادية أي نية لإرسال قوات إلى دارفور، رافضة اتهامات الخرطوم.")]
    public void A_denied_intent_stays_restraint(string sentence) =>
        Scoring.AssertLabelWith(sentence, ArticleLabel.Deescalation, SignalCategory.Restraint);
}
