using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Lexicon;

namespace EscalationRisk.Scoring;

/// <summary>
/// The article-level scores, from the signals' categories, confidences and places in the article. Signals are
/// aggregated per event kind, not per mention, so a long article does not saturate from many weak mentions:
/// <list type="bullet">
/// <item>each category's strength is its strongest signal, plus <see cref="RepeatShare"/> of its second strongest (a
/// second, independent report of the same kind adds a little; a third adds nothing);</item>
/// <item>escalation = 1 − ∏(1 − strength·weight) over the escalation categories (a noisy-OR of event kinds), de-escalation
/// likewise;</item>
/// <item>risk = 100 · escalation · (1 − <see cref="DeescalationDamping"/> · deescalation): driven by the strongest events,
/// damped but never erased by de-escalation;</item>
/// <item>label: neutral when neither score reaches <see cref="LabelThreshold"/>; <c>mixed</c> only when both do, the
/// smaller side holds at least <see cref="MixedShare"/> of the two sides' weight, and the smaller side is developed in at
/// least two sentences that are not background (on the de-escalation side by mediation, talks or a ceasefire: appeals
/// and denials are reactions, not a second story), or every signal stands in one sentence; otherwise the side with
/// more weight. When only one side has a signal outside background, the label is that side: the other is recalled. Where the article reports an
/// event (an attack, a mobilisation or coercion) in a sentence with no de-escalation beside it, denials and reassurances
/// (restraint) count half and calls for calm three quarters towards that choice, and if they are all the article sets
/// against the event (an action named only in background does not count), it is escalation: a denial does not cancel a
/// deployment;</item>
/// <item>goldstein = the confidence-weighted mean of the signals' Goldstein values (0 without signals).</item>
/// </list>
/// </summary>
public static class RiskFormula
{
    /// <summary>How much full de-escalation can take off the risk (half).</summary>
    public const double DeescalationDamping = 0.5;

    /// <summary>The score a polarity needs to count in the label.</summary>
    public const double LabelThreshold = 0.2;

    /// <summary>How much a category's second strongest signal adds to its strongest.</summary>
    public const double RepeatShare = 0.3;

    /// <summary>The share of the two sides' weight the smaller side needs for the article to be <c>mixed</c>.</summary>
    public const double MixedShare = 0.3;

    /// <summary>The strength an event category needs for denials and reassurances to count less against it.</summary>
    public const double EventStrength = 0.5;

    /// <summary>Scores computed from a set of signals.</summary>
    public readonly record struct Scores(double Escalation, double Deescalation, double Risk, double Goldstein, ArticleLabel Label);

    /// <summary>
    /// One signal as the formula sees it: its category, its confidence already weighted by where it stands in the article
    /// (background counts less), the sentence it is in, and whether that sentence is background.
    /// </summary>
    public readonly record struct Weighted(SignalCategory Category, double Confidence, int Sentence, bool Background = false);

    /// <summary>Computes the scores of signals each reported in a sentence of its own.</summary>
    public static Scores Compute(IEnumerable<(SignalCategory Category, double Confidence)> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        return Compute(signals.Select((s, i) => new Weighted(s.Category, s.Confidence, i)));
    }

    /// <summary>
    /// Computes the scores of a set of signals with their sentences. With <paramref name="perEvent"/> false (a text too
    /// short to be an article: a sentence, a headline) every mention counts in the noisy-OR, as the sentence-level
    /// figures were measured; with it true, each category counts once with its two strongest mentions.
    /// </summary>
    public static Scores Compute(IEnumerable<Weighted> signals, bool perEvent = true)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var list = signals as IReadOnlyList<Weighted> ?? [.. signals];
        var count = Taxonomy.Categories.Count;
        Span<double> top1 = stackalloc double[count];
        Span<double> top2 = stackalloc double[count];
        Span<double> keep = stackalloc double[count]; // per category: ∏(1 − c·w), the per-mention noisy-OR
        Span<double> mass = stackalloc double[count]; // per category: Σ c·w
        keep.Fill(1);
        Span<int> firstSentence = stackalloc int[2];
        Span<bool> twoSentences = stackalloc bool[2];
        Span<bool> inNews = stackalloc bool[2]; // per side: some signal in a sentence that is not background
        firstSentence.Fill(-1);
        var goldsteinSum = 0.0;
        var confidenceSum = 0.0;
        // An event reported in a sentence of its own (no denial or appeal beside it) is what the article reports happened.
        var reportedEvent = 0.0;
        var currentAction = false; // mediation, talks or a ceasefire in the news, not in its background
        var oneSentence = true;
        for (var i = 0; i < list.Count; i++)
        {
            var s = list[i];
            oneSentence &= s.Sentence == list[0].Sentence;
            currentAction |= !s.Background && s.Confidence > 0
                && s.Category is SignalCategory.Mediation or SignalCategory.Dialogue or SignalCategory.Ceasefire;
            if (s.Category is SignalCategory.Attack or SignalCategory.MilitaryMobilization or SignalCategory.Coercion
                && !HasDeescalationIn(list, s.Sentence))
            {
                reportedEvent = Math.Max(reportedEvent, s.Confidence);
            }
        }

