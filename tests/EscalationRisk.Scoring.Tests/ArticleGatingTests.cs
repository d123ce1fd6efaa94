namespace EscalationRisk.Scoring.Tests;

/// <summary>
/// The whole article: reports about another domain keep no signal, recalled fighting is background, and a missile
/// test is no attack. Texts written by the team for these tests.
/// </summary>
public sealed class ArticleGatingTests
{
    [Theory]
    [InlineData("""
        DUBLIN, Feb 8 (Reuters) - Ireland beat France 24-19 in a bruising Six Nations match at the Aviva Stadium on Saturday to stay top of the table.

        Ireland camped inside the French half for most of the final quarter, launching wave after wave of attacks from close range, but the French defence held until the last minute.

        Fly-half Conor Walsh kicked four penalties and the winger scored a late try in the corner to seal the win.

        "It was a war of attrition and our forwards kept firing," the Ireland coach told reporters after the match.
        """)]
    [InlineData("""
        الدوحة - قنا: فاز منتخب قطر على منتخب الأردن بهدفين مقابل هدف في المباراة التي أقيمت مساء الخميس ضمن تصفيات كأس العالم.

        وشن المنتخب القطري هجوما كاسحا منذ الدقائق الأولى، وسدد مهاجمه كرة قوية ارتطمت بالقائم قبل أن يفتتح التسجيل في الدقيقة العشرين.

        وعادل المنتخب الأردني النتيجة بعد هجمة مرتدة سريعة، قبل أن يحسم البديل المباراة في الوقت بدل الضائع.

        وقال مدرب المنتخب القطري إن لاعبيه قاتلوا حتى الدقيقة الأخيرة أمام جماهير غفيرة في الملعب.
        """)]
    public void A_match_between_national_teams_keeps_no_signal(string body)
    {
        var scored = Scoring.AssertNoSignal(body);
        Assert.Equal("sport", scored.Topic);
    }

    [Fact]
    public void Fighting_recalled_by_its_month_is_background_and_no_alert()
    {
        const string body = """
            KUALA LUMPUR, Nov 12 (Reuters) - Thailand and Cambodia agreed on Wednesday to reopen two border checkpoints and to hold a further meeting of their joint border committee next month, officials said.

            The foreign ministers of both countries signed the agreement after talks hosted by Malaysia, which has mediated between the neighbours since the summer.

            Five days of clashes in July, involving artillery and air strikes, killed more than 40 people on both sides and forced thousands from their homes.

            Traders on both sides of the border welcomed the agreement and said they hoped the crossings would reopen before the harvest.
            """;
        var scored = Scoring.Score(body);
        Assert.Equal(ArticleLabel.Deescalation, scored.Label);
        var attacks = scored.Signals.Where(s => s.Category == SignalCategory.Attack).ToList();
        Assert.All(attacks, s => Assert.Equal("background", s.Rule));
        Assert.DoesNotContain(attacks, s => s.Confidence >= 0.7);
    }

    [Fact]
    public void A_missile_test_is_a_show_of_force_and_no_attack()
    {
        const string body = """
            SEOUL, Nov 5 (Yonhap) - North Korea fired a ballistic missile into the sea off its east coast on Wednesday, South Korea's military said.

            The Joint Chiefs of Staff said the missile flew about 400 kilometres before splashing down in waters between the peninsula and Japan.

            North Korea's state media later said the launch was a test of a new tactical weapon and warned that the country would respond to any provocation.

            "North Korea's missile launch is a clear provocation that threatens peace on the peninsula," the South Korean military said in a statement.
            """;
        var scored = Scoring.Score(body);
        Assert.DoesNotContain(scored.Signals, s => s.Category == SignalCategory.Attack);
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.MilitaryMobilization);
        Assert.Equal(ArticleLabel.Escalation, scored.Label);
    }

    [Fact]
    public void A_history_of_a_past_crisis_keeps_no_signal_however_anchored()
    {
        const string body = "Historians at a university in Prague on Monday published a collection of letters from the archives of the former Czechoslovak foreign ministry about the 1962 missile crisis." +
            "\n\n" + "The documents describe how diplomats followed the naval blockade of Cuba and the shooting down of a reconnaissance plane from their embassies." +
            "\n\n" + "One letter records the relief in Prague when Moscow agreed to withdraw its missiles from Cuba in exchange for a United States pledge not to invade the island." +
            "\n\n" + "The collection will be presented at a conference of historians in Vienna next spring, the university said.";
        Scoring.AssertNoSignal(body);
    }
}
