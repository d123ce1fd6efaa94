using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Model;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring;

public sealed partial class ArticleScorer
{
    /// <summary>How much the model's own signal (a sentence the lexicon had nothing to say about) counts for an article.</summary>
    public const double ModelGuessWeight = 0.6;

    /// <summary>How much a signal in a background sentence counts for the article, against one in its news.</summary>
    public const double BackgroundWeight = 0.5;

    private ArticleScored Build(ArticleSubmitted article, string language, string storyId, DateTimeOffset scoredAt,
        Workspace workspace, List<SignalCandidate> candidates, List<ActorMention> mentions, Dictionary<int, ulong> sentenceTopics, bool structured, ThreadState state)
    {
        var body = article.Body;
        var tokens = workspace.Tokens;
        // Structure: in an article, evidence in background counts less than the news (each signal's reading of that is
        // made once, here, and the dyads and the listed signals below use it).
        var background = structured ? _lexicon.Lexicon.BackgroundTopicMask : 0;
        var weighted = state.Weighted; // the thread's list, refilled for each article
        weighted.Clear();
        var newsSides = structured ? NewsSides(candidates, sentenceTopics, background) : 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            // The model reads a sentence alone ("artillery will be moved back" reads as mobilisation): in an article whose
            // news the lexicon reads as actions of one side only (talks, a truce; or strikes, deployments), a guess for
            // the other side counts as background.
            var past = (sentenceTopics.GetValueOrDefault(c.Sentence) & background) != 0
                || (structured && c.Rule == "model" && (newsSides & (SideBit(c.Category) * 5)) == 0
                    && (newsSides & (OtherSideBit(c.Category) * 4)) != 0);
            var weight = (past ? BackgroundWeight : 1) * (c.Rule == "model" && structured ? ModelGuessWeight : 1);
            weighted.Add(new RiskFormula.Weighted(c.Category, c.Confidence * weight, c.Sentence, past));
        }

        var scores = RiskFormula.Compute(weighted, perEvent: structured);

        var signals = new List<Signal>(Math.Min(candidates.Count, MaxSignalsListed));
        var dyads = new SortedSet<string>(StringComparer.Ordinal);
        var weakDyads = new SortedSet<string>(StringComparer.Ordinal);
        List<ThirdParty>? thirdParties = null;
        var actorsBySentence = state.SentenceActors;
        SentenceActors(mentions, tokens, actorsBySentence, state.SentenceCodes);
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var past = weighted[i].Background;
            var source = c.Source >= 0 ? _lexicon.Actors[c.Source].Code : null;
            var target = c.Target >= 0 ? _lexicon.Actors[c.Target].Code : null;
            if (source is not null && target is not null && source != target)
            {
                // In an article, the dyads are those of its news: a pair named only in background or only guessed (the
                // model's sentence, a party filled in as the nearest actor) is kept aside and used only if nothing else is.
                var firm = !structured || (!past && c.Rule != "model" && !c.PartyInferred);
                (firm ? dyads : weakDyads).Add(DyadKey(source, target));
            }

            ThirdParty? third = null;
            if (c.ThirdParty >= 0)
            {
                third = new ThirdParty(_lexicon.Actors[c.ThirdParty].Code, c.Role);
                thirdParties ??= [];
                AddThirdParty(thirdParties, third);
                if (c.ThirdPartner >= 0)
                {
                    AddThirdParty(thirdParties, new ThirdParty(_lexicon.Actors[c.ThirdPartner].Code, c.Role));
                }
            }

            if (signals.Count >= MaxSignalsListed)
            {
                continue;
            }

