using System.Runtime.InteropServices;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Lexicon;
using EscalationRisk.Scoring.Matching;
using EscalationRisk.Scoring.Model;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring;

/// <summary>
/// Turns the phrase hits of one sentence into signals: word senses, required and excluded context, longest match
/// (<see cref="HitFilters"/>), then the context rules (conditional, ruling out, deferral, negation, options:
/// <see cref="ContextRules"/>), the model's view (<see cref="ModelFusion"/>) and actor links (<see cref="ActorLinks"/>,
/// <see cref="ThirdParties"/>). Every step is linear or n·log n in the sentence's hits, so hostile text cannot make it
/// quadratic.
/// </summary>
internal sealed class SentenceRules
{
    private readonly SentenceHits _hits = new();
    private readonly HitFilters _filters;
    private readonly ContextRules _context;
    private readonly ThirdParties _thirdParties;
    private readonly HashSet<int> _distinctActors = [];
    private bool _arabic;

    public SentenceRules()
    {
        _filters = new HitFilters(_hits);
        _context = new ContextRules(_hits);
        _thirdParties = new ThirdParties(_hits);
    }

    /// <summary>The topics (and the derived actor and dyad bits) of the sentence last applied.</summary>
    public ulong TopicMask { get; private set; }

    /// <summary>Forgets the article that went before: call at the start of every article.</summary>
    public void BeginArticle(bool arabic)
    {
        _arabic = arabic;
        _thirdParties.BeginArticle();
    }

