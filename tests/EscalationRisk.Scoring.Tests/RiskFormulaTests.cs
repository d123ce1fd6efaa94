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
        var categories = All.Where(c => Lexicon.Taxonomy.Of(c).Polarity == polarity).ToArray();
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
            var expected = (scores.Escalation >= RiskFormula.LabelThreshold, scores.Deescalation >= RiskFormula.LabelThreshold) switch
            {
                (true, true) => ArticleLabel.Mixed,
                (true, false) => ArticleLabel.Escalation,
                (false, true) => ArticleLabel.Deescalation,
                _ => ArticleLabel.Neutral,
            };
            Assert.Equal(expected, scores.Label);
        }
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
