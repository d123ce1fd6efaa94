using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Lexicon;

namespace EscalationRisk.Scoring.Model;

/// <summary>The model's class probabilities for one sentence, read in terms of the taxonomy.</summary>
internal readonly struct ModelOpinion
{
    private readonly float[] _probabilities;
    private readonly SignalCategory?[] _categories;

    /// <param name="probabilities">One per model label.</param>
    /// <param name="categories">The category of each model label; null for <c>neutral</c>.</param>
    public ModelOpinion(float[] probabilities, SignalCategory?[] categories)
    {
        _probabilities = probabilities;
        _categories = categories;
    }

    /// <summary>The most likely category of one polarity, with its probability.</summary>
    public (SignalCategory? Category, double Probability) TopOf(Polarity polarity)
    {
        SignalCategory? best = null;
        var p = -1.0;
        for (var k = 0; k < _categories.Length; k++)
        {
            if (_categories[k] is { } c && Taxonomy.Of(c).Polarity == polarity && _probabilities[k] > p)
            {
                (best, p) = (c, _probabilities[k]);
            }
        }

        return (best, Math.Max(p, 0));
    }

    /// <summary>The probability of <c>neutral</c>.</summary>
    public double NeutralProbability
    {
        get
        {
            var sum = 0.0;
            for (var k = 0; k < _categories.Length; k++)
            {
                sum += _categories[k] is null ? _probabilities[k] : 0;
            }

            return sum;
        }
    }

    /// <summary>The summed probability of the categories of one polarity.</summary>
    public double PolarityProbability(Polarity polarity)
    {
        var sum = 0.0;
        for (var k = 0; k < _categories.Length; k++)
        {
            if (_categories[k] is { } c && Taxonomy.Of(c).Polarity == polarity)
            {
                sum += _probabilities[k];
            }
        }

        return sum;
    }
}