    /// <summary>
    /// Applies the rules to the hits of one sentence (tokens [<paramref name="first"/>, <paramref name="last"/>]),
    /// appending surviving signals to <paramref name="signals"/> and actor mentions to <paramref name="mentions"/>.
    /// </summary>
    public void Apply(CompiledLexicon lexicon, Workspace workspace, ReadOnlySpan<PhraseHit> hits, int first, int last,
        List<SignalCandidate> signals, List<ActorMention> mentions, ModelOpinion? model = null, StackerContext? stacker = null)
    {
        Clear();
        var tokens = CollectionsMarshal.AsSpan(workspace.Tokens);
        ulong topicMask = 0;
        foreach (var hit in hits)
        {
            foreach (var target in lexicon.Targets[hit.Phrase])
            {
                if (target.IsActor)
                {
                    _hits.Mentions.Add(new ActorMention(hit.First, hit.Last, target.Index, target.IsPlace, target.IsPlace));
                    continue;
                }

                var entry = lexicon.Lexicon.Entries[target.Index];
                switch (entry.Kind)
                {
                    case EntryKind.Signal:
                        // Requires and excludes are checked below, once the sentence's topics are known.
                        _hits.Candidates.Add(SignalCandidate.Unlinked(hit.First, hit.Last, hit.First, hit.Last, tokens[hit.First].Sentence,
                            tokens[hit.First].Clause, entry.Category, entry.Weight, rule: null));
                        _hits.EntryOf.Add(target.Index);
                        break;
                    case EntryKind.Cue:
                        _hits.Cues.Add((hit.First, hit.Last, entry.Cue));
                        break;
                    case EntryKind.Topic:
                        topicMask |= 1UL << entry.Topic;
                        _hits.Topics.Add((hit.First, hit.Last, entry.Topic));
                        break;
                    case EntryKind.OtherSense:
                        _hits.Senses.Add((hit.First, hit.Last));
                        break;
                }
            }
        }

        _filters.KeepLongestMentions(tokens, workspace.Flags);
        if (_hits.Mentions.Count > 0)
        {
            topicMask |= 1UL << LexiconFile.ActorTopic;
            foreach (var mention in _hits.Mentions)
            {
                _distinctActors.Add(lexicon.Actors[mention.Actor].Code.GetHashCode(StringComparison.Ordinal));
                if (_distinctActors.Count > 1)
                {
                    topicMask |= 1UL << LexiconFile.DyadTopic;
                    break;
                }
            }
        }

        if ((topicMask & lexicon.Lexicon.ActorWordTopicMask) != 0)
        {
            topicMask |= 1UL << LexiconFile.ActorTopic;
        }

        // Where the lexicon had anything to say about the sentence (a signal word, another sense, a negation), the
        // rules decide; the model only speaks where the lexicon saw nothing.
        var lexiconSpoke = _hits.Candidates.Count > 0 || _hits.Senses.Count > 0
            || _hits.Cues.Exists(static c => c.Kind is not (CueKind.Option or CueKind.Undecided));
        TopicMask = topicMask;
        var contextDropped = _filters.FilterBySenseAndContext(lexicon, topicMask);
        _filters.KeepLongestSignals();
        _filters.FilterContainedCues();
        var negatedReversal = false;
        if (_hits.Candidates.Count > 0 || _hits.Cues.Count > 0)
        {
            negatedReversal = _context.Apply(workspace, first, last, lexicon.Lexicon, _arabic, topicMask);
        }

        if ((topicMask & lexicon.Lexicon.LiftTopicMask) != 0 && (topicMask & lexicon.Lexicon.LiftableTopicMask) != 0)
        {
            MeasuresLifted(tokens, lexicon.Lexicon);
        }

        var denial = _hits.Cues.Exists(static c => c.Kind == CueKind.Denial);
        if ((topicMask & lexicon.Lexicon.ReportsOfTopicMask) != 0 && denial)
        {
            DeniedReports(tokens, lexicon.Lexicon.ReportsOfTopicMask);
        }

        if ((topicMask & lexicon.Lexicon.MoveTopicMask) != 0 && (topicMask & lexicon.Lexicon.ForceTopicMask) != 0
            && (topicMask & (1UL << LexiconFile.ActorTopic)) != 0
            && (topicMask & (lexicon.Lexicon.DomainTopicMask | lexicon.Lexicon.NotSentTopicMask)) == 0)
        {
            ForcesSent(tokens, lexicon.Lexicon);
        }

        if (stacker is { } stack && model is { } seen)
        {
            ModelFusion.FillEvidence(_hits, stack.Evidence, seen, topicMask, stack.TopicIndices, first, last, contextDropped);
            if (stack.Model is { } second)
            {
                if (ModelFusion.StageCanSpeak(_hits, stack.Evidence))
                {
                    second.Predict(stack.Evidence, stack.Probabilities);
                    var showOfForce = (topicMask & lexicon.Lexicon.ShowOfForceTopicMask) != 0;
                    // A denial with no intent or plan in the sentence denies a fact ("denied sheltering the militants",
                    // "لا علاقة لها بالمقاتلين"): no renunciation, so the model adds no restraint of its own either.
                    var deniedFact = denial && (topicMask & lexicon.Lexicon.IntentTopicMask) == 0;
                    ModelFusion.FuseStacked(_hits, stack.Probabilities, seen, tokens, first, last, stack.Evidence, negatedReversal || deniedFact,
                        FusionSettings.For(_arabic, showOfForce));
                }
            }
            else
            {
                ModelFusion.Fuse(_hits, seen, tokens, first, last, lexiconSpoke);
            }
        }
        else if (model is { } opinion)
        {
            ModelFusion.Fuse(_hits, opinion, tokens, first, last, lexiconSpoke);
        }

        if ((topicMask & (lexicon.Lexicon.ShowOfForceTopicMask | lexicon.Lexicon.AccidentTopicMask)) != 0)
        {
            NothingHit((topicMask & lexicon.Lexicon.AccidentTopicMask) != 0);
        }

        if ((topicMask & lexicon.Lexicon.SubordinateTopicMask) != 0)
        {
            MainClauseFirst(tokens, lexicon.Lexicon.SubordinateTopicMask);
        }

        ActorLinks.Link(_hits, tokens);
        _thirdParties.Assign(lexicon, tokens);
        foreach (var candidate in _hits.Candidates)
        {
            if (!candidate.Dropped)
            {
                signals.Add(candidate);
            }
        }

        mentions.AddRange(_hits.Mentions);
    }

