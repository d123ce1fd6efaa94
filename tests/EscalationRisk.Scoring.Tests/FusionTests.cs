using EscalationRisk.Scoring.Matching;
using EscalationRisk.Scoring.Model;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring.Tests;

/// <summary>How the model's opinion combines with the lexicon's signals, with a hand-built model.</summary>
public sealed class FusionTests
{
    private static readonly CompiledLexicon Lexicon = CompiledLexicon.LoadEmbedded();

    /// <summary>A model that calls any sentence with <paramref name="word"/> an attack, and everything else neutral.</summary>
    private static ArticleScorer ScorerWhereWordMeansAttack(string word, float neutralBias) =>
        new(Lexicon, TimeProvider.System, HandBuiltModels.WordMeansAttack(Lexicon, word, neutralBias));

    [Fact]
    public void Model_adds_a_signal_the_lexicon_missed_with_the_sentence_as_evidence()
    {
        var scorer = ScorerWhereWordMeansAttack("zorblat", neutralBias: 0);
        var body = "Quiet morning. Russian units zorblat the northern villages at dawn.";
        var scored = scorer.Score(new ArticleSubmitted("m", body));
        var signal = Assert.Single(scored.Signals);
        Assert.Equal((SignalCategory.Attack, "model"), (signal.Category, signal.Rule));
        Assert.Equal("Russian units zorblat the northern villages at dawn", signal.Text);
        Assert.Equal(body[signal.Start..signal.End], signal.Text);
        Assert.Equal("test-model", scored.ModelVersion);
    }

    [Theory]
    [InlineData("Militias zorblat the northern villages at dawn.")] // no named actor
    [InlineData("Russian units did not zorblat the northern villages.")] // the lexicon saw a negation
    public void Model_stays_silent_where_there_is_no_party_or_the_rules_spoke(string body)
    {
        var scored = ScorerWhereWordMeansAttack("zorblat", neutralBias: 0).Score(new ArticleSubmitted("m", body));
        Assert.DoesNotContain(scored.Signals, s => s.Rule == "model");
    }

    [Fact]
    public void Lexicon_signal_loses_confidence_when_the_model_sees_nothing()
    {
        var sentence = "Egypt urged restraint.";
        var rulesOnly = new ArticleScorer(Lexicon, TimeProvider.System, model: null);
        var alone = rulesOnly.Score(new ArticleSubmitted("m", sentence)).Signals.Single();
        var fused = ScorerWhereWordMeansAttack("zorblat", neutralBias: 10).Score(new ArticleSubmitted("m", sentence)).Signals.Single();
        Assert.Equal(alone.Category, fused.Category);
        Assert.Equal(Math.Round(alone.Confidence * 0.6, 3), fused.Confidence, 3);
    }

    [Fact]
    public void Model_adds_nothing_where_the_lexicon_already_found_that_polarity()
    {
        var scorer = ScorerWhereWordMeansAttack("zorblat", neutralBias: 0);
        var scored = scorer.Score(new ArticleSubmitted("m", "Israeli jets bombed and zorblat Hezbollah positions."));
        Assert.DoesNotContain(scored.Signals, s => s.Rule == "model");
        var attack = Assert.Single(scored.Signals);
        Assert.Equal(SignalCategory.Attack, attack.Category);
    }

    [Fact]
    public void Shipped_scorer_reports_the_shipped_model_version()
    {
        // The n-gram model's version, joined by '+' to its second stage's when one is shipped.
        var version = Scoring.Scorer.ModelVersion;
        var expected = (ModelFile.LoadEmbedded()?.Version ?? "none") + (Stacker.LoadEmbedded() is { } stacker ? "+" + stacker.Version : "");
        Assert.Equal(expected, version);
        Assert.Contains("+stack-", version, StringComparison.Ordinal);
    }
}
