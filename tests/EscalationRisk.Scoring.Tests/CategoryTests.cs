namespace EscalationRisk.Scoring.Tests;

/// <summary>Each category of the taxonomy, found in Arabic and in English phrasing.</summary>
public sealed class CategoryTests
{
    [Theory]
    // strike_option
    [InlineData(SignalCategory.StrikeOption, "قال مسؤولون إن الرئيس الأمريكي يدرس بجدية توجيه ضربة إلى منشآت إيرانية.")]
    [InlineData(SignalCategory.StrikeOption, "عرضت وزارة الدفاع على الرئيس خيارات عسكرية للتعامل مع الأزمة مع طهران.")]
    [InlineData(SignalCategory.StrikeOption, "Officials said the president was weighing military options against Iran.")]
    [InlineData(SignalCategory.StrikeOption, "The Pentagon has drawn up plans to strike missile sites in Yemen.")]
    // threat_to_respond
    [InlineData(SignalCategory.ThreatToRespond, "توعد الحرس الثوري إسرائيل برد ساحق على أي اعتداء.")]
    [InlineData(SignalCategory.ThreatToRespond, "قال قائد الجيش إن قواته جاهزة للرد على أي تحرك معاد.")]
    [InlineData(SignalCategory.ThreatToRespond, "Tehran vowed to retaliate against any aggression on its soil.")]
    [InlineData(SignalCategory.ThreatToRespond, "North Korea warned of a devastating response to the naval drills.")]
    // military_mobilization
    [InlineData(SignalCategory.MilitaryMobilization, "أعلن الجيش الإسرائيلي رفع حالة التأهب على الحدود الشمالية.")]
    [InlineData(SignalCategory.MilitaryMobilization, "أرسلت واشنطن حاملة طائرات إلى شرق المتوسط.")]
    [InlineData(SignalCategory.MilitaryMobilization, "Russia has deployed additional troops near the Ukrainian border.")]
    [InlineData(SignalCategory.MilitaryMobilization, "Israeli air defences were placed on high alert overnight.")]
    // attack
    [InlineData(SignalCategory.Attack, "شنت طائرات حربية غارات جوية على مواقع في جنوب لبنان.")]
    [InlineData(SignalCategory.Attack, "قصفت المدفعية الروسية مدينة خاركيف وأوقعت قتلى.")]
    [InlineData(SignalCategory.Attack, "Israeli airstrikes hit targets in Gaza overnight, killing six people.")]
    [InlineData(SignalCategory.Attack, "Ukrainian drones attacked an oil depot inside Russia.")]
    // coercion
    [InlineData(SignalCategory.Coercion, "فرضت الولايات المتحدة عقوبات جديدة على شركات نفط إيرانية.")]
    [InlineData(SignalCategory.Coercion, "طردت فرنسا السفير الجزائري وقطعت العلاقات مع الجزائر.")]
    [InlineData(SignalCategory.Coercion, "The European Union imposed new sanctions on Russia.")]
    [InlineData(SignalCategory.Coercion, "Washington gave Caracas an ultimatum to release the detainees.")]
    // call_for_calm
    [InlineData(SignalCategory.CallForCalm, "دعت مصر جميع الأطراف إلى ضبط النفس وتجنب التصعيد.")]
    [InlineData(SignalCategory.CallForCalm, "طالبت السعودية بالتهدئة في المنطقة.")]
    [InlineData(SignalCategory.CallForCalm, "The UN Secretary-General urged restraint and called for calm.")]
    [InlineData(SignalCategory.CallForCalm, "China urged both sides to avoid further escalation.")]
    // mediation
    [InlineData(SignalCategory.Mediation, "أبدت قطر استعدادها للتوسط بين واشنطن وطهران.")]
    [InlineData(SignalCategory.Mediation, "تواصل سلطنة عمان جهود الوساطة بين الجانبين.")]
    [InlineData(SignalCategory.Mediation, "Turkey offered to mediate between Russia and Ukraine.")]
    [InlineData(SignalCategory.Mediation, "Egypt is brokering talks to reduce tensions in Gaza.")]
    // dialogue
    [InlineData(SignalCategory.Dialogue, "أجرى الرئيس الفرنسي اتصالا هاتفيا مع نظيره الإيراني.")]
    [InlineData(SignalCategory.Dialogue, "اتفقت موسكو وأنقرة على استمرار التواصل بين وزيري الخارجية.")]
    [InlineData(SignalCategory.Dialogue, "Putin and Erdogan held a phone call on Tuesday.")]
    [InlineData(SignalCategory.Dialogue, "Iran and the United States held talks in Muscat.")]
    // ceasefire
    [InlineData(SignalCategory.Ceasefire, "أعلنت إسرائيل وحماس وقف إطلاق النار بعد أسابيع من القتال.")]
    [InlineData(SignalCategory.Ceasefire, "دخلت هدنة إنسانية حيز التنفيذ في السودان.")]
    [InlineData(SignalCategory.Ceasefire, "Armenia and Azerbaijan agreed to a ceasefire.")]
    [InlineData(SignalCategory.Ceasefire, "The warring parties signed a peace agreement in Doha.")]
    // restraint
    [InlineData(SignalCategory.Restraint, "أعلنت روسيا سحب قواتها من محيط العاصمة الأوكرانية.")]
    [InlineData(SignalCategory.Restraint, "قرر الرئيس الأمريكي تجميد خطط الضربة ضد إيران.")]
    [InlineData(SignalCategory.Restraint, "India pulled back troops from two forward posts.")]
    [InlineData(SignalCategory.Restraint, "Washington put the strike plans on hold.")]
    // relations beyond armed conflict (CAMEO 02, 04-05, 08, 13, 16-17)
    [InlineData(SignalCategory.Dialogue, "وقعت مصر والأردن اتفاقية تعاون في مجال الطاقة يوم الأحد.")]
    [InlineData(SignalCategory.Dialogue, "The presidents of Kenya and Ethiopia signed a treaty of friendship in Nairobi.")]
    [InlineData(SignalCategory.Restraint, "أعلنت السلطات رفع حظر التجول في العاصمة بعد أسبوع من الاحتجاجات.")]
    [InlineData(SignalCategory.Restraint, "The government lifted the curfew in the capital after a week of protests.")]
    [InlineData(SignalCategory.Coercion, "فرضت الحكومة حظر التجول وحظرت حزب المعارضة الرئيسي.")]
    [InlineData(SignalCategory.Coercion, "Riot police used tear gas to disperse demonstrators outside parliament.")]
    [InlineData(SignalCategory.ThreatToRespond, "هدد الاتحاد الأوروبي بفرض عقوبات على الحكومة الفنزويلية.")]
    [InlineData(SignalCategory.ThreatToRespond, "The president threatened to impose martial law in the province.")]
    [InlineData(SignalCategory.CallForCalm, "ناشد البابا الأطراف وقف أعمال العنف في البلاد.")]
    [InlineData(SignalCategory.CallForCalm, "The bishops appealed for an end to the violence in the north.")]
    // Threats told as idioms, ties severed and lists of sanctions, a truce that holds.
    [InlineData(SignalCategory.ThreatToRespond, "North Korea said the South would pay dearly for sending propaganda balloons across the border.")]
    [InlineData(SignalCategory.ThreatToRespond, "قال قائد الحرس الثوري إن أي اعتداء على السفن الإيرانية لن يمر دون رد.")]
    [InlineData(SignalCategory.Coercion, "The foreign minister announced that her government would sever all diplomatic relations with Caracas.")]
    [InlineData(SignalCategory.Coercion, "The U.S. Treasury blacklisted twelve tankers accused of carrying Iranian crude.")]
    [InlineData(SignalCategory.Ceasefire, "The guns along the front line had fallen silent since midnight, both armies said.")]
    [InlineData(SignalCategory.ThreatToRespond, "قال قائد الحرس الثوري إن السفن الأمريكية في الخليج ستكون هدفا مشروعا إذا تعرضت إيران لهجوم.")]
    [InlineData(SignalCategory.MilitaryMobilization, "أبحرت مجموعة حاملة الطائرات الأمريكية من شرق المتوسط نحو البحر الأحمر.")]
    [InlineData(SignalCategory.StrikeOption, "The defence secretary told senators that nothing is ruled out in dealing with the militia.")]
    // Sentences from the body of a report name no actor: the act still counts.
    [InlineData(SignalCategory.Attack, "وأفاد شهود بأن القصف تواصل حتى ساعات الفجر الأولى، وأن أعمدة الدخان شوهدت من الأحياء المجاورة.")]
    [InlineData(SignalCategory.Coercion, "وأكدت الوزارة أن العقوبات ستشمل كذلك أفراد عائلات المسؤولين المدرجين على القائمة.")]
    [InlineData(SignalCategory.Coercion, "The sanctions announced on Friday target the defence minister and six arms companies.")]
    public void Finds_the_category(SignalCategory expected, string sentence)
    {
        var scored = Scoring.Score(sentence);
        Assert.Contains(expected, scored.Signals.Select(s => s.Category));
        Assert.Equal(Taxonomy.Of(expected).Polarity, scored.Signals.First(s => s.Category == expected).Polarity);
        Scoring.AssertEvidenceSlicesBody(sentence, scored);
    }

    [Fact]
    public void Every_category_has_entries_in_both_languages()
    {
        var lexicon = Matching.CompiledLexicon.LoadEmbedded().Lexicon;
        foreach (var category in Taxonomy.Categories)
        {
            foreach (var language in new[] { "ar", "en" })
            {
                Assert.Contains(lexicon.Entries, e => e.Kind == Lexicon.EntryKind.Signal && e.Category == category && e.Language == language);
            }
        }
    }

    [Fact]
    public void Signals_carry_cameo_root_of_their_category()
    {
        var scored = Scoring.Score("Israeli airstrikes hit targets in Gaza, killing six people.");
        var attacks = scored.Signals.Where(s => s.Category == SignalCategory.Attack).ToList();
        Assert.NotEmpty(attacks);
        Assert.All(attacks, a => Assert.Equal(("19", Polarity.Escalation), (a.Cameo, a.Polarity)));
        var calm = Assert.Single(Scoring.Score("Egypt urged restraint.").Signals);
        Assert.Equal(("02", Polarity.Deescalation), (calm.Cameo, calm.Polarity));
    }
}
