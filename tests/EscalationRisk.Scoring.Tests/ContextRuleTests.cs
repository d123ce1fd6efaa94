namespace EscalationRisk.Scoring.Tests;

/// <summary>The context rules of the issue, each in Arabic and English.</summary>
public sealed class ContextRuleTests
{
    private static readonly SignalCategory[] Escalation =
    [
        SignalCategory.StrikeOption, SignalCategory.ThreatToRespond, SignalCategory.MilitaryMobilization,
        SignalCategory.Attack, SignalCategory.Coercion,
    ];

    [Theory]
    [InlineData("نفى الجيش أنه شن هجوما على المواقع الإيرانية.")]
    [InlineData("لم تقصف الطائرات الإسرائيلية أي أهداف في سوريا.")]
    [InlineData("The army denied that it attacked Iranian positions.")]
    [InlineData("Israeli jets did not strike any targets in Syria.")]
    public void Negation_cancels_the_signal(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Attack);
        Assert.True(scored.Risk < 10, $"risk {scored.Risk}");
    }

    [Theory]
    [InlineData("استبعد وزير الدفاع أي عمل عسكري ضد إيران في المرحلة الحالية.")]
    [InlineData("The defence minister ruled out military action against Iran.")]
    public void Ruling_out_turns_a_strike_option_into_restraint(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.DoesNotContain(scored.Signals, s => Escalation.Contains(s.Category));
        var restraint = Assert.Single(scored.Signals, s => s.Category == SignalCategory.Restraint);
        Assert.Equal("ruling_out", restraint.Rule);
        Assert.Equal(ArticleLabel.Deescalation, scored.Label);
    }

    [Theory]
    [InlineData("لم يستبعد وزير الدفاع أي عمل عسكري ضد إيران.")]
    [InlineData("The defence minister did not rule out military action against Iran.")]
    public void Negated_ruling_out_leaves_the_strike_option(string sentence)
    {
        var categories = Scoring.Categories(sentence);
        Assert.Contains(SignalCategory.StrikeOption, categories);
        Assert.DoesNotContain(SignalCategory.Restraint, categories);
    }

    [Theory]
    [InlineData("قرر الرئيس تأجيل الضربة العسكرية على المنشآت الإيرانية.")]
    [InlineData("أفادت تقارير بتجميد الرئيس الأمريكي خططه لضرب إيران.")]
    [InlineData("The president put the planned strikes on Iran on hold.")]
    [InlineData("Washington froze its plans to strike Iranian nuclear sites.")]
    [InlineData("The European Union lifted its oil sanctions on Syria on Monday.")]
    [InlineData("Israel eased the blockade on the crossing.")]
    public void Deferral_turns_a_strike_option_into_restraint(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.DoesNotContain(scored.Signals, s => Escalation.Contains(s.Category));
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.Restraint && s.Rule == "deferral");
    }

    [Theory]
    [InlineData("وقالت الصحيفة إن الرئيس الأمريكي لم يتخذ قرارا نهائيا بعد بشأن الضربات.")]
    [InlineData("The newspaper said the US president had not made a final decision on the strikes.")]
    public void Undecided_option_stays_a_strike_option(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.StrikeOption);
        Assert.DoesNotContain(scored.Signals, s => s.Category is SignalCategory.Attack or SignalCategory.Restraint);
        Assert.Equal(ArticleLabel.Escalation, scored.Label);
    }

    [Theory]
    [InlineData("إذا هاجمت إسرائيل منشآتنا فإننا سنرد بقوة.")]
    [InlineData("If Israel attacks our facilities, we will respond forcefully.")]
    public void Conditional_threat_stays_a_threat_and_is_no_attack(string sentence)
    {
        var categories = Scoring.Categories(sentence);
        Assert.Contains(SignalCategory.ThreatToRespond, categories);
        Assert.DoesNotContain(SignalCategory.Attack, categories);
    }

    [Theory]
    [InlineData("تضمنت الخيارات المعروضة على الرئيس ضربات ضد قواعد عسكرية.")]
    [InlineData("The options presented to the president include strikes on military bases.")]
    public void Attack_spoken_of_as_an_option_is_a_strike_option(string sentence)
    {
        var categories = Scoring.Categories(sentence);
        Assert.Contains(SignalCategory.StrikeOption, categories);
        Assert.DoesNotContain(SignalCategory.Attack, categories);
    }

    [Theory]
    [InlineData("دخل عمال الموانئ في إضراب مفتوح للمطالبة برفع الأجور.")]
    [InlineData("Dock workers went on strike over pay on Monday.")]
    [InlineData("ضربت عاصفة رملية قوية العاصمة وأغلقت المطار.")]
    [InlineData("A powerful storm struck the coast and cut power to thousands.")]
    [InlineData("أطلقت الشركة هاتفا ذكيا جديدا في السوق المحلية.")]
    [InlineData("The company launched a new smartphone on Tuesday.")]
    [InlineData("هاجم المدرب الحكم بعد خسارة المباراة.")]
    [InlineData("أطلقت المحكمة سراح المتهم بكفالة في قضية السرقة.")]
    [InlineData("The robbery suspect was released on bail by the court.")]
    [InlineData("The coach attacked the referee after the match.")]
    public void Other_word_senses_give_no_signal(string sentence)
    {
        var scored = Scoring.AssertNoSignal(sentence);
        Assert.True(scored.Risk < 10);
    }

    [Theory]
    [InlineData("لن نتردد في الرد على أي اعتداء إسرائيلي.")]
    [InlineData("We will not hesitate to respond to any Israeli aggression.")]
    public void Negation_inside_a_threat_phrase_does_not_cancel_it(string sentence)
    {
        Assert.Contains(SignalCategory.ThreatToRespond, Scoring.Categories(sentence));
    }

    [Theory]
    [InlineData("لا تزال القوات في حالة تأهب على الحدود.")]
    [InlineData("Troops are not only on high alert but massing near the border.")]
    public void Negation_words_that_do_not_negate_leave_the_signal(string sentence)
    {
        Assert.Contains(SignalCategory.MilitaryMobilization, Scoring.Categories(sentence));
    }

    [Theory]
    [InlineData("رفضت الحكومة أي مفاوضات مع المتمردين. ولم تجر محادثات مع إيران.")]
    [InlineData("Russia refused talks with Ukraine.")]
    public void Negated_deescalation_is_cancelled(string sentence)
    {
        Assert.DoesNotContain(SignalCategory.Dialogue, Scoring.Categories(sentence));
    }

    [Theory]
    [InlineData("حذرت إيران من أن أي اعتداء يستهدف أراضيها سيقابل برد ساحق.")]
    [InlineData("Iran warned that any attack on its territory would be met with a crushing response.")]
    public void An_attack_quantified_by_any_is_hypothetical(string sentence)
    {
        var categories = Scoring.Categories(sentence);
        Assert.Contains(SignalCategory.ThreatToRespond, categories);
        Assert.DoesNotContain(SignalCategory.Attack, categories);
    }

    [Theory]
    [InlineData("نشر الحرس الثوري زوارق هجومية سريعة ومنظومات صاروخية على الجزيرة.")]
    [InlineData("The Revolutionary Guards deployed fast attack craft and coastal missile batteries on the island.")]
    public void A_weapon_named_by_its_role_is_no_attack(string sentence)
    {
        var categories = Scoring.Categories(sentence);
        Assert.Contains(SignalCategory.MilitaryMobilization, categories);
        Assert.DoesNotContain(SignalCategory.Attack, categories);
    }

    [Theory]
    [InlineData("أطلقت كوريا الشمالية صاروخين باليستيين باتجاه البحر قبالة ساحلها الشرقي.")]
    [InlineData("North Korea fired two ballistic missiles into the sea off its east coast on Tuesday.")]
    [InlineData("The missiles flew about 300 kilometres before splashing down in waters off Japan, the ministry said.")]
    public void Missiles_fired_into_the_sea_are_a_show_of_force_not_an_attack(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Attack);
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.MilitaryMobilization);
        Assert.Equal(ArticleLabel.Escalation, scored.Label);
    }

    [Theory]
    [InlineData("أطلقت القوات صواريخ على قاعدة عسكرية قرب الحدود، ما أسفر عن مقتل جنديين.")]
    [InlineData("The army fired missiles at a military base near the border, killing two soldiers.")]
    public void Missiles_fired_at_a_target_stay_an_attack(string sentence)
    {
        Assert.Contains(SignalCategory.Attack, Scoring.Categories(sentence));
    }

    [Theory]
    [InlineData("تحطمت مروحية عسكرية بسبب خلل فني أثناء رحلة تدريبية، ما أدى إلى مقتل طاقمها.")]
    [InlineData("An army helicopter crashed during a training flight because of a technical fault, killing both pilots.")]
    [InlineData("Armed robbers attacked a cash van outside the capital and escaped with the money, police said.")]
    [InlineData("A gas cylinder explosion tore through a restaurant in central Karachi on Tuesday, killing four people, police said.")]
    [InlineData("قالت السلطات إن الانفجار الذي وقع في مستودع للوقود بالميناء نجم عن خلل تقني في أنظمة التخزين.")]
    public void Accidents_and_crime_are_no_attack(string sentence)
    {
        Assert.DoesNotContain(SignalCategory.Attack, Scoring.Categories(sentence));
    }

    [Theory]
    [InlineData("وقّع الطرفان اتفاقا لوقف القتال في المدينة بوساطة قطرية.")]
    [InlineData("The two armies signed a ceasefire on Saturday after four days of fighting along the border.")]
    [InlineData("The government and the rebels signed an agreement ending the fighting in the north.")]
    public void Fighting_that_a_truce_ends_is_no_attack(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Attack);
        Assert.Equal(ArticleLabel.Deescalation, scored.Label);
    }

    [Theory]
    [InlineData("أعلنت فرنسا تعليق التعاون العسكري مع مالي وتجميد أصول عدد من المسؤولين.")]
    [InlineData("The ministry said it was suspending all military cooperation with Mali with immediate effect.")]
    [InlineData("Washington suspended military aid to the junta and froze its assets abroad.")]
    public void Suspending_aid_or_cooperation_is_coercion_not_restraint(string sentence)
    {
        var categories = Scoring.Categories(sentence);
        Assert.Contains(SignalCategory.Coercion, categories);
        Assert.DoesNotContain(SignalCategory.Restraint, categories);
    }

    [Theory]
    [InlineData("استدعى الجيش الاحتياط وألغى جميع الإجازات للضباط في المناطق الحدودية.")]
    [InlineData("Pakistan has called up reservists and cancelled leave for army officers posted along the border.")]
    public void Cancelled_leave_is_mobilisation(string sentence)
    {
        var categories = Scoring.Categories(sentence);
        Assert.Contains(SignalCategory.MilitaryMobilization, categories);
        Assert.DoesNotContain(SignalCategory.Restraint, categories);
    }

    [Theory]
    [InlineData("استدعت الجزائر سفيرها لدى باريس للتشاور احتجاجا على التدخل في شؤونها.")]
    [InlineData("Algeria recalled its ambassador from Paris for consultations in protest at interference in its affairs.")]
    public void An_ambassador_recalled_for_consultations_is_coercion_alone(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.Coercion);
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Dialogue);
        Assert.Equal(ArticleLabel.Escalation, scored.Label);
    }

    [Theory]
    [InlineData("حذر وزير الخارجية الأردني من مخاطر التصعيد ودعا إلى ضبط النفس.")]
    [InlineData("Jordan's foreign minister warned of the dangers of escalation and urged restraint.")]
    public void A_warning_of_escalation_is_an_appeal_for_calm(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.ThreatToRespond);
        Assert.Equal(ArticleLabel.Deescalation, scored.Label);
    }

    [Fact]
    public void Declining_to_rule_out_keeps_the_option()
    {
        var scored = Scoring.Score("The defence minister declined to rule out military action against the rebels.");
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.StrikeOption);
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Restraint);
    }

    [Theory]
    [InlineData("The finance minister warned that a weaker currency could push up the cost of fuel subsidies in next year's budget.")]
    [InlineData("The World Health Organization warned that cholera cases could double within a month in the capital.")]
    [InlineData("The train drivers' union threatened a nationwide strike unless pay talks resumed this week.")]
    public void Warnings_about_markets_health_or_pay_are_no_threat(string sentence)
    {
        Assert.DoesNotContain(SignalCategory.ThreatToRespond, Scoring.Categories(sentence));
    }

    [Fact]
    public void A_warning_inside_the_African_Union_story_is_still_a_warning()
    {
        // "African Union" is no labour union: the warning keeps its sense.
        Assert.Contains(SignalCategory.ThreatToRespond, Scoring.Categories(
            "Somalia warned that Ethiopian troops serving in the African Union mission would face consequences if they stayed."));
    }

    [Theory]
    [InlineData("Kenya sent home the reservists it called up last month.")]
    [InlineData("The fighting stopped on Wednesday after tribal elders negotiated a truce between the rival armed groups.")]
    public void Forces_sent_home_and_fighting_that_stopped_are_deescalation(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.Equal(ArticleLabel.Deescalation, scored.Label);
        Assert.DoesNotContain(scored.Signals, s => Taxonomy.Of(s.Category).Polarity == Polarity.Escalation);
    }

    [Theory]
    [InlineData("Iraqi militias said US troops would be fair game unless Washington announced a timetable for their withdrawal.")]
    [InlineData("هددت الفصائل باستهداف القوات الأجنبية إذا لم تعلن الحكومة جدولا زمنيا لانسحابها.")]
    public void A_withdrawal_named_only_as_the_condition_of_a_threat_is_no_restraint(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Restraint);
        Assert.Equal(ArticleLabel.Escalation, scored.Label);
    }

    [Fact]
    public void Suspending_a_treaty_or_trade_is_coercion()
    {
        var scored = Scoring.Score("Algeria recalled its ambassador from Madrid and suspended a friendship treaty with Spain.");
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.Coercion);
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Restraint);
    }

    [Theory]
    [InlineData("دوت صافرات الإنذار في العاصمة ظهر الأحد ضمن تجربة دورية لمنظومة الإنذار المبكر.")]
    [InlineData("أصيب رجل بضربة شمس خلال أداء مناسك الحج ونقلته فرق الهلال الأحمر إلى المستشفى.")]
    [InlineData("تجاوز حجم التبادل التجاري بين المغرب وإسبانيا عشرين مليار يورو، وفق أرقام نشرها المعهد الوطني للإحصاء.")]
    public void Arabic_words_of_another_sense_give_no_escalation(string sentence)
    {
        Assert.DoesNotContain(Scoring.Score(sentence).Signals, s => Taxonomy.Of(s.Category).Polarity == Polarity.Escalation);
    }

    [Theory]
    [InlineData("The coach said his team would pay dearly for their defensive mistakes in the derby.")]
    [InlineData("Neither the White House nor the Pentagon immediately responded to requests for comment.")]
    [InlineData("Ghana's chief of defence staff paid a courtesy call on the Speaker of Parliament on Tuesday.")]
    [InlineData("أبحرت العبارة من ميناء بيرايوس متجهة إلى جزيرة كريت وعلى متنها ثلاثمئة راكب.")]
    public void English_idioms_of_another_sense_give_no_signal(string sentence)
    {
        Assert.Empty(Scoring.Score(sentence).Signals);
    }

    [Theory]
    [InlineData("All leave for officers of the 4th Mechanised Brigade has been cancelled until further notice, according to an order.")]
    [InlineData("Warships were kept at sea in the Aegean and leave for the armed forces was suspended, a military source said.")]
    [InlineData("ألغت وزارة الدفاع الأرمينية جميع الإجازات الممنوحة لضباط الوحدات المرابطة على الحدود الشرقية.")]
    public void Leave_cancelled_is_a_mobilisation_not_a_deferral(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.MilitaryMobilization);
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Restraint);
    }

    [Fact]
    public void A_team_cancelling_its_players_leave_is_no_mobilisation()
    {
        Assert.Empty(Scoring.Score("The national football team cancelled all leave for its players ahead of the World Cup qualifiers.").Signals);
    }

    [Fact]
    public void Talks_resumed_after_a_pause_are_talks()
    {
        var scored = Scoring.Score("Negotiators for Kinshasa and the M23 resumed talks in Doha on Monday after a two-week pause, Qatari officials said.");
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.Dialogue);
        Assert.Equal(ArticleLabel.Deescalation, scored.Label);
    }

    [Fact]
    public void Refusing_to_rule_out_a_strike_keeps_the_option()
    {
        var scored = Scoring.Score("رفض رئيس الوزراء استبعاد ضرب المنشآت النووية إذا فشلت المفاوضات.");
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Restraint);
        Assert.Equal(ArticleLabel.Escalation, scored.Label);
    }

    [Theory]
    [InlineData("The carrier strike group arrived in the region on Monday, accompanied by two destroyers.")]
    [InlineData("Ukraine called up 8,000 reservists to reinforce units defending the front.")]
    [InlineData("Thousands of troops were put on heightened readiness ahead of the inauguration.")]
    public void Forces_moved_or_readied_are_mobilisation_without_a_named_state(string sentence)
    {
        // "defending" is no sport (the football "defender" stems alike), and a carrier group is military context.
        Assert.Contains(SignalCategory.MilitaryMobilization, Scoring.Categories(sentence));
    }

    [Theory]
    [InlineData("Ankara said its patience with the militias in the north has limits and that it would not wait forever for them to leave.")]
    [InlineData("The Houthis vowed to widen their campaign to ships in the Mediterranean.")]
    public void Patience_with_limits_and_a_campaign_to_widen_are_threats(string sentence)
    {
        Assert.Contains(SignalCategory.ThreatToRespond, Scoring.Categories(sentence));
    }

    [Theory]
    [InlineData("Washington will impose new sanctions on Caracas unless the elections are held.")]
    [InlineData("Military aid to Kigali will be suspended if Rwandan forces have not left eastern Congo by the end of the year.")]
    [InlineData("Israel will strike Iranian nuclear sites if Tehran attacks again.")]
    [InlineData("حذرت نيودلهي من أنها ستعلّق العمل بمعاهدة تقاسم المياه إن لم تتخذ إسلام آباد خطوات ملموسة خلال أسبوعين.")]
    public void An_act_threatened_on_a_condition_that_follows_it_is_a_threat(string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.ThreatToRespond);
        Assert.DoesNotContain(scored.Signals, s => s.Category is SignalCategory.Attack or SignalCategory.Restraint);
        Assert.Equal(ArticleLabel.Escalation, scored.Label);
    }

    [Theory]
    [InlineData("Israeli jets struck Gaza overnight, and the army said it would hit harder if rockets continued.", SignalCategory.Attack)]
    [InlineData("The European Union imposed sanctions on six Belarusian officials on Monday, and said more would follow if the crackdown went on.", SignalCategory.Coercion)]
    public void An_act_already_done_stays_the_act_whatever_condition_follows(string sentence, SignalCategory category)
    {
        Assert.Contains(category, Scoring.Categories(sentence));
    }

    [Fact]
    public void An_act_ruled_out_unless_something_happens_stays_ruled_out_and_the_condition_is_no_threat()
    {
        var scored = Scoring.Score("أكد وزير الخارجية المصري أن القاهرة لا تنوي الانخراط عسكريا في الأزمة الليبية ما لم يتعرض أمنها القومي لتهديد مباشر.");
        Assert.DoesNotContain(scored.Signals, s => s.Polarity == Polarity.Escalation);
    }
}
