using System.Text;
using EscalationRisk.Scoring.Matching;
using EscalationRisk.Scoring.Model;

namespace EscalationRisk.Scoring.Tests;

/// <summary>The second stage: its file format, both of its kinds, and how its view acts on the rules' signals.</summary>
public sealed class StackerTests
{
    private static readonly CompiledLexicon Lexicon = CompiledLexicon.LoadEmbedded();

    /// <summary>A linear stage whose only say is its biases: the same three probabilities for every sentence.</summary>
    private static Stacker Constant(double escalation, double deescalation, double neutral) =>
        new(new StackerFile("test-stack", SentenceEvidence.Version, "linear", Stacker.ClassNames, SentenceEvidence.Names,
            [escalation, deescalation, neutral], Weights: [.. Enumerable.Range(0, 3).Select(_ => new float[SentenceEvidence.Length])]));

    /// <summary>An n-gram model that calls <paramref name="word"/> an attack and everything else neutral, with the given stage.</summary>
    private static ArticleScorer Scorer(Stacker stacker, string word = "zorblat") =>
        new(Lexicon, TimeProvider.System, HandBuiltModels.WordMeansAttack(Lexicon, word, neutralBias: 0), stacker);

    private static ArticleScored Score(ArticleScorer scorer, string body) => scorer.Score(new ArticleSubmitted("s", body));

    [Fact]
    public void A_linear_stage_is_a_softmax_over_weighted_evidence()
    {
        var weights = Enumerable.Range(0, 3).Select(_ => new float[SentenceEvidence.Length]).ToArray();
        weights[0][SentenceEvidence.NgramEscalation] = 2f;
        var stacker = new Stacker(new StackerFile("s", SentenceEvidence.Version, "linear", Stacker.ClassNames, SentenceEvidence.Names, [0, 0, 0], Weights: weights));
        var evidence = new float[SentenceEvidence.Length];
        evidence[SentenceEvidence.NgramEscalation] = 1f;
        var p = new float[3];
        stacker.Predict(evidence, p);
        var e2 = Math.Exp(2);
        Assert.Equal(e2 / (e2 + 2), p[Stacker.Escalation], 5);
        Assert.Equal(1 / (e2 + 2), p[Stacker.Neutral], 5);
    }

    [Fact]
    public void A_tree_stage_follows_each_tree_to_its_leaf_and_sums_the_weighted_leaves()
    {
        // One tree per class, splitting on the n-gram escalation probability at 0.5; escalation's tree is weighted 2.
        var feature = SentenceEvidence.NgramEscalation;
        StackerTree Tree(double weight, double low, double high) => new(weight, [feature], [0.5f], [~0], [~1], [low, high]);
        var stacker = new Stacker(new StackerFile("t", SentenceEvidence.Version, "trees", Stacker.ClassNames, SentenceEvidence.Names, [0, 0, 0.1],
            Trees: [[Tree(2, 0, 1)], [Tree(1, 0, 0)], [Tree(1, 1, 0)]]));
        var evidence = new float[SentenceEvidence.Length];
        var p = new float[3];
        evidence[feature] = 0.9f; // raw: escalation 2, de-escalation 0, neutral 0.1
        stacker.Predict(evidence, p);
        var total = Math.Exp(2) + 1 + Math.Exp(0.1);
        Assert.Equal(Math.Exp(2) / total, p[Stacker.Escalation], 5);
        evidence[feature] = 0.2f; // raw: 0, 0, 1.1
        stacker.Predict(evidence, p);
        Assert.True(p[Stacker.Neutral] > p[Stacker.Escalation]);
    }

    [Fact]
    public void The_shipped_trees_give_the_same_probabilities_by_leaf_masks_as_by_walking_them()
    {
        var stacker = Stacker.LoadEmbedded();
        Assert.NotNull(stacker);
        Assert.True(stacker.UsesLeafMasks);
        var random = new Random(7);
        var evidence = new float[SentenceEvidence.Length];
        var (fast, walked) = (new float[3], new float[3]);
        // Values on and around every kind of threshold: zeros and ones (most features are flags), probabilities,
        // confidences and lengths, and the odd NaN, which a walk sends right at every split.
        // The trees' own thresholds too, where "at most" and "above" part.
        using var json = typeof(Stacker).Assembly.GetManifestResourceStream(ModelFile.ResourcePrefix + "stacker.json")!;
        var file = System.Text.Json.JsonSerializer.Deserialize<StackerFile>(json)!;
        float[] special = [0f, 1f, 0.5f, -0f, float.NaN, 1e-7f, 0.999999f, .. file.Trees!.SelectMany(c => c).SelectMany(t => t.Threshold)];
        for (var n = 0; n < 20_000; n++)
        {
            for (var i = 0; i < evidence.Length; i++)
            {
                evidence[i] = random.Next(4) switch
                {
                    0 => 0f,
                    1 => special[random.Next(special.Length)],
                    _ => (float)random.NextDouble() * (random.Next(2) == 0 ? 1 : 2),
                };
            }

            stacker.Predict(evidence, fast);
            stacker.Predict(evidence, walked, walk: true);
            Assert.Equal(walked, fast);
        }
    }

