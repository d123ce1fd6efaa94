using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Model;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring;

/// <summary>
/// Combines the rules' signals in a sentence with the model's view of it: the n-gram model's opinion alone
/// (<see cref="Fuse"/>) or the second stage's (<see cref="FuseStacked"/>), which has also seen the rules' evidence.
/// </summary>
internal static class ModelFusion
{
    /// <summary>How sure the model must be of a polarity before it adds a signal the lexicon did not find.</summary>
    public const double ModelSignalThreshold = 0.4;

    /// <summary>The model must be surer of escalation: a false alarm costs operators more than a missed calm.</summary>
    public const double ModelEscalationThreshold = 0.5;

    /// <summary>A model-only signal's confidence is this times the polarity's probability.</summary>
    public const double ModelSignalWeight = 1.0;

    /// <summary>
    /// Combines the lexicon's signals with the model's view of the sentence. A lexicon signal keeps its confidence
    /// when the model agrees on its polarity and loses up to 40% when the model sees none: confidence ×
    /// (0.6 + 0.4 · P(polarity)). Where the lexicon saw nothing in the sentence (no signal word, even one the
    /// rules then dropped, no other sense, no negation or other cue) but names an actor, P(polarity) ≥
    /// <see cref="ModelSignalThreshold"/> and it beats both the other polarity and neutral, the model adds a signal of
    /// the polarity's most likely category whose evidence is the sentence, with confidence
    /// <see cref="ModelSignalWeight"/> · P(polarity) and rule <c>model</c>.
    /// </summary>
    public static void Fuse(SentenceHits hits, ModelOpinion opinion, ReadOnlySpan<Token> tokens, int first, int last, bool lexiconSpoke)
    {
        var escalation = opinion.PolarityProbability(Polarity.Escalation);
        var deescalation = opinion.PolarityProbability(Polarity.Deescalation);
        bool hasEscalation = false, hasDeescalation = false;
        for (var i = 0; i < hits.Candidates.Count; i++)
        {
            var c = hits.Candidates[i];
            if (c.Dropped)
            {
                continue;
            }

            var polarity = Taxonomy.Of(c.Category).Polarity;
            hasEscalation |= polarity == Polarity.Escalation;
            hasDeescalation |= polarity == Polarity.Deescalation;
            c.Confidence *= 0.6 + (0.4 * (polarity == Polarity.Escalation ? escalation : deescalation));
            hits.Candidates[i] = c;
        }

        if (lexiconSpoke || hits.Mentions.Count == 0)
        {
            return; // and an event between parties needs a party: no named actor, no model signal
        }

        // The model speaks for a polarity when that polarity is more likely than the other and than neutral.
        AddModelSignal(hits, opinion, Polarity.Escalation, escalation, deescalation, hasEscalation, tokens, first, last);
        AddModelSignal(hits, opinion, Polarity.Deescalation, deescalation, escalation, hasDeescalation, tokens, first, last);
    }

    private static void AddModelSignal(SentenceHits hits, ModelOpinion opinion, Polarity polarity, double p, double other, bool lexiconHasIt,
        ReadOnlySpan<Token> tokens, int first, int last)
    {
        var threshold = polarity == Polarity.Escalation ? ModelEscalationThreshold : ModelSignalThreshold;
        if (lexiconHasIt || p < threshold || p <= other || p <= opinion.NeutralProbability
            || opinion.TopOf(polarity).Category is not { } category)
        {
            return;
        }

        AddSentenceSignal(hits, category, ModelSignalWeight * p, tokens, first, last);
    }

    /// <summary>
    /// Writes what the rules saw in this sentence (<see cref="SentenceEvidence"/>) into <paramref name="e"/>;
    /// <paramref name="contextDropped"/> is how many signals the sense and context filter dropped.
    /// </summary>
    public static void FillEvidence(SentenceHits hits, Span<float> e, ModelOpinion model, ulong topicMask, int[] topicIndices,
        int first, int last, int contextDropped)
    {
        e.Clear();
        e[SentenceEvidence.NgramEscalation] = (float)model.PolarityProbability(Polarity.Escalation);
        e[SentenceEvidence.NgramDeescalation] = (float)model.PolarityProbability(Polarity.Deescalation);
        e[SentenceEvidence.NgramNeutral] = (float)model.NeutralProbability;
        foreach (var c in hits.Candidates)
        {
            if (!c.Dropped)
            {
                var k = SentenceEvidence.CategoryIndex(c.Category);
                e[k] = MathF.Max(e[k], (float)c.Confidence);
            }

            if (SentenceEvidence.RuleIndex(c.Rule) is var r and >= 0)
            {
                e[r] = 1;
            }
        }

        if (contextDropped > 0)
        {
            e[SentenceEvidence.ContextRule] = 1;
        }

        foreach (var cue in hits.Cues)
        {
            e[SentenceEvidence.CueIndex(cue.Kind)] = 1;
        }

        for (var t = 0; t < topicIndices.Length; t++)
        {
            if (topicIndices[t] >= 0 && (topicMask & (1UL << topicIndices[t])) != 0)
            {
                e[SentenceEvidence.TopicBase + t] = 1;
            }
        }

        var firstActor = -1;
        foreach (var m in hits.Mentions)
        {
            if (firstActor < 0)
            {
                firstActor = m.Actor;
                e[SentenceEvidence.ActorBase] = 1;
            }
            else if (m.Actor != firstActor)
            {
                e[SentenceEvidence.ActorBase + 1] = 1;
                break;
            }
        }

        e[SentenceEvidence.ActorBase + 2] = MathF.Log(2 + last - first) / 5;
    }