    /// <summary>
    /// Fire that hit nothing, or harm that no one inflicted. Missiles fired into the sea or as a test: the lexicon's fire
    /// and launch words are no attack there (their entries exclude the topic), and whatever the models read into such a
    /// sentence is a show of force, CAMEO's "demonstrate military power" (<see cref="SignalCategory.MilitaryMobilization"/>).
    /// An accident, a crime or an industrial mishap (<paramref name="accident"/>): the attack the models read is dropped.
    /// </summary>
    private void NothingHit(bool accident)
    {
        for (var i = 0; i < _hits.Candidates.Count; i++)
        {
            var c = _hits.Candidates[i];
            if (c.Dropped || c.Rule != "model")
            {
                continue;
            }

            if (!accident)
            {
                c.Category = SignalCategory.MilitaryMobilization;
            }
            else if (c.Category == SignalCategory.Attack)
            {
                c.Dropped = true;
            }

            _hits.Candidates[i] = c;
        }
    }

    /// <summary>How many words before a measure the verb that lifts it may stand ("رفعت السلطات في مدينة ليه ... حظر التجول").</summary>
    public const int LiftWindow = 6;

    /// <summary>
    /// A curfew, ban, sanction or siege that a verb of lifting governs from a few words before it, in its clause, with
    /// the subject or a time between ("رفعت السلطات حظر التجول", "رفعت الأسبوع الماضي حظر التجول"), is lifted: yielding,
    /// <see cref="SignalCategory.Restraint"/> (CAMEO 08), not the coercion its words name.
    /// </summary>
    private void MeasuresLifted(ReadOnlySpan<Token> tokens, LexiconFile lexicon)
    {
        for (var i = 0; i < _hits.Candidates.Count; i++)
        {
            var c = _hits.Candidates[i];
            if (c.Dropped || c.Category != SignalCategory.Coercion || !_hits.AnyTopicIn(lexicon.LiftableTopicMask, c.First, c.Last))
            {
                continue;
            }

            if (_hits.TopicEndingBefore(tokens, lexicon.LiftTopicMask, c.First, LiftWindow) is var k and >= 0)
            {
                c.Category = SignalCategory.Restraint;
                c.EvidenceFirst = Math.Min(c.EvidenceFirst, _hits.Topics[k].First);
                _hits.Candidates[i] = c;
            }
        }
    }

    /// <summary>How many words before an act the words that make it a report ("reports of", "التقارير عن") may end.</summary>
    public const int ReportWindow = 3;

    /// <summary>
    /// In a sentence that denies something, an act named as the object of reports, claims or accusations ("saying reports
    /// of airstrikes in Khost were false", "calling reports of an imminent offensive part of a media campaign", "والتقارير عن
    /// ضربة أمريكية عارية عن الصحة") is what is denied, even outside the denial's own clause: it is dropped as denied, and the
    /// model adds no escalation for it either.
    /// </summary>
    private void DeniedReports(ReadOnlySpan<Token> tokens, ulong reportsMask)
    {
        for (var i = 0; i < _hits.Candidates.Count; i++)
        {
            var c = _hits.Candidates[i];
            if (c.Dropped || Taxonomy.Of(c.Category).Polarity != Polarity.Escalation)
            {
                continue;
            }

            if (_hits.TopicEndingBefore(tokens, reportsMask, c.First, ReportWindow) >= 0)
            {
                c.Dropped = true;
                c.Rule = "denial";
                _hits.Candidates[i] = c;
            }
        }
    }

    /// <summary>How many words after a verb of sending the forces it sends may stand ("moved T-90 tanks and two additional artillery regiments").</summary>
    public const int ForcesAfterVerb = 6;

    /// <summary>How many words before the verb the forces may stand ("two British destroyers arrived").</summary>
    public const int ForcesBeforeVerb = 3;