    [Theory]
    [InlineData("""{"version":"x","evidence":"e0","kind":"linear","classes":["escalation","deescalation","neutral"],"features":[],"biases":[0,0,0]}""", "evidence")]
    [InlineData("""{"version":"x","evidence":"EVIDENCE","kind":"linear","classes":["neutral","deescalation","escalation"],"features":FEATURES,"biases":[0,0,0]}""", "classes")]
    [InlineData("""{"version":"x","evidence":"EVIDENCE","kind":"forest","classes":["escalation","deescalation","neutral"],"features":FEATURES,"biases":[0,0,0]}""", "kind")]
    [InlineData("""{"version":"x","evidence":"EVIDENCE","kind":"trees","classes":["escalation","deescalation","neutral"],"features":FEATURES,"biases":[0,0,0],"trees":[[{"weight":1,"feature":[999],"threshold":[0],"left":[-1],"right":[-2],"leaf":[0,1]}],[],[]]}""", "trees")]
    public void A_stacker_file_that_does_not_fit_is_refused_with_its_reason(string json, string reason)
    {
        json = json.Replace("EVIDENCE", SentenceEvidence.Version, StringComparison.Ordinal)
            .Replace("FEATURES", "[" + string.Join(",", SentenceEvidence.Names.Select(n => $"\"{n}\"")) + "]", StringComparison.Ordinal);
        var error = Assert.Throws<InvalidDataException>(() => Stacker.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stage_sure_of_escalation_adds_a_signal_to_a_sentence_naming_a_party()
    {
        var scored = Score(Scorer(Constant(5, 0, 0)), "Russian units zorblat the northern villages at dawn.");
        var signal = Assert.Single(scored.Signals);
        Assert.Equal((SignalCategory.Attack, "model"), (signal.Category, signal.Rule));
        Assert.Equal("test-model+test-stack", scored.ModelVersion);
    }

    [Theory]
    [InlineData("Russia refused talks with Ukraine.", Polarity.Deescalation)] // negated by the rules
    [InlineData("The defence minister did not rule out military action against Iran.", Polarity.Deescalation)] // ruling out negated
    [InlineData("Iran ruled out military action against Israel.", Polarity.Escalation)] // ruled out
    [InlineData("Egypt's national team zorblat Ghana 2-1 in the cup match on Sunday.", Polarity.Escalation)] // sport
    public void The_stage_adds_nothing_the_rules_denied_or_in_another_domain(string body, Polarity polarity)
    {
        var sure = polarity == Polarity.Escalation ? Constant(5, 0, 0) : Constant(0, 5, 0);
        var scored = Score(Scorer(sure), body);
        Assert.DoesNotContain(scored.Signals, s => s.Rule == "model" && s.Polarity == polarity);
    }

    [Fact]
    public void A_stage_sure_of_neither_weakens_a_lexicon_signal_but_never_deletes_it()
    {
        const string body = "Israeli jets bombed Hezbollah positions.";
        var weak = Assert.Single(Score(Scorer(Constant(0, 0, 9)), body).Signals);
        var strong = Assert.Single(Score(Scorer(Constant(9, 0, 0)), body).Signals);
        Assert.Equal((SignalCategory.Attack, SignalCategory.Attack), (weak.Category, strong.Category));
        Assert.Equal(Math.Round(strong.Confidence * 0.6, 2), weak.Confidence, 2);
    }

    [Fact]
    public void The_shipped_stage_loads_and_agrees_with_the_evidence_layout()
    {
        var stacker = Stacker.LoadEmbedded();
        Assert.NotNull(stacker);
        Assert.Contains(stacker.Kind, new[] { "linear", "trees" });
        var p = new float[3];
        stacker.Predict(new float[SentenceEvidence.Length], p);
        Assert.Equal(1.0, p.Sum(), 4);
    }
}

/// <summary>Platt scaling of the article scores.</summary>
public sealed class PlattScaleTests
{
    [Fact]
    public void A_fit_recovers_the_scale_that_made_the_data_and_keeps_zero_at_zero()
    {
        // Truth drawn deterministically with chance σ(2·logit(s) − 1): the fit should find a ≈ 2, b ≈ −1.
        var rows = new List<(double, bool)>();
        var random = new Random(7);
        for (var i = 0; i < 20000; i++)
        {
            var s = 0.02 + (0.96 * random.NextDouble());
            var chance = new PlattScale(2, -1).Apply(s);
            rows.Add((s, random.NextDouble() < chance));
        }

        var fit = PlattScale.Fit(rows);
        Assert.InRange(fit.A, 1.85, 2.15);
        Assert.InRange(fit.B, -1.15, -0.85);
        Assert.Equal(0, fit.Apply(0));
        Assert.True(fit.Apply(0.3) < fit.Apply(0.6));
    }

    [Fact]
    public void Too_few_rows_or_one_answer_give_the_identity()
    {
        Assert.Equal(new PlattScale(1, 0), PlattScale.Fit([(0.5, true), (0.6, false)]));
        Assert.Equal(new PlattScale(1, 0), PlattScale.Fit([.. Enumerable.Range(1, 20).Select(i => (i / 21.0, true))]));
    }

    [Fact]
    public void The_shipped_scorer_reports_calibrated_probabilities_beside_the_raw_scores()
    {
        var scored = Scoring.Score("Israeli jets bombed Hezbollah positions in southern Lebanon, killing three fighters.");
        Assert.NotNull(scored.EscalationProbability);
        Assert.InRange(scored.EscalationProbability!.Value, 0.5, 1);
        Assert.Equal(0, scored.DeescalationProbability);
        var calm = Scoring.Score("The central bank kept its main interest rate unchanged on Tuesday.");
        Assert.Equal((0.0, 0.0), (calm.EscalationProbability!.Value, calm.DeescalationProbability!.Value));
    }
}