    /// <summary>
    /// Whether the second stage's answer could change anything in this sentence: it weighs the rules' signals, and adds
    /// its own only where <see cref="FuseStacked"/> lets it. A sentence with neither is not worth its trees.
    /// </summary>
    public static bool StageCanSpeak(SentenceHits hits, ReadOnlySpan<float> evidence)
    {
        if (hits.Candidates.Exists(static c => !c.Dropped))
        {
            return true;
        }

        var actors = hits.Mentions.Count > 0;
        return !(SentenceEvidence.OtherDomain(evidence, strict: actors) || (!actors && !SentenceEvidence.ConflictContext(evidence)));
    }

    /// <summary>
    /// Combines the rules' signals with the second stage's view of the sentence (<see cref="Stacker"/>, which has seen
    /// both the n-gram model and the rules' evidence). A lexicon signal keeps its confidence when the stage agrees
    /// on its polarity and keeps only <see cref="FusionSettings.KeepBase"/> of it when the stage gives that polarity
    /// nothing; the stage weakens a lexicon signal but never deletes one. Where no lexicon
    /// signal of a polarity survived and the stage puts that polarity first with at least
    /// <see cref="FusionSettings.AddEscalation"/> (or <see cref="FusionSettings.AddDeescalation"/>), it adds a signal of the
    /// n-gram model's most likely category of the polarity, the sentence as its evidence (rule <c>model</c>); with no
    /// named actor it must be surer still (<see cref="FusionSettings.AddWithoutActor"/>). <paramref name="negatedReversal"/>
    /// says a ruling-out or deferral in the sentence was itself negated ("did not rule out"): no de-escalation from the model.
    /// </summary>
    public static void FuseStacked(SentenceHits hits, ReadOnlySpan<float> q, ModelOpinion opinion, ReadOnlySpan<Token> tokens,
        int first, int last, ReadOnlySpan<float> evidence, bool negatedReversal, FusionSettings settings)
    {
        bool hasEscalation = false, hasDeescalation = false;
        // What the rules decided stays decided: a polarity they negated, ruled out, deferred or found only in an
        // if-clause gets no signal from the model.
        bool deniedEscalation = false, deniedDeescalation = negatedReversal;
        foreach (var c in hits.Candidates)
        {
            if (c.Rule is "negation" or "conditional" or "denial" && c.Dropped)
            {
                var escalation = Taxonomy.Of(c.Category).Polarity == Polarity.Escalation;
                deniedEscalation |= escalation;
                deniedDeescalation |= !escalation;
            }
            else if (c.Rule is "ruling_out" or "deferral" or "denial")
            {
                deniedEscalation = true;
                deniedDeescalation |= c.Dropped;
            }
        }

        for (var i = 0; i < hits.Candidates.Count; i++)
        {
            var c = hits.Candidates[i];
            if (c.Dropped)
            {
                continue;
            }

            var escalation = Taxonomy.Of(c.Category).Polarity == Polarity.Escalation;
            var p = q[escalation ? Stacker.Escalation : Stacker.Deescalation];
            c.Confidence *= settings.KeepBase + ((1 - settings.KeepBase) * p);
            hasEscalation |= escalation;
            hasDeescalation |= !escalation;

            hits.Candidates[i] = c;
        }

        // The model adds nothing to a sentence about sport, weather, history or ceremony, fiction or medicine; without a
        // named actor it must be surer, needs forces, weapons, casualties or plans named, and adds nothing to a sentence
        // about markets, labour or crime either.
        var actors = hits.Mentions.Count > 0;
        if (SentenceEvidence.OtherDomain(evidence, strict: actors) || (!actors && !SentenceEvidence.ConflictContext(evidence)))
        {
            return;
        }

        AddStackedSignal(hits, opinion, Polarity.Escalation, q[Stacker.Escalation], MathF.Max(q[Stacker.Deescalation], q[Stacker.Neutral]),
            hasEscalation || deniedEscalation, actors ? settings.AddEscalation : Math.Max(settings.AddEscalation, settings.AddWithoutActor), tokens, first, last);
        AddStackedSignal(hits, opinion, Polarity.Deescalation, q[Stacker.Deescalation], MathF.Max(q[Stacker.Escalation], q[Stacker.Neutral]),
            hasDeescalation || deniedDeescalation, actors ? settings.AddDeescalation : Math.Max(settings.AddDeescalation, settings.AddWithoutActor), tokens, first, last);
    }

    private static void AddStackedSignal(SentenceHits hits, ModelOpinion opinion, Polarity polarity, float p, float others,
        bool lexiconHasIt, double threshold, ReadOnlySpan<Token> tokens, int first, int last)
    {
        if (lexiconHasIt || p < threshold || p <= others || opinion.TopOf(polarity).Category is not { } category)
        {
            return;
        }

        AddSentenceSignal(hits, category, ModelSignalWeight * p, tokens, first, last);
    }

    /// <summary>Adds a model signal of <paramref name="category"/> whose evidence is the whole sentence.</summary>
    private static void AddSentenceSignal(SentenceHits hits, SignalCategory category, double confidence, ReadOnlySpan<Token> tokens,
        int first, int last) =>
        hits.Candidates.Add(SignalCandidate.Unlinked(first, last, first, last, tokens[first].Sentence, tokens[first].Clause, category, confidence, "model"));
}