    /// <summary>
    /// Forces or weapons sent, moved or flown somewhere with no mobilisation word ("sent about 800 troops to", "flew attack
    /// helicopters and personnel to", "أمر بنشر خمسة وعشرين ألف عنصر", "وصلت مدمرتان"): a mobilisation (CAMEO 15), when a
    /// named party acts, in no other domain, not for peacekeeping or back home, and when nothing in the clause negates,
    /// rules out, defers, denies or conditions it, and the sentence has no mobilisation or restraint signal already.
    /// </summary>
    private void ForcesSent(ReadOnlySpan<Token> tokens, LexiconFile lexicon)
    {
        if (_hits.Candidates.Exists(static c => !c.Dropped && c.Category is SignalCategory.MilitaryMobilization or SignalCategory.Restraint))
        {
            return;
        }

        foreach (var move in _hits.Topics)
        {
            if ((lexicon.MoveTopicMask & (1UL << move.Topic)) == 0)
            {
                continue;
            }

            var clause = tokens[move.First].Clause;
            for (var k = _hits.FirstTopicFrom(move.First - ForcesBeforeVerb - 4); k < _hits.Topics.Count && _hits.Topics[k].First <= move.Last + ForcesAfterVerb; k++)
            {
                var force = _hits.Topics[k];
                if ((lexicon.ForceTopicMask & (1UL << force.Topic)) == 0 || tokens[force.First].Clause != clause
                    || (force.First <= move.Last && move.First - force.Last > ForcesBeforeVerb) || (force.First > move.Last && force.First - move.Last > ForcesAfterVerb)
                    || (force.First <= move.Last && force.Last >= move.First))
                {
                    continue;
                }

                foreach (var cue in _hits.Cues)
                {
                    if (tokens[cue.First].Clause == clause
                        && cue.Kind is CueKind.Negation or CueKind.RulingOut or CueKind.Deferral or CueKind.Denial or CueKind.Conditional)
                    {
                        return;
                    }
                }

                var (first, last) = (Math.Min(move.First, force.First), Math.Max(move.Last, force.Last));
                _hits.Candidates.Add(SignalCandidate.Unlinked(first, last, first, last, tokens[first].Sentence, clause,
                    SignalCategory.MilitaryMobilization, 0.7, rule: null));
                return;
            }
        }
    }

    /// <summary>How much a signal counts when its kind stands only in a subordinate clause of the sentence.</summary>
    public const double SubordinateWeight = 0.3;

    /// <summary>
    /// A sentence holding both kinds of signal is labelled by its main clause (the corpus guidelines): where one kind
    /// stands only in a clause opened by "despite", "while", "even as", "after", "رغم", "بينما", "بعدما" (to the end of
    /// that clause) and the other kind stands outside such a clause, the first kind counts for
    /// <see cref="SubordinateWeight"/> of its confidence. "Despite the overnight shelling, the delegations met";
    /// "X appealed for calm after clashes between Y and Z". The model's signals, read from the whole sentence, are main.
    /// </summary>
    private void MainClauseFirst(ReadOnlySpan<Token> tokens, ulong subordinateMask)
    {
        // Per polarity (escalation 0, de-escalation 1): whether it has a signal in the main clause, and in a subordinate one.
        Span<bool> main = stackalloc bool[2];
        Span<bool> subordinate = stackalloc bool[2];
        foreach (var c in _hits.Candidates)
        {
            if (c.Dropped)
            {
                continue;
            }

            var side = Side(c);
            if (c.Rule != "model" && InSubordinateClause(tokens, c.First, subordinateMask))
            {
                subordinate[side] = true;
            }
            else
            {
                main[side] = true;
            }
        }

        for (var side = 0; side < 2; side++)
        {
            if (main[side] || !subordinate[side] || !main[1 - side])
            {
                continue;
            }

            for (var i = 0; i < _hits.Candidates.Count; i++)
            {
                var c = _hits.Candidates[i];
                if (!c.Dropped && Side(c) == side)
                {
                    c.Confidence *= SubordinateWeight;
                    _hits.Candidates[i] = c;
                }
            }
        }
    }

    /// <summary>The side of a signal in <see cref="MainClauseFirst"/>: escalation 0, de-escalation 1.</summary>
    private static int Side(in SignalCandidate c) => Taxonomy.Of(c.Category).Polarity == Polarity.Escalation ? 0 : 1;

    /// <summary>Whether a subordinating word stands before the token in its clause.</summary>
    private bool InSubordinateClause(ReadOnlySpan<Token> tokens, int token, ulong subordinateMask)
    {
        var clauseStart = token;
        while (clauseStart > 0 && tokens[clauseStart - 1].Clause == tokens[token].Clause)
        {
            clauseStart--;
        }

        return _hits.AnyTopicIn(subordinateMask, clauseStart, token);
    }

    private void Clear()
    {
        _hits.Clear();
        _distinctActors.Clear();
    }
}
