using System.Runtime.InteropServices;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Lexicon;
using EscalationRisk.Scoring.Matching;
using EscalationRisk.Scoring.Model;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring;

/// <summary>
/// Turns the phrase hits of one sentence into signals: word senses, required and excluded context, longest match,
/// then the context rules (conditional, ruling out, deferral, negation, options) and actor links. Every step is
/// linear or n·log n in the sentence's hits, so hostile text cannot make it quadratic.
/// </summary>
internal sealed class SentenceRules
{
    /// <summary>How many words before a signal a negation reaches ("did not launch any attack").</summary>
    public const int NegationWindow = 4;
    /// <summary>How many words after a verb of denial its reach ends, within its clause.</summary>
    public const int DenialWindow = 14;
    /// <summary>How far an option word reaches before (and after) an attack to make it a strike option.</summary>
    public const int OptionWindowBefore = 6;
    public const int OptionWindowAfter = 3;
    /// <summary>How many mentions a source/target search looks at in each direction.</summary>
    private const int ActorSearchLimit = 32;

    private readonly List<SignalCandidate> _candidates = [];
    private readonly List<(int First, int Last, CueKind Kind)> _cues = [];
    private readonly List<(int First, int Last)> _senses = [];
    private readonly List<(int First, int Last, int Topic)> _topics = [];
    private readonly List<(int First, int Last, int Order)> _spans = [];
    private readonly List<ActorMention> _mentions = [];

    /// <summary>The topics (and the derived actor and dyad bits) of the sentence last applied.</summary>
    public ulong TopicMask { get; private set; }
    private readonly HashSet<int> _distinctActors = [];
    private int[] _optionPrefix = new int[256];

    /// <summary>
    /// Applies the rules to the hits of one sentence (tokens [<paramref name="first"/>, <paramref name="last"/>]),
    /// appending surviving signals to <paramref name="signals"/> and actor mentions to <paramref name="mentions"/>.
    /// </summary>
    public void Apply(CompiledLexicon lexicon, Workspace workspace, ReadOnlySpan<PhraseHit> hits, int first, int last,
        List<SignalCandidate> signals, List<ActorMention> mentions, ModelOpinion? model = null, StackerContext? stacker = null)
    {
        Clear();
        _planTopicMask = lexicon.Lexicon.PlanTopicMask;
        var tokens = CollectionsMarshal.AsSpan(workspace.Tokens);
        ulong topicMask = 0;
        foreach (var hit in hits)
        {
            foreach (var target in lexicon.Targets[hit.Phrase])
            {
                if (target.IsActor)
                {
                    _mentions.Add(new ActorMention(hit.First, hit.Last, target.Index, target.IsPlace, target.IsPlace));
                    continue;
                }

                var entry = lexicon.Lexicon.Entries[target.Index];
                switch (entry.Kind)
                {
                    case EntryKind.Signal:
                        _candidates.Add(new SignalCandidate
                        {
                            First = hit.First,
                            Last = hit.Last,
                            EvidenceFirst = hit.First,
                            EvidenceLast = hit.Last,
                            Sentence = tokens[hit.First].Sentence,
                            Clause = tokens[hit.First].Clause,
                            Category = entry.Category,
                            Confidence = entry.Weight,
                            Source = -1,
                            Target = -1,
                            ThirdParty = -1,
                            ThirdPartner = -1,
                            // Requires and excludes are checked below, once the sentence's topics are known.
                            Rule = null,
                            Dropped = false,
                        });
                        _entryOf.Add(target.Index);
                        break;
                    case EntryKind.Cue:
                        _cues.Add((hit.First, hit.Last, entry.Cue));
                        break;
                    case EntryKind.Topic:
                        topicMask |= 1UL << entry.Topic;
                        _topics.Add((hit.First, hit.Last, entry.Topic));
                        break;
                    case EntryKind.OtherSense:
                        _senses.Add((hit.First, hit.Last));
                        break;
                }
            }
        }

        KeepLongestMentions(tokens, workspace.Flags);
        if (_mentions.Count > 0)
        {
            topicMask |= 1UL << LexiconFile.ActorTopic;
            foreach (var mention in _mentions)
            {
                _distinctActors.Add(lexicon.Actors[mention.Actor].Code.GetHashCode(StringComparison.Ordinal));
                if (_distinctActors.Count > 1)
                {
                    topicMask |= 1UL << LexiconFile.DyadTopic;
                    break;
                }
            }
        }

        // Where the lexicon had anything to say about the sentence (a signal word, another sense, a negation), the
        // rules decide; the model only speaks where the lexicon saw nothing.
        var lexiconSpoke = _candidates.Count > 0 || _senses.Count > 0
            || _cues.Exists(static c => c.Kind is not (CueKind.Option or CueKind.Undecided));
        TopicMask = topicMask;
        _contextDropped = FilterBySenseAndContext(lexicon, topicMask);
        KeepLongestSignals();
        FilterContainedCues();
        if (_candidates.Count > 0 || _cues.Count > 0)
        {
            ApplyContextRules(workspace, first, last);
        }

        if (stacker is { } stack && model is { } seen)
        {
            FillEvidence(stack.Evidence, seen, topicMask, stack.TopicIndices, first, last);
            if (stack.Model is { } second)
            {
                if (StageCanSpeak(stack.Evidence))
                {
                    second.Predict(stack.Evidence, stack.Probabilities);
                    FuseStacked(stack.Probabilities, seen, tokens, first, last, stack.Evidence);
                }
            }
            else
            {
                Fuse(seen, tokens, first, last, lexiconSpoke);
            }
        }
        else if (model is { } opinion)
        {
            Fuse(opinion, tokens, first, last, lexiconSpoke);
        }

        LinkActors(tokens);
        AssignRoles(lexicon, tokens);
        foreach (var candidate in _candidates)
        {
            if (!candidate.Dropped)
            {
                signals.Add(candidate);
            }
        }

        mentions.AddRange(_mentions);
    }

    private readonly List<int> _entryOf = [];

    private void Clear()
    {
        _candidates.Clear();
        _entryOf.Clear();
        _cues.Clear();
        _senses.Clear();
        _topics.Clear();
        _mentions.Clear();
        _distinctActors.Clear();
        _negatedReversal = false;
    }

