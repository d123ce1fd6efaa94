using System.Runtime.InteropServices;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring;

public sealed partial class ArticleScorer
{
    /// <summary>The document-topic model's chance of conflict below which an article it places in another domain is gated.</summary>
    public const double ConflictFloor = 0.35;

    /// <summary>
    /// The document-topic classifier's reading of the whole text: its most likely topic and its chance of conflict;
    /// null without the classifier.
    /// </summary>
    private (string Name, float Conflict)? DocumentTopic(Workspace workspace)
    {
        if (_topics is null || _conflictTopic < 0 || workspace.Tokens.Count == 0)
        {
            return null;
        }

        Span<float> p = stackalloc float[_topics.Labels.Count];
        _topics.PredictWords(CollectionsMarshal.AsSpan(workspace.TopicScores), CollectionsMarshal.AsSpan(workspace.WordFeatures), 0, workspace.Tokens.Count - 1, p);
        var best = 0;
        for (var k = 1; k < p.Length; k++)
        {
            best = p[k] > p[best] ? k : best;
        }

        return (_topics.Labels[best], p[_conflictTopic]);
    }

    /// <summary>The confidence a signal needs to count in a report about another domain (with its two parties read from the clause).</summary>
    public const double AnchoredConfidence = 0.75;

    /// <summary>The classifier's chance of conflict below which the lexicon's domain words alone gate an article.</summary>
    public const double DomainWordsConflictCeiling = 0.5;

    /// <summary>The classifier's chance of conflict below which a report it reads as sport, fiction or history keeps no signal.</summary>
    public const double SureConflictCeiling = 0.1;

    /// <summary>The share of an article's sentences about another domain above which the article is about that domain.</summary>
    public const double OffTopicShare = 0.3;

    /// <summary>
    /// Topic gating. An article of three or more sentences that names no force, weapon, casualty or plan and whose
    /// signals are only talks and visits (or the model's guesses) reports routine relations and keeps no signal; one the
    /// document-topic classifier calls routine state news keeps no talks, visits or model guesses. An
    /// article of three or more sentences that the document-topic classifier places in another domain, or of which at
    /// least <see cref="OffTopicShare"/> and two sentences are about one of sport, markets and business, history and
    /// ceremony, fiction, weather and disasters, medicine, labour, crime or domestic politics while the classifier gives
    /// conflict less than <see cref="DomainWordsConflictCeiling"/> (or runs without it), is a report about that domain; in
    /// it a signal counts only with strong, actor-anchored evidence: the lexicon's, not the model's guess, with two
    /// distinct actors read from its clause (not filled in as the nearest other actor), confidence at least
    /// <see cref="AnchoredConfidence"/>, in a sentence neither about the domain nor background; in a report the classifier
    /// reads as sport, fiction or history with conflict below <see cref="SureConflictCeiling"/> (history: below
    /// <see cref="ConflictFloor"/>, for what it tells is past), and with some domain's
    /// words in one of its sentences, no signal counts. Signals that do not
    /// count are dropped: they are no evidence, and no rule or index sees them.
    /// </summary>
    private void Gate(List<SignalCandidate> signals, Dictionary<int, ulong> sentenceTopics, (string Name, float Conflict)? topic)
    {
        var (domain, background) = (_lexicon.Lexicon.DomainTopicMask, _lexicon.Lexicon.BackgroundTopicMask);

        // Routine relations: talks and visits in an article that names no force, weapon, casualty or plan are the
        // ordinary business of states, not de-escalation of anything; so are the model's guesses there, and a
        // "reinforcement" with no force named (تعزيز التعاون).
        var conflict = _lexicon.Lexicon.ConflictTopicMask;
        var conflictNamed = false;
        foreach (var topics in sentenceTopics.Values)
        {
            conflictNamed |= (topics & conflict) != 0;
        }

        if (!conflictNamed
            && signals.TrueForAll(static c => c.Category is SignalCategory.Dialogue or SignalCategory.MilitaryMobilization || c.Rule == "model"))
        {
            signals.Clear();
            return;
        }

        if (topic is { Name: "routine" })
        {
            // Routine state news by the classifier: its talks, visits and the model's guesses are not de-escalation.
            signals.RemoveAll(static c => c.Category == SignalCategory.Dialogue || c.Rule == "model");
        }

        // The article is about a domain when one domain's words run through enough of its sentences.
        var most = 0;
        for (var bits = domain; bits != 0; bits &= bits - 1)
        {
            var bit = bits & (~bits + 1);
            var n = 0;
            foreach (var topics in sentenceTopics.Values)
            {
                n += (topics & bit) != 0 ? 1 : 0;
            }

            most = Math.Max(most, n);
        }

        // The classifier's verdict, or the lexicon's domain words where the classifier is unsure the story is conflict.
        var domainWords = most >= Math.Max(2, OffTopicShare * sentenceTopics.Count);
        var aboutAnotherDomain = topic is { } t
            ? (t.Name is not ("conflict" or "routine") && t.Conflict < ConflictFloor) || (domainWords && t.Conflict < DomainWordsConflictCeiling)
            : domainWords;
        // Domain words through the article and not one force, weapon, casualty or plan named: the classifier's
        // reading of conflict has nothing to stand on, and the article is about that domain.
        aboutAnotherDomain |= domainWords && !conflictNamed;
        if (!aboutAnotherDomain)
        {
            return;
        }

        // A game, a film or a commemoration the classifier is sure of: teams and film studios are named after
        // countries, so two actors in a clause anchor nothing there. A history the classifier puts below the floor of
        // conflict tells what is past, however anchored ("Moscow agreed to withdraw its missiles" in 1962).
        if (topic is { Name: "sport" or "fiction" or "history" } sure && most >= 1
            && (sure.Conflict < SureConflictCeiling || (sure.Name == "history" && sure.Conflict < ConflictFloor)))
        {
            signals.Clear();
            return;
        }

        signals.RemoveAll(c => !(c.Source >= 0 && c.Target >= 0 && c.Source != c.Target && !c.PartyInferred && c.Rule != "model"
            && c.Confidence >= AnchoredConfidence && (sentenceTopics[c.Sentence] & (domain | background)) == 0));
    }
}
