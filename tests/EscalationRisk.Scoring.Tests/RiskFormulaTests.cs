namespace EscalationRisk.Scoring.Tests;

public sealed class RiskFormulaTests
{
    private static readonly SignalCategory[] All = Enum.GetValues<SignalCategory>();

    [Theory]
    [InlineData("The central bank kept interest rates unchanged on Thursday, citing slower inflation.")]
    [InlineData("أبقى البنك المركزي أسعار الفائدة دون تغيير يوم الخميس بسبب تباطؤ التضخم.")]
    public void Plain_neutral_text_scores_risk_below_ten(string text)
    {
        var scored = Scoring.Score(text);
        Assert.True(scored.Risk < 10, $"risk {scored.Risk}");
        Assert.Equal(ArticleLabel.Neutral, scored.Label);
        Assert.Equal(0, scored.Goldstein);
    }

    [Fact]
    public void Adding_an_escalation_signal_never_lowers_risk() =>
        AssertAddingMovesRisk(Polarity.Escalation, seed: 20261129, (before, after) => after >= before);

    [Fact]
    public void Adding_a_deescalation_signal_never_raises_risk() =>
        AssertAddingMovesRisk(Polarity.Deescalation, seed: 42, (before, after) => after <= before);

    /// <summary>Property over random signal sets: one more signal of <paramref name="polarity"/> moves risk as allowed.</summary>
    private static void AssertAddingMovesRisk(Polarity polarity, int seed, Func<double, double, bool> allowed)
    {
        var random = new Random(seed);
        var categories = All.Where(c => Taxonomy.Of(c).Polarity == polarity).ToArray();
        for (var trial = 0; trial < 2000; trial++)
        {
            var signals = RandomSignals(random);
            var before = RiskFormula.Compute(signals).Risk;
            var category = categories[random.Next(categories.Length)];
            var after = RiskFormula.Compute([.. signals, (category, random.NextDouble())]).Risk;
            Assert.True(allowed(before, after), $"trial {trial}: {before} -> {after} after adding {category}");
        }
    }

    [Fact]
    public void An_attack_weighs_more_than_a_threat()
    {
        var attack = RiskFormula.Compute([(SignalCategory.Attack, 0.8)]);
        var threat = RiskFormula.Compute([(SignalCategory.ThreatToRespond, 0.8)]);
        Assert.True(attack.Risk > threat.Risk);
        Assert.True(attack.Goldstein < threat.Goldstein);

        var attackText = Scoring.Score("Israeli jets bombed Hezbollah positions in southern Lebanon.");
        var threatText = Scoring.Score("Hezbollah vowed to retaliate against Israel.");
        Assert.True(attackText.Risk > threatText.Risk, $"attack {attackText.Risk} vs threat {threatText.Risk}");
    }

    [Fact]
    public void Scores_stay_in_their_ranges_and_label_follows_both_polarities()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 1000; trial++)
        {
            var scores = RiskFormula.Compute(RandomSignals(random));
            Assert.InRange(scores.Risk, 0, 100);
            Assert.InRange(scores.Escalation, 0, 1);
            Assert.InRange(scores.Deescalation, 0, 1);
            Assert.InRange(scores.Goldstein, -10, 10);
            var (e, d) = (scores.Escalation >= RiskFormula.LabelThreshold, scores.Deescalation >= RiskFormula.LabelThreshold);
            switch (e, d)
            {
                case (false, false):
                    Assert.Equal(ArticleLabel.Neutral, scores.Label);
                    break;
                case (true, false):
                    Assert.Equal(ArticleLabel.Escalation, scores.Label);
                    break;
                case (false, true):
                    Assert.Equal(ArticleLabel.Deescalation, scores.Label);
                    break;
                default:
                    Assert.NotEqual(ArticleLabel.Neutral, scores.Label); // mixed, or the side with more weight
                    break;
            }
        }
    }

    [Fact]
    public void Mixed_needs_both_sides_substantial_and_the_smaller_reported_twice()
    {
        static RiskFormula.Weighted W(SignalCategory c, double confidence, int sentence, bool background = false) =>
            new(c, confidence, sentence, background);

        // Strikes and threats over three sentences, one closing appeal: escalation, not mixed.
        var closing = RiskFormula.Compute([W(SignalCategory.Attack, 0.9, 0), W(SignalCategory.ThreatToRespond, 0.8, 1),
            W(SignalCategory.Attack, 0.7, 2), W(SignalCategory.CallForCalm, 0.8, 3)]);
        Assert.True(closing.Deescalation >= RiskFormula.LabelThreshold);
        Assert.Equal(ArticleLabel.Escalation, closing.Label);

        // The same with mediation developed over two more sentences: mixed.
        var developed = RiskFormula.Compute([W(SignalCategory.Attack, 0.9, 0), W(SignalCategory.ThreatToRespond, 0.8, 1),
            W(SignalCategory.Mediation, 0.8, 2), W(SignalCategory.CallForCalm, 0.8, 3), W(SignalCategory.Dialogue, 0.8, 4)]);
        Assert.Equal(ArticleLabel.Mixed, developed.Label);

        // Both in one sentence, each substantial: mixed on the share alone.
        var oneSentence = RiskFormula.Compute([W(SignalCategory.ThreatToRespond, 0.8, 0), W(SignalCategory.Dialogue, 0.8, 0)]);
        Assert.Equal(ArticleLabel.Mixed, oneSentence.Label);

        // A deployment reported as fact and a denial of intent in other sentences: the denial counts half, the event wins.
        var denied = RiskFormula.Compute([W(SignalCategory.MilitaryMobilization, 0.8, 0), W(SignalCategory.Restraint, 0.9, 1),
            W(SignalCategory.Restraint, 0.8, 2)]);
        Assert.Equal(ArticleLabel.Escalation, denied.Label);
    }

    [Fact]
    public void Many_mentions_of_one_kind_do_not_saturate_the_score()
    {
        var one = RiskFormula.Compute([(SignalCategory.ThreatToRespond, 0.6)]);
        var ten = RiskFormula.Compute(Enumerable.Repeat((SignalCategory.ThreatToRespond, 0.6), 10));
        var two = RiskFormula.Compute([(SignalCategory.ThreatToRespond, 0.6), (SignalCategory.ThreatToRespond, 0.6)]);
        Assert.True(two.Escalation > one.Escalation);
        Assert.Equal(two.Escalation, ten.Escalation); // a third report of the same kind adds nothing
        Assert.True(ten.Escalation < 0.5, $"{ten.Escalation}");
    }

    [Fact]
    public void Adding_an_escalation_signal_to_a_text_never_lowers_its_risk()
    {
        var calm = "دعت مصر إلى التهدئة وضبط النفس.";
        var tense = calm + " وقصفت الطائرات الإسرائيلية مواقع في غزة.";
        Assert.True(Scoring.Score(tense).Risk > Scoring.Score(calm).Risk);
        var calmer = tense + " وأعلن الطرفان وقف إطلاق النار.";
        Assert.True(Scoring.Score(calmer).Risk < Scoring.Score(tense).Risk);
    }

    private static List<(SignalCategory, double)> RandomSignals(Random random) =>
        [.. Enumerable.Range(0, random.Next(0, 8)).Select(_ => (All[random.Next(All.Length)], random.NextDouble()))];
}