    private void KeepLongestMentions(ReadOnlySpan<Token> tokens, TokenFlags[] flags)
    {
        if (_mentions.Count == 0)
        {
            return;
        }

        _mentions.Sort(static (a, b) => a.First != b.First ? a.First.CompareTo(b.First) : b.Last.CompareTo(a.Last));
        var kept = 0;
        var maxLast = -1;
        for (var i = 0; i < _mentions.Count; i++)
        {
            var m = _mentions[i];
            if (m.Last <= maxLast)
            {
                continue; // inside a longer name: "ترامب" in "دونالد ترامب"
            }

            maxLast = m.Last;
            // A place is only ever acted upon: "Israeli tanks shelled Rafah".
            var objectMarked = m.ObjectMarked || tokens[m.First].ObjectClitic
                || (m.First > 0 && tokens[m.First - 1].Clause == tokens[m.First].Clause
                    && (flags[m.First - 1] & TokenFlags.ObjectPreposition) != 0);
            _mentions[kept++] = m with { ObjectMarked = objectMarked };
        }

        _mentions.RemoveRange(kept, _mentions.Count - kept);
    }

    private int FilterBySenseAndContext(CompiledLexicon lexicon, ulong topicMask)
    {
        var dropped = 0;
        _senses.Sort();
        for (var i = 0; i < _candidates.Count; i++)
        {
            var entry = lexicon.Lexicon.Entries[_entryOf[i]];
            var c = _candidates[i];
            var ok = (entry.RequiresMask == 0 || (topicMask & entry.RequiresMask) != 0)
                && (topicMask & entry.ExcludesMask) == 0
                && !OverlapsSense(c.First, c.Last);
            if (!ok)
            {
                c.Dropped = true;
                _candidates[i] = c;
                dropped++;
            }
            else if (entry.RequiresMask != 0)
            {
                ExtendEvidenceToContext(ref c, entry.RequiresMask);
                _candidates[i] = c;
            }
        }

        return dropped;
    }

    private bool OverlapsSense(int first, int last)
    {
        // Senses are few per sentence; a binary search keeps hostile sentences linear-logarithmic.
        var lo = 0;
        var hi = _senses.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var s = _senses[mid];
            if (s.Last < first)
            {
                lo = mid + 1;
            }
            else if (s.First > last)
            {
                hi = mid - 1;
            }
            else
            {
                return true;
            }
        }