            var start = tokens[c.EvidenceFirst].Start;
            var end = tokens[c.EvidenceLast].End;
            var info = Taxonomy.Of(c.Category);
            // A signal in background is reported with the weight it has in the article, and says so.
            signals.Add(new Signal(
                c.Category,
                info.Polarity,
                body[start..end],
                start,
                end,
                Math.Round(past ? c.Confidence * BackgroundWeight : c.Confidence, 3),
                info.CameoRoot,
                actorsBySentence.TryGetValue(c.Sentence, out var actors) ? actors : [],
                source,
                target,
                c.Rule ?? (past ? "background" : null),
                third));
        }

        if (dyads.Count == 0)
        {
            dyads = weakDyads;
        }

        return new ArticleScored(
            article.ArticleId, article.Source, article.Url, article.Title, article.PublishedAt,
            language, scores.Label, scores.Risk, scores.Escalation, scores.Deescalation, scores.Goldstein,
            signals, ArticleActors(mentions), [.. dyads], storyId, ModelVersion, LexiconVersion, scoredAt,
            EscalationProbability: Calibrated(_stacker?.Calibration?.Escalation, scores.Escalation),
            DeescalationProbability: Calibrated(_stacker?.Calibration?.Deescalation, scores.Deescalation),
            ThirdParties: thirdParties);
    }

    private static int SideBit(SignalCategory category) => Taxonomy.Of(category).Polarity == Polarity.Escalation ? 1 : 2;

    private static int OtherSideBit(SignalCategory category) => 3 - SideBit(category);

    /// <summary>
    /// The sides with a lexicon signal in a sentence that is not background: bit 1 escalation, bit 2 de-escalation, and
    /// bits 4 and 8 the same sides when that signal is an action (an attack, a mobilisation or coercion; mediation,
    /// talks or a ceasefire), not a statement.
    /// </summary>
    private static int NewsSides(List<SignalCandidate> candidates, Dictionary<int, ulong> sentenceTopics, ulong background)
    {
        var sides = 0;
        foreach (var c in candidates)
        {
            if (c.Rule != "model" && c.Confidence > 0 && (sentenceTopics.GetValueOrDefault(c.Sentence) & background) == 0)
            {
                var side = SideBit(c.Category);
                var action = c.Category is SignalCategory.Attack or SignalCategory.MilitaryMobilization or SignalCategory.Coercion
                    or SignalCategory.Mediation or SignalCategory.Dialogue or SignalCategory.Ceasefire;
                sides |= action ? side * 5 : side;
            }
        }

        return sides;
    }

    private static void AddThirdParty(List<ThirdParty> list, ThirdParty party)
    {
        foreach (var t in list)
        {
            if (t.Code == party.Code)
            {
                return;
            }
        }

        list.Add(party);
    }

    /// <summary>A score as a probability: Platt-scaled when the shipped second stage carries a calibration, else absent.</summary>
    private static double? Calibrated(PlattScale? scale, double raw) => scale is null ? null : Math.Round(scale.Apply(raw), 4);

    /// <summary>A dyad key: the two codes sorted ordinally and joined by '-'.</summary>
    public static string DyadKey(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.CompareOrdinal(a, b) <= 0 ? $"{a}-{b}" : $"{b}-{a}";
    }

    /// <summary>
    /// The actor codes named in each sentence, in order of first mention, at most 16 per sentence, into
    /// <paramref name="bySentence"/> (the thread's, emptied first): one pass over the mentions (a scan per signal cost a
    /// tenth of the scorer's time on a long article). The mentions come sentence by sentence, so each sentence's codes
    /// are gathered in <paramref name="codes"/> and made one array, which all its signals share (an array per signal
    /// was an eighth of the scorer's allocation); a sentence whose mentions came apart would be extended, not lost.
    /// </summary>
    private void SentenceActors(List<ActorMention> mentions, List<Token> tokens, Dictionary<int, string[]> bySentence, List<string> codes)
    {
        bySentence.Clear();
        var sentence = -1;
        foreach (var m in mentions)
        {
            var next = tokens[m.First].Sentence;
            if (next != sentence)
            {
                Flush(bySentence, sentence, codes);
                sentence = next;
                if (bySentence.TryGetValue(sentence, out var earlier))
                {
                    codes.AddRange(earlier);
                }
            }

            var code = _lexicon.Actors[m.Actor].Code;
            if (codes.Count < 16 && !codes.Contains(code))
            {
                codes.Add(code);
            }
        }

        Flush(bySentence, sentence, codes);

        static void Flush(Dictionary<int, string[]> bySentence, int sentence, List<string> codes)
        {
            if (sentence >= 0)
            {
                bySentence[sentence] = [.. codes];
            }

            codes.Clear();
        }
    }

    private Actor[] ArticleActors(List<ActorMention> mentions)
    {
        var counts = new Dictionary<int, int>();
        var order = new List<int>();
        foreach (var m in mentions)
        {
            if (counts.TryGetValue(m.Actor, out var n))
            {
                counts[m.Actor] = n + 1;
            }
            else
            {
                counts[m.Actor] = 1;
                order.Add(m.Actor);
            }
        }

        return [.. order.Select(a => new Actor(_lexicon.Actors[a].Code, _lexicon.Actors[a].EnglishName, counts[a]))];
    }

    private ArticleScored Unscored(ArticleSubmitted article, string language, string storyId, DateTimeOffset scoredAt, string reason) =>
        new(article.ArticleId, article.Source, article.Url, article.Title, article.PublishedAt, language,
            ArticleLabel.Neutral, 0, 0, 0, 0, [], [], [], storyId, ModelVersion, LexiconVersion, scoredAt, reason);
}