        foreach (var s in list)
        {
            var info = Taxonomy.Of(s.Category);
            var c = Math.Clamp(s.Confidence, 0, 1);
            var k = (int)s.Category;
            keep[k] *= 1 - (c * info.RiskWeight);
            mass[k] += c * info.RiskWeight;
            if (c > top1[k])
            {
                (top1[k], top2[k]) = (c, top1[k]);
            }
            else if (c > top2[k])
            {
                top2[k] = c;
            }

            // A side is developed by sentences of its own that are not background; on the de-escalation side only by
            // actions (mediation, talks, a ceasefire), not by appeals and denials, which are reactions to the news.
            var side = info.Polarity == Polarity.Escalation ? 0 : 1;
            inNews[side] |= !s.Background && c > 0;
            if (!s.Background && c > 0 && s.Category is not (SignalCategory.CallForCalm or SignalCategory.Restraint))
            {
                if (firstSentence[side] < 0)
                {
                    firstSentence[side] = s.Sentence;
                }
                else if (firstSentence[side] != s.Sentence)
                {
                    twoSentences[side] = true;
                }
            }

            goldsteinSum += c * info.Goldstein;
            confidenceSum += c;
        }

        double keepEscalation = 1, keepDeescalation = 1, massEscalation = 0, massDeescalation = 0;
        var hasEvent = reportedEvent >= EventStrength;
        var onlyStatements = true;
        for (var k = 0; k < count; k++)
        {
            if (top1[k] <= 0)
            {
                continue;
            }

            var category = (SignalCategory)k;
            var info = Taxonomy.Of(category);
            // Per event: the category once, its strongest mention and a share of the second. Per mention: every one.
            var push = perEvent ? (1 - ((1 - top1[k]) * (1 - (RepeatShare * top2[k])))) * info.RiskWeight : 1 - keep[k];
            var weight = perEvent ? push : mass[k];
            if (info.Polarity == Polarity.Escalation)
            {
                keepEscalation *= 1 - push;
                massEscalation += weight;
            }
            else
            {
                keepDeescalation *= 1 - push;
                onlyStatements &= category is SignalCategory.Restraint or SignalCategory.CallForCalm;
                var statement = !hasEvent ? 1 : category switch
                {
                    SignalCategory.Restraint => 0.5,
                    SignalCategory.CallForCalm => 0.75,
                    _ => 1,
                };
                massDeescalation += weight * statement;
            }
        }

        var escalation = 1 - keepEscalation;
        var deescalation = 1 - keepDeescalation;
        var risk = 100 * escalation * (1 - (DeescalationDamping * deescalation));
        var goldstein = confidenceSum > 0 ? goldsteinSum / confidenceSum : 0;
        // A text whose signals all stand in one sentence (a sentence scored alone) may be mixed on the share alone.
        var label = Label(escalation, deescalation, massEscalation, massDeescalation, oneSentence ? [true, true] : twoSentences,
            inNews, statementsAgainstEvent: hasEvent && (onlyStatements || (perEvent && !currentAction)) && !oneSentence);
        return new Scores(Round(escalation, 4), Round(deescalation, 4), Round(risk, 2), Round(goldstein, 2), label);
    }

    private static ArticleLabel Label(double escalation, double deescalation, double massEscalation, double massDeescalation,
        ReadOnlySpan<bool> twoSentences, ReadOnlySpan<bool> inNews, bool statementsAgainstEvent)
    {
        var (e, d) = (escalation >= LabelThreshold, deescalation >= LabelThreshold);
        if (!e && !d)
        {
            return ArticleLabel.Neutral;
        }

        if (e != d)
        {
            return e ? ArticleLabel.Escalation : ArticleLabel.Deescalation;
        }

        if (inNews[0] != inNews[1])
        {
            // One side is the news and the other only recalled (background): the label is the news.
            return inNews[0] ? ArticleLabel.Escalation : ArticleLabel.Deescalation;
        }

        if (statementsAgainstEvent)
        {
            return ArticleLabel.Escalation; // denials and appeals beside a reported event: the label follows what happened
        }

        var total = massEscalation + massDeescalation;
        var minorIsDeescalation = massDeescalation <= massEscalation;
        var minorShare = (minorIsDeescalation ? massDeescalation : massEscalation) / total;
        if (minorShare >= MixedShare && twoSentences[minorIsDeescalation ? 1 : 0])
        {
            return ArticleLabel.Mixed;
        }

        return minorIsDeescalation ? ArticleLabel.Escalation : ArticleLabel.Deescalation;
    }

    private static bool HasDeescalationIn(IReadOnlyList<Weighted> list, int sentence)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Sentence == sentence && Taxonomy.Of(list[i].Category).Polarity == Polarity.Deescalation)
            {
                return true;
            }
        }

        return false;
    }

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}