        // Senses sorted by First may still overlap out of order when long and short senses interleave.
        for (var k = Math.Max(0, lo - 4); k < Math.Min(_senses.Count, lo + 4); k++)
        {
            if (_senses[k].First <= last && _senses[k].Last >= first)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Widens the evidence to the nearest required context word in the same clause, when it is close.</summary>
    private void ExtendEvidenceToContext(ref SignalCandidate c, ulong requires)
    {
        const int reach = 4;
        var best = -1;
        var bestDistance = int.MaxValue;
        var start = LowerBound(_topics, c.First - reach);
        for (var k = start; k < _topics.Count && _topics[k].First <= c.Last + reach; k++)
        {
            var t = _topics[k];
            if ((requires & (1UL << t.Topic)) == 0 || (t.First >= c.First && t.Last <= c.Last))
            {
                continue;
            }

            var distance = t.First > c.Last ? t.First - c.Last : c.First - t.Last;
            if (distance > 0 && distance <= reach && distance < bestDistance)
            {
                best = k;
                bestDistance = distance;
            }
        }

        if (best >= 0)
        {
            c.EvidenceFirst = Math.Min(c.EvidenceFirst, _topics[best].First);
            c.EvidenceLast = Math.Max(c.EvidenceLast, _topics[best].Last);
        }
    }

    private static int LowerBound(List<(int First, int Last, int Topic)> topics, int first)
    {
        var lo = 0;
        var hi = topics.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (topics[mid].First < first)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// Drops signals inside a longer signal ("ضربة" inside "توجيه ضربة", "attack" inside "missile attack") and merges
    /// overlapping signals of one category into one ("أطلع على خيارات" + "خيارات الهجوم").
    /// </summary>
    private void KeepLongestSignals()
    {
        _candidates.RemoveAll(static c => c.Dropped);
        _candidates.Sort(static (a, b) => a.First != b.First ? a.First.CompareTo(b.First)
            : a.Last != b.Last ? b.Last.CompareTo(a.Last) : b.Confidence.CompareTo(a.Confidence));
        var maxLast = -1;
        var lastKept = -1;
        for (var i = 0; i < _candidates.Count; i++)
        {
            var c = _candidates[i];
            if (c.Last <= maxLast)
            {
                c.Dropped = true;
                _candidates[i] = c;
                continue;
            }

            if (lastKept >= 0 && c.Category == _candidates[lastKept].Category
                && (c.First <= _candidates[lastKept].Last || c.EvidenceFirst <= _candidates[lastKept].EvidenceLast))
            {
                var kept = _candidates[lastKept];
                kept.Last = c.Last;
                kept.EvidenceFirst = Math.Min(kept.EvidenceFirst, c.EvidenceFirst);
                kept.EvidenceLast = Math.Max(kept.EvidenceLast, c.EvidenceLast);
                kept.Confidence = Math.Max(kept.Confidence, c.Confidence);
                _candidates[lastKept] = kept;
                c.Dropped = true;
                _candidates[i] = c;
                maxLast = c.Last;
                continue;
            }

            maxLast = c.Last;
            lastKept = i;
        }

        _candidates.RemoveAll(static c => c.Dropped);
    }

    /// <summary>
    /// A cue inside a longer phrase is part of that phrase, not a cue: "لم" in "لم يتخذ قرارا نهائيا",
    /// "لن" in "لن نتردد", "no" in "no intention of".
    /// </summary>
    private void FilterContainedCues()
    {
        if (_cues.Count == 0)
        {
            return;
        }

        _spans.Clear();
        foreach (var c in _candidates)
        {
            _spans.Add((c.First, c.Last, 0));
        }

        foreach (var s in _senses)
        {
            _spans.Add((s.First, s.Last, 0));
        }

        for (var i = 0; i < _cues.Count; i++)
        {
            _spans.Add((_cues[i].First, _cues[i].Last, i + 1));
        }

        _spans.Sort(static (a, b) => a.First != b.First ? a.First.CompareTo(b.First) : b.Last.CompareTo(a.Last));
        var contained = new bool[_cues.Count];
        var maxLastBefore = -1; // over spans that start before the current start
        var groupStart = -1;
        var groupMaxLast = -1; // the longest span with the current start
        var pendingMax = -1;
        foreach (var (spanFirst, spanLast, order) in _spans)
        {
            if (spanFirst != groupStart)
            {
                maxLastBefore = Math.Max(maxLastBefore, pendingMax);
                groupStart = spanFirst;
                groupMaxLast = spanLast;
            }

            pendingMax = Math.Max(pendingMax, spanLast);
            if (order > 0 && (maxLastBefore >= spanLast || groupMaxLast > spanLast))
            {
                contained[order - 1] = true;
            }
        }

        var kept = 0;
        for (var i = 0; i < _cues.Count; i++)
        {
            // Options and undecided phrases keep their meaning inside a longer phrase ("الخيارات المعروضة"):
            // they only ever turn attacks into strike options.
            if (!contained[i] || _cues[i].Kind is CueKind.Option or CueKind.Undecided)
            {
                _cues[kept++] = _cues[i];
            }
        }

        _cues.RemoveRange(kept, _cues.Count - kept);
        _cues.Sort(static (a, b) => a.First.CompareTo(b.First));
    }

    private void ApplyContextRules(Workspace workspace, int first, int last)
    {
        var tokens = CollectionsMarshal.AsSpan(workspace.Tokens);
        var flags = workspace.Flags;

        // A ruling-out, deferral or option word that is itself negated ("did not rule out", "لم يستبعد") is void,
        // and so is the negation spent on it.
        var negatedCue = new bool[_cues.Count];
        for (var i = 1; i < _cues.Count; i++)
        {
            var cue = _cues[i];
            // Two negations in a row cancel out: "لا ترفض الحوار", "did not refuse talks".
            var doubleNegation = cue.Kind == CueKind.Negation && _cues[i - 1].Kind == CueKind.Negation && !negatedCue[i - 1]
                && cue.First - _cues[i - 1].Last == 1 && tokens[_cues[i - 1].First].Clause == tokens[cue.First].Clause;
            if (doubleNegation)
            {
                negatedCue[i] = true;
                negatedCue[i - 1] = true;
            }
            else if (cue.Kind is CueKind.RulingOut or CueKind.Deferral or CueKind.Option)
            {
                for (var j = i - 1; j >= 0 && cue.First - _cues[j].Last <= 3; j--)
                {
                    if (_cues[j].Kind == CueKind.Negation && !negatedCue[j]
                        && tokens[_cues[j].First].Clause == tokens[cue.First].Clause)
                    {
                        negatedCue[i] = true;
                        // "did not rule out" spends the negation; "is not planning a strike" does not: the option is
                        // void and the negation still reaches the strike.
                        negatedCue[j] = cue.Kind != CueKind.Option;
                        _negatedReversal |= cue.Kind is CueKind.RulingOut or CueKind.Deferral;
                        break;
                    }
                }
            }
        }

        // Prefix count of option words (and Arabic قد + present tense) by token, for window queries.
        var length = last - first + 2;
        if (_optionPrefix.Length < length)
        {
            _optionPrefix = new int[Math.Max(length, _optionPrefix.Length * 2)];
        }

        Array.Clear(_optionPrefix, 0, length);
        var undecided = false;
        for (var i = 0; i < _cues.Count; i++)
        {
            if (negatedCue[i])
            {
                continue;
            }

            if (_cues[i].Kind == CueKind.Option)
            {
                _optionPrefix[_cues[i].First - first + 1]++;
            }
            else if (_cues[i].Kind == CueKind.Undecided)
            {
                undecided = true;
            }
        }

        for (var t = first; t <= last; t++)
        {
            if ((flags[t] & TokenFlags.Hypothetical) != 0)
            {
                _optionPrefix[t - first + 1]++;
            }
        }

        for (var i = 1; i < length; i++)
        {
            _optionPrefix[i] += _optionPrefix[i - 1];
        }

        var clauseCues = ClauseCueSummary(tokens, negatedCue);
        var cueIndex = 0;
        for (var i = 0; i < _candidates.Count; i++)
        {
            var c = _candidates[i];
            var polarity = Taxonomy.Of(c.Category).Polarity;
            var hasClauseCues = clauseCues.TryGetValue(c.Clause, out var clause);
            if (!hasClauseCues)
            {
                clause = ClauseCues.None;
            }

            // 1. Conditional: an attack in an if-clause has not happened, and talks or mediation named only as the
            // condition of a threat ("if the talks fail, we will use force") are no dialogue. Threats and options stay.
            if (c.Category is SignalCategory.Attack or SignalCategory.Dialogue or SignalCategory.Mediation
                && clause.ConditionalAt >= 0 && clause.ConditionalAt < c.First)
            {
                c.Dropped = true;
                c.Rule = "conditional";
            }
            // 2. Ruling out: escalation ruled out is restraint; de-escalation ruled out is gone.
            else if (clause.RulingOutAt >= 0)
            {
                Flip(ref c, polarity, clause.RulingOutAt, clause.RulingOutLast, "ruling_out");
                clause.RulingOutUsed = true;
            }
            // 3. Deferral: a frozen or postponed escalation is restraint; suspended talks are gone.
            else if (clause.DeferralAt >= 0 && c.Category != SignalCategory.Restraint)
            {
                Flip(ref c, polarity, clause.DeferralAt, clause.DeferralLast, "deferral");
                clause.DeferralUsed = true;
            }
            else
            {
                // 4. Negation just before the signal cancels it.
                while (cueIndex < _cues.Count && _cues[cueIndex].Last < c.First)
                {
                    cueIndex++;
                }

                for (var j = cueIndex - 1; j >= 0 && c.First - _cues[j].Last <= NegationWindow; j--)
                {
                    if (_cues[j].Kind == CueKind.Negation && !negatedCue[j] && tokens[_cues[j].First].Clause == c.Clause)
                    {
                        c.Dropped = true;
                        c.Rule = "negation";
                        break;
                    }
                }

                // 5. An attack spoken of as an option, a plan or a possibility is a strike option.
                if (!c.Dropped && c.Category == SignalCategory.Attack)
                {
                    var from = Math.Max(first, c.First - OptionWindowBefore) - first;
                    var to = Math.Min(last, c.Last + OptionWindowAfter) - first + 1;
                    if (undecided || _optionPrefix[to] - _optionPrefix[from] > 0)
                    {
                        c.Category = SignalCategory.StrikeOption;
                        c.Confidence *= 0.85;
                        c.Rule = undecided ? "undecided" : "option";
                    }
                }

                // 6. A denial reaches the rest of its clause ("denied that its forces had struck the depot",
                // "نفى أن تكون قواته قد استهدفت"): a denied act did not happen; a denied plan or threat is restraint.
                for (var j = cueIndex - 1; !c.Dropped && c.Rule != "denial" && j >= 0 && c.First - _cues[j].Last <= DenialWindow; j--)
                {
                    if (_cues[j].Kind == CueKind.Denial && tokens[_cues[j].First].Clause == c.Clause)
                    {
                        if (c.Category is SignalCategory.StrikeOption or SignalCategory.ThreatToRespond)
                        {
                            Flip(ref c, polarity, _cues[j].First, _cues[j].Last, "denial");
                        }
                        else if (polarity == Polarity.Escalation)
                        {
                            c.Dropped = true;
                            c.Rule = "denial";
                        }

                        break;
                    }
                }
            }

            if (hasClauseCues)
            {
                clauseCues[c.Clause] = clause;
            }

            _candidates[i] = c;
        }

        // A deferral or ruling-out that changed no signal is restraint itself when plans, forces or the use of force
        // are in its clause: "تجميد الرئيس ... خططه", "froze its plans", "ruled out the use of force",
        // "ليست لديه أي نية للتصعيد".
        foreach (var (clauseNumber, clause) in clauseCues)
        {
            if (clause.DeferralAt >= 0 && !clause.DeferralUsed)
            {
                AddRestraintOnItsOwn(tokens, clauseNumber, clause.DeferralAt, clause.DeferralLast, "deferral");
            }

            if (clause.RulingOutAt >= 0 && !clause.RulingOutUsed)
            {
                AddRestraintOnItsOwn(tokens, clauseNumber, clause.RulingOutAt, clause.RulingOutLast, "ruling_out");
            }
        }

        _candidates.Sort(static (a, b) => a.First.CompareTo(b.First));
    }

    private void AddRestraintOnItsOwn(ReadOnlySpan<Token> tokens, int clauseNumber, int cueFirst, int cueLast, string rule)
    {
        if (NearestPlanTopic(cueFirst, cueLast, tokens, clauseNumber) is not { } p)
        {
            return;
        }

        _candidates.Add(new SignalCandidate
        {
            First = cueFirst,
            Last = cueLast,
            EvidenceFirst = Math.Min(cueFirst, p.First),
            EvidenceLast = Math.Max(cueLast, p.Last),
            Sentence = tokens[cueFirst].Sentence,
            Clause = clauseNumber,
            Category = SignalCategory.Restraint,
            Confidence = 0.75,
            Rule = rule,
            Source = -1,
            Target = -1,
            ThirdParty = -1,
            ThirdPartner = -1,
        });
    }

    private static void Flip(ref SignalCandidate c, Polarity polarity, int cueFirst, int cueLast, string rule)
    {
        c.Rule = rule;
        if (polarity == Polarity.Escalation)
        {
            c.Category = SignalCategory.Restraint;
            c.Confidence *= 0.9;
            c.EvidenceFirst = Math.Min(c.EvidenceFirst, cueFirst);
            c.EvidenceLast = Math.Max(c.EvidenceLast, cueLast);
        }
        else
        {
            c.Dropped = true;
        }
    }

    private (int First, int Last)? NearestPlanTopic(int cueFirst, int cueLast, ReadOnlySpan<Token> tokens, int clause)
    {
        (int First, int Last)? best = null;
        var bestDistance = int.MaxValue;
        var start = LowerBound(_topics, cueFirst - 8);
        for (var k = start; k < _topics.Count && _topics[k].First <= cueLast + 8; k++)
        {
            var t = _topics[k];
            if (tokens[t.First].Clause != clause || (_planTopicMask & (1UL << t.Topic)) == 0)
            {
                continue;
            }

            var distance = Math.Abs(t.First - cueFirst);
            if (distance < bestDistance)
            {
                best = (t.First, t.Last);
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>The current lexicon's topics that make a bare deferral a restraint signal.</summary>
    private ulong _planTopicMask;

    private struct ClauseCues
    {
        public static readonly ClauseCues None = new() { ConditionalAt = -1, RulingOutAt = -1, DeferralAt = -1 };

        public int ConditionalAt;
        public int RulingOutAt;
        public int RulingOutLast;
        public bool RulingOutUsed;
        public int DeferralAt;
        public int DeferralLast;
        public bool DeferralUsed;
    }

    private readonly Dictionary<int, ClauseCues> _clauseCues = [];

    private Dictionary<int, ClauseCues> ClauseCueSummary(ReadOnlySpan<Token> tokens, bool[] negatedCue)
    {
        _clauseCues.Clear();
        for (var i = 0; i < _cues.Count; i++)
        {
            if (negatedCue[i])
            {
                continue;
            }

            var (cueFirst, cueLast, kind) = _cues[i];
            var clause = tokens[cueFirst].Clause;
            if (!_clauseCues.TryGetValue(clause, out var summary))
            {
                summary = ClauseCues.None;
            }

            switch (kind)
            {
                case CueKind.Conditional when summary.ConditionalAt < 0:
                    summary.ConditionalAt = cueFirst;
                    break;
                case CueKind.RulingOut when summary.RulingOutAt < 0:
                    (summary.RulingOutAt, summary.RulingOutLast) = (cueFirst, cueLast);
                    break;
                case CueKind.Deferral when summary.DeferralAt < 0:
                    (summary.DeferralAt, summary.DeferralLast) = (cueFirst, cueLast);
                    break;
            }

            _clauseCues[clause] = summary;
        }

        return _clauseCues;
    }

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
    private void Fuse(ModelOpinion opinion, ReadOnlySpan<Token> tokens, int first, int last, bool lexiconSpoke)
    {
        var escalation = opinion.PolarityProbability(Polarity.Escalation);
        var deescalation = opinion.PolarityProbability(Polarity.Deescalation);
        bool hasEscalation = false, hasDeescalation = false;
        for (var i = 0; i < _candidates.Count; i++)
        {
            var c = _candidates[i];
            if (c.Dropped)
            {
                continue;
            }

            var polarity = Taxonomy.Of(c.Category).Polarity;
            hasEscalation |= polarity == Polarity.Escalation;
            hasDeescalation |= polarity == Polarity.Deescalation;
            c.Confidence *= 0.6 + (0.4 * (polarity == Polarity.Escalation ? escalation : deescalation));
            _candidates[i] = c;
        }

        if (lexiconSpoke || _mentions.Count == 0)
        {
            return; // and an event between parties needs a party: no named actor, no model signal
        }

        // The model speaks for a polarity when that polarity is more likely than the other and than neutral.
        AddModelSignal(opinion, Polarity.Escalation, escalation, deescalation, hasEscalation, tokens, first, last);
        AddModelSignal(opinion, Polarity.Deescalation, deescalation, escalation, hasDeescalation, tokens, first, last);
    }

    private void AddModelSignal(ModelOpinion opinion, Polarity polarity, double p, double other, bool lexiconHasIt,
        ReadOnlySpan<Token> tokens, int first, int last)
    {
        var threshold = polarity == Polarity.Escalation ? ModelEscalationThreshold : ModelSignalThreshold;
        if (lexiconHasIt || p < threshold || p <= other || p <= opinion.NeutralProbability
            || opinion.TopOf(polarity).Category is not { } category)
        {
            return;
        }

        AddSentenceSignal(category, ModelSignalWeight * p, tokens, first, last);
    }

    private int _contextDropped;

    /// <summary>A ruling-out or deferral in the sentence was itself negated ("did not rule out"): no restraint.</summary>
    private bool _negatedReversal;

    /// <summary>Writes what the rules saw in this sentence (<see cref="SentenceEvidence"/>) into <paramref name="e"/>.</summary>
    private void FillEvidence(Span<float> e, ModelOpinion model, ulong topicMask, int[] topicIndices, int first, int last)
    {
        e.Clear();
        e[SentenceEvidence.NgramEscalation] = (float)model.PolarityProbability(Polarity.Escalation);
        e[SentenceEvidence.NgramDeescalation] = (float)model.PolarityProbability(Polarity.Deescalation);
        e[SentenceEvidence.NgramNeutral] = (float)model.NeutralProbability;
        foreach (var c in _candidates)
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

        if (_contextDropped > 0)
        {
            e[SentenceEvidence.ContextRule] = 1;
        }

        foreach (var cue in _cues)
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
        foreach (var m in _mentions)
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
    private bool StageCanSpeak(ReadOnlySpan<float> evidence)
    {
        if (_candidates.Exists(static c => !c.Dropped))
        {
            return true;
        }

        var actors = _mentions.Count > 0;
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
    /// named actor it must be surer still (<see cref="FusionSettings.AddWithoutActor"/>).
    /// </summary>
    private void FuseStacked(ReadOnlySpan<float> q, ModelOpinion opinion, ReadOnlySpan<Token> tokens, int first, int last, ReadOnlySpan<float> evidence)
    {
        var settings = FusionSettings.Current;
        bool hasEscalation = false, hasDeescalation = false;
        // What the rules decided stays decided: a polarity they negated, ruled out, deferred or found only in an
        // if-clause gets no signal from the model.
        bool deniedEscalation = false, deniedDeescalation = _negatedReversal;
        foreach (var c in _candidates)
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

        for (var i = 0; i < _candidates.Count; i++)
        {
            var c = _candidates[i];
            if (c.Dropped)
            {
                continue;
            }

            var escalation = Taxonomy.Of(c.Category).Polarity == Polarity.Escalation;
            var p = q[escalation ? Stacker.Escalation : Stacker.Deescalation];
            c.Confidence *= settings.KeepBase + ((1 - settings.KeepBase) * p);
            hasEscalation |= escalation;
            hasDeescalation |= !escalation;

            _candidates[i] = c;
        }

        // The model adds nothing to a sentence about sport, weather, history or ceremony, fiction or medicine; without a
        // named actor it must be surer, needs forces, weapons, casualties or plans named, and adds nothing to a sentence
        // about markets, labour or crime either.
        var actors = _mentions.Count > 0;
        if (SentenceEvidence.OtherDomain(evidence, strict: actors) || (!actors && !SentenceEvidence.ConflictContext(evidence)))
        {
            return;
        }

        AddStackedSignal(opinion, Polarity.Escalation, q[Stacker.Escalation], MathF.Max(q[Stacker.Deescalation], q[Stacker.Neutral]),
            hasEscalation || deniedEscalation, actors ? settings.AddEscalation : Math.Max(settings.AddEscalation, settings.AddWithoutActor), tokens, first, last);
        AddStackedSignal(opinion, Polarity.Deescalation, q[Stacker.Deescalation], MathF.Max(q[Stacker.Escalation], q[Stacker.Neutral]),
            hasDeescalation || deniedDeescalation, actors ? settings.AddDeescalation : Math.Max(settings.AddDeescalation, settings.AddWithoutActor), tokens, first, last);
    }

    private void AddStackedSignal(ModelOpinion opinion, Polarity polarity, float p, float others, bool lexiconHasIt, double threshold,
        ReadOnlySpan<Token> tokens, int first, int last)
    {
        if (lexiconHasIt || p < threshold || p <= others || opinion.TopOf(polarity).Category is not { } category)
        {
            return;
        }

        AddSentenceSignal(category, ModelSignalWeight * p, tokens, first, last);
    }

    /// <summary>Adds a model signal of <paramref name="category"/> whose evidence is the whole sentence.</summary>
    private void AddSentenceSignal(SignalCategory category, double confidence, ReadOnlySpan<Token> tokens, int first, int last) =>
        _candidates.Add(new SignalCandidate
        {
            First = first,
            Last = last,
            EvidenceFirst = first,
            EvidenceLast = last,
            Sentence = tokens[first].Sentence,
            Clause = tokens[first].Clause,
            Category = category,
            Confidence = confidence,
            Rule = "model",
            Source = -1,
            Target = -1,
            ThirdParty = -1,
            ThirdPartner = -1,
        });

    /// <summary>
    /// Source: the nearest actor named before the signal in its clause and not marked as an object, else the first
    /// such actor of the sentence (its subject), else the first after the signal (Arabic puts the verb first).
    /// Target: the first actor after the signal marked as an object (على، ضد، لـ, against, on), else the next other
    /// actor after it.
    /// </summary>
    private void LinkActors(ReadOnlySpan<Token> tokens)
    {
        if (_mentions.Count == 0)
        {
            return;
        }

        for (var i = 0; i < _candidates.Count; i++)
        {
            var c = _candidates[i];
            if (c.Dropped)
            {
                continue;
            }

            var after = FirstMentionAfter(c.Last);
            var source = -1;
            // A phrase matched across its subject ("شنت إسرائيل غارات") holds the actor acting.
            for (var k = after - 1; k >= 0 && after - k <= ActorSearchLimit && _mentions[k].Last >= c.First; k--)
            {
                if (!_mentions[k].ObjectMarked && _mentions[k].First >= c.First)
                {
                    source = _mentions[k].Actor;
                }
            }

            for (var k = after - 1; source < 0 && k >= 0 && after - k <= ActorSearchLimit; k--)
            {
                var m = _mentions[k];
                if (!m.ObjectMarked && m.Last < c.First && tokens[m.First].Clause == c.Clause)
                {
                    source = m.Actor;
                    break;
                }
            }

            for (var k = 0; source < 0 && k < after && k < ActorSearchLimit; k++)
            {
                if (!_mentions[k].ObjectMarked && _mentions[k].Last < c.First)
                {
                    source = _mentions[k].Actor;
                }
            }

            var sourceMention = -1;
            for (var k = after; source < 0 && k < _mentions.Count && k - after < ActorSearchLimit; k++)
            {
                if (!_mentions[k].ObjectMarked)
                {
                    source = _mentions[k].Actor;
                    sourceMention = k;
                }
            }

            var target = -1;
            for (var k = after; k < _mentions.Count && k - after < ActorSearchLimit && target < 0; k++)
            {
                if (_mentions[k].ObjectMarked && _mentions[k].Actor != source)
                {
                    target = _mentions[k].Actor;
                }
            }

            for (var k = after; k < _mentions.Count && k - after < ActorSearchLimit && target < 0; k++)
            {
                if (k != sourceMention && _mentions[k].Actor != source)
                {
                    target = _mentions[k].Actor;
                }
            }

            c.Source = source;
            c.Target = target;
            _candidates[i] = c;
        }
    }

    /// <summary>
    /// Third parties and the parties they stand between. A mediation or call for calm is credited to the parties it is
    /// about, not to its mediator or caller: "between X and Y", the actors called on, or "both sides" read back to the
    /// sentence's other actors or the last pair the article named. Hosts ("Oman hosted talks between ...", "استضافت
    /// الدوحة") and brokers ("brokered by Qatar", "بوساطة قطرية") of a dialogue or ceasefire are third parties too, and
    /// so is who condemns or welcomes what others did. No third party is left as the source or target of a signal.
    /// </summary>
    private void AssignRoles(CompiledLexicon lexicon, ReadOnlySpan<Token> tokens)
    {
        if (_mentions.Count == 0)
        {
            return;
        }

        var roles = lexicon.Lexicon.Roles;
        int between = -1, host = -1, broker = -1, comment = -1;
        var bothSides = false;
        foreach (var (first, last, topic) in _topics)
        {
            if (topic == roles.Between && between < 0)
            {
                between = last;
            }
            else if (topic == roles.BothSides)
            {
                bothSides = true;
            }
            else if (topic == roles.Host && host < 0)
            {
                host = first;
            }
            else if (topic == roles.MediatedBy && broker < 0)
            {
                broker = last;
            }
            else if (topic == roles.Comment && comment < 0)
            {
                comment = first;
            }
        }

        // The sentence's third party: a broker, a host of talks, the first mediator or caller, or a commentator.
        var (third, role) = (-1, ThirdPartyRole.Mediator);
        var firstCall = -1;
        for (var i = 0; i < _candidates.Count; i++)
        {
            var c = _candidates[i];
            if (!c.Dropped && c.Source >= 0 && c.Category is SignalCategory.Mediation or SignalCategory.CallForCalm
                && (firstCall < 0 || c.First < _candidates[firstCall].First))
            {
                firstCall = i;
            }
        }

        var hasTalks = _candidates.Exists(static c => !c.Dropped && c.Category is SignalCategory.Dialogue or SignalCategory.Ceasefire or SignalCategory.Mediation);
        if (broker >= 0 && hasTalks && ActorNear(tokens, broker + 1, before: false, reach: 3) is >= 0 and var brokerActor)
        {
            (third, role) = (brokerActor, ThirdPartyRole.Mediator);
        }
        else if (host >= 0 && hasTalks && SubjectOf(tokens, host) is >= 0 and var hostActor)
        {
            (third, role) = (hostActor, ThirdPartyRole.Host);
        }
        else if (firstCall >= 0 && _candidates[firstCall].Category == SignalCategory.Mediation
                 && AdjacentActor(_candidates[firstCall]) is >= 0 and var named)
        {
            (third, role) = (named, ThirdPartyRole.Mediator); // "Qatari mediators", "الوسيط العماني"
        }
        else if (firstCall >= 0)
        {
            // The caller or mediator is the subject: the first actor of the signal's clause named before it and not marked
            // as an object ("The GCC urged Iran and the United States"; verb first in Arabic, "دعت إيران كلاً من
            // أذربيجان وأرمينيا إلى ضبط النفس", whose signal words come after the parties).
            var call = _candidates[firstCall];
            var subject = call.Source;
            foreach (var m in _mentions)
            {
                if (!m.ObjectMarked && m.First < call.First && tokens[m.First].Clause == call.Clause)
                {
                    subject = m.Actor;
                    break;
                }
            }

            (third, role) = (subject, call.Category == SignalCategory.Mediation ? ThirdPartyRole.Mediator : ThirdPartyRole.Caller);
        }
        else if (comment >= 0 && SubjectOf(tokens, comment) is >= 0 and var commentator)
        {
            (third, role) = (commentator, ThirdPartyRole.Commentator);
        }
        else if (between >= 0 && _candidates.Exists(static c => !c.Dropped && Taxonomy.Of(c.Category).Polarity == Polarity.Deescalation)
                 && TwoActorsAfter(between, 10) is ( >= 0 and var pairA, >= 0 and var pairB)
                 && ClauseSubjectBefore(tokens, between) is >= 0 and var carrier && carrier != pairA && carrier != pairB)
        {
            (third, role) = (carrier, ThirdPartyRole.Mediator); // "Oman passed messages between Tehran and Washington"
        }

        var (a, b) = (-1, -1);
        var partner = third >= 0 ? CoordinatedWith(tokens, third, roles.Conjunction) : -1;
        if (third >= 0)
        {
            (a, b) = between >= 0 ? TwoActorsAfter(between, 10) : (-1, -1);
            if (a < 0 || b < 0 || a == third || b == third || a == partner || b == partner)
            {
                (a, b) = TwoActorsOtherThan(third, partner);
            }

            if ((a < 0 || b < 0) && bothSides && _previousParties.A >= 0 && _previousParties.A != third && _previousParties.B != third)
            {
                (a, b) = _previousParties;
            }
        }

        for (var i = 0; i < _candidates.Count; i++)
        {
            var c = _candidates[i];
            if (c.Dropped)
            {
                continue;
            }

            if (third >= 0 && Taxonomy.Of(c.Category).Polarity == Polarity.Deescalation)
            {
                // Credited to the parties it is about; without two parties it forms no dyad.
                c.ThirdParty = third;
                c.ThirdPartner = partner;
                c.Role = role;
                (c.Source, c.Target) = a >= 0 && b >= 0 ? (a, b) : (-1, -1);
            }
            else
            {
                // No third party is a party to another signal: "... struck Hezbollah, and Egypt called for calm".
                if (c.Source >= 0 && (c.Source == third || c.Source == partner))
                {
                    c.Source = -1;
                }

                if (c.Target >= 0 && (c.Target == third || c.Target == partner))
                {
                    c.Target = -1;
                }

                // A party not shown by the clause structure is the nearest other actor: coordinated subjects ("Thailand and
                // Cambodia agreed"), demonyms and passives ("came under fire from Pakistani troops"), model signals.
                if (c.Source >= 0 && c.Target < 0)
                {
                    c.Target = NearestOtherActor(tokens, c, c.Source, third, partner);
                    c.PartyInferred = c.Target >= 0;
                }
                else if (c.Target >= 0 && c.Source < 0)
                {
                    c.Source = NearestOtherActor(tokens, c, c.Target, third, partner);
                    c.PartyInferred = c.Source >= 0;
                }
            }

            _candidates[i] = c;
        }

        ReadObjectsOfThreats();
        PreferGroupsToTheirGround(lexicon);
        foreach (var c in _candidates)
        {
            if (!c.Dropped && c.Source >= 0 && c.Target >= 0 && c.Source != c.Target)
            {
                _previousParties = (c.Source, c.Target);
            }
        }
    }

    /// <summary>
    /// "US strikes on Houthi positions in Hodeidah": where the target is a state named only through a place and the
    /// sentence names an armed group other than the source, the group is the target, the place only where it was hit.
    /// </summary>
    private void PreferGroupsToTheirGround(CompiledLexicon lexicon)
    {
        var group = -1;
        foreach (var m in _mentions)
        {
            if (!m.Place && lexicon.Actors[m.Actor].Type == "group")
            {
                group = group < 0 ? m.Actor : group == m.Actor ? group : -2; // one group only
            }
        }

        if (group < 0)
        {
            return;
        }

        for (var i = 0; i < _candidates.Count; i++)
        {
            var c = _candidates[i];
            if (c.Dropped || c.Target < 0 || c.Source == group || c.ThirdParty >= 0 || !OnlyAsPlace(c.Target))
            {
                continue;
            }

            c.Target = group;
            _candidates[i] = c;
        }
    }

    private bool OnlyAsPlace(int actor)
    {
        var seen = false;
        foreach (var m in _mentions)
        {
            if (m.Actor == actor)
            {
                if (!m.Place)
                {
                    return false;
                }

                seen = true;
            }
        }

        return seen;
    }

    /// <summary>
    /// "Iran warned Israel it would respond to any attack": the actor right after a threat is its object, so the signal
    /// that follows belongs to the threat's source, and the hypothetical attack a threat answers ("respond to any
    /// attack") is the threat's condition, not a strike option of its own.
    /// </summary>
    private void ReadObjectsOfThreats()
    {
        for (var i = 0; i < _candidates.Count; i++)
        {
            var d = _candidates[i];
            if (d.Dropped || d.Category != SignalCategory.ThreatToRespond)
            {
                continue;
            }

            var next = FirstMentionAfter(d.Last);
            var threatObject = next < _mentions.Count && _mentions[next].First == d.Last + 1 ? _mentions[next] : default(ActorMention?);
            for (var j = 0; j < _candidates.Count; j++)
            {
                var c = _candidates[j];
                if (j == i || c.Dropped || c.First <= d.Last || c.Clause != d.Clause)
                {
                    continue;
                }

                if (c.Category == SignalCategory.StrikeOption && c.Rule == "option" && c.First - d.Last <= 4)
                {
                    c.Dropped = true;
                }
                else if (threatObject is { } o && d.Source >= 0 && c.Source == o.Actor && o.Last < c.First && d.Source != o.Actor)
                {
                    (c.Source, c.Target) = (d.Source, o.Actor);
                }

                _candidates[j] = c;
            }
        }
    }

    /// <summary>
    /// The actor other than <paramref name="party"/> and <paramref name="third"/> named nearest the signal, preferring its
    /// clause; -1 when the sentence names none.
    /// </summary>
    private int NearestOtherActor(ReadOnlySpan<Token> tokens, SignalCandidate c, int party, int third, int partner)
    {
        var (best, bestDistance) = (-1, int.MaxValue);
        foreach (var m in _mentions)
        {
            if (m.Actor == party || m.Actor == third || m.Actor == partner)
            {
                continue;
            }

            var distance = m.Last < c.First ? c.First - m.Last : m.First > c.Last ? m.First - c.Last : 0;
            if (tokens[m.First].Clause != c.Clause)
            {
                distance += 1000;
            }

            if (distance < bestDistance)
            {
                (best, bestDistance) = (m.Actor, distance);
            }
        }

        return best;
    }

    /// <summary>
    /// The first actor of <paramref name="token"/>'s clause named before it and not marked as an object: the subject
    /// ("يكثف المبعوث الأممي إلى اليمن اتصالاته بين ...": the UN envoy, not Yemen), or -1.
    /// </summary>
    private int ClauseSubjectBefore(ReadOnlySpan<Token> tokens, int token)
    {
        foreach (var m in _mentions)
        {
            if (m.Last >= token)
            {
                break;
            }

            if (!m.ObjectMarked && tokens[m.First].Clause == tokens[token].Clause)
            {
                return m.Actor;
            }
        }

        return -1;
    }

    /// <summary>An actor named right beside a signal's words ("Qatari mediators", "الوسيط العماني"), or -1.</summary>
    private int AdjacentActor(SignalCandidate c)
    {
        var after = FirstMentionAfter(c.Last);
        if (after < _mentions.Count && _mentions[after].First == c.Last + 1)
        {
            return _mentions[after].Actor;
        }

        return after > 0 && _mentions[after - 1].Last == c.First - 1 ? _mentions[after - 1].Actor : -1;
    }

    /// <summary>The last pair of parties the article named, for "both sides" in a later sentence.</summary>
    private (int A, int B) _previousParties = (-1, -1);

    /// <summary>Forgets the article that went before: call at the start of every article.</summary>
    public void BeginArticle() => _previousParties = (-1, -1);

    /// <summary>The first two distinct actors named within <paramref name="reach"/> tokens after <paramref name="token"/>.</summary>
    private (int A, int B) TwoActorsAfter(int token, int reach)
    {
        var a = -1;
        for (var k = FirstMentionAfter(token); k < _mentions.Count && _mentions[k].First <= token + reach; k++)
        {
            var actor = _mentions[k].Actor;
            if (a < 0)
            {
                a = actor;
            }
            else if (actor != a)
            {
                return (a, actor);
            }
        }

        return (a, -1);
    }

    /// <summary>The first two distinct actors of the sentence other than <paramref name="other"/> and <paramref name="partner"/>.</summary>
    private (int A, int B) TwoActorsOtherThan(int other, int partner = -1)
    {
        var a = -1;
        foreach (var m in _mentions)
        {
            if (m.Actor == other || m.Actor == partner)
            {
                continue;
            }

            if (a < 0)
            {
                a = m.Actor;
            }
            else if (m.Actor != a)
            {
                return (a, m.Actor);
            }
        }

        return (-1, -1);
    }

    /// <summary>
    /// The actor joined to <paramref name="actor"/>'s first mention by a bare "and" ("Egypt and Jordan called on ...",
    /// "The United Nations and the African Union called on ...") or by the Arabic و on the next name ("بوساطة تركية
    /// وقطرية", "دعت مصر والأردن"), or -1.
    /// </summary>
    private int CoordinatedWith(ReadOnlySpan<Token> tokens, int actor, int conjunction)
    {
        for (var k = 0; k < _mentions.Count; k++)
        {
            if (_mentions[k].Actor != actor)
            {
                continue;
            }

            if (k + 1 < _mentions.Count && Joined(tokens, _mentions[k], _mentions[k + 1], conjunction))
            {
                return _mentions[k + 1].Actor;
            }

            return k > 0 && Joined(tokens, _mentions[k - 1], _mentions[k], conjunction) ? _mentions[k - 1].Actor : -1;
        }

        return -1;
    }

    private bool Joined(ReadOnlySpan<Token> tokens, ActorMention left, ActorMention right, int conjunction) =>
        left.Actor != right.Actor && !right.ObjectMarked && !left.ObjectMarked
        && ((right.First - left.Last == 2 && HasTopicAt(conjunction, left.Last + 1))
            || (right.First == left.Last + 1 && tokens[right.First].Conjoined));

    private bool HasTopicAt(int topic, int token)
    {
        foreach (var t in _topics)
        {
            if (t.Topic == topic && t.First == token)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Who does the verb at <paramref name="token"/>: the nearest actor named before it in its clause ("Oman hosted"),
    /// else the actor right after it (Arabic verb-first: "استضافت الدوحة").
    /// </summary>
    private int SubjectOf(ReadOnlySpan<Token> tokens, int token)
    {
        var before = ActorNear(tokens, token - 1, before: true, reach: 6);
        return before >= 0 ? before : ActorNear(tokens, token + 1, before: false, reach: 2);
    }

    /// <summary>An actor named within <paramref name="reach"/> tokens of <paramref name="token"/>, in its clause, in one direction.</summary>
    private int ActorNear(ReadOnlySpan<Token> tokens, int token, bool before, int reach)
    {
        if (token < 0 || token >= tokens.Length)
        {
            return -1;
        }

        if (before)
        {
            for (var k = FirstMentionAfter(token) - 1; k >= 0 && token - _mentions[k].Last < reach; k--)
            {
                if (tokens[_mentions[k].Last].Clause == tokens[token].Clause)
                {
                    return _mentions[k].Actor;
                }
            }

            return -1;
        }

        var after = FirstMentionAfter(token - 1);
        return after < _mentions.Count && _mentions[after].First - token < reach ? _mentions[after].Actor : -1;
    }

    private int FirstMentionAfter(int last)
    {
        var lo = 0;
        var hi = _mentions.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_mentions[mid].First <= last)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
