using System.Runtime.InteropServices;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Lexicon;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring;

/// <summary>
/// The context rules of one sentence, in order: conditional, ruling out, deferral, negation, options and denial; a
/// deferral or ruling-out that changed no signal becomes restraint on its own where plans or forces are in its clause.
/// </summary>
internal sealed class ContextRules(SentenceHits hits)
{
    /// <summary>How many words before a signal a negation reaches ("did not launch any attack").</summary>
    public const int NegationWindow = 4;
    /// <summary>
    /// How many words before a ruling-out a negation reaches: Arabic puts the subject between them ("رفض المتحدث باسم
    /// البيت الأبيض استبعاد"), English an adverb or a date ("refused on Tuesday to rule out").
    /// </summary>
    public const int NegatedRulingOutWindow = 5;
    /// <summary>Arabic names its subject in full between the two ("رفض وزير الدفاع الإيراني عزيز نصير زاده استبعاد").</summary>
    public const int NegatedRulingOutWindowArabic = 8;
    /// <summary>How many words after a verb of denial its reach ends, within its clause.</summary>
    public const int DenialWindow = 14;
    /// <summary>How far an option word reaches before (and after) an attack to make it a strike option.</summary>
    public const int OptionWindowBefore = 6;
    public const int OptionWindowAfter = 3;

    private readonly SentenceHits _hits = hits;
    private int[] _optionPrefix = new int[256];
    private readonly Dictionary<int, ClauseCues> _clauseCues = [];
    private bool[] _negatedCue = new bool[32];
    private readonly List<(int First, int Last, int Clause)> _negatedRulingOuts = [];
    private readonly List<(int First, int Last, int Clause, SignalCategory Category)> _heldBack = [];

    /// <summary>
    /// How far a deferral or a ruling-out reaches a de-escalation signal: "suspended the talks", "the talks were
    /// postponed", "ruled out talks", not the talks ten words on ("called off planned exercises ... ahead of the talks",
    /// "ruled out sending troops ... under any scenario being discussed").
    /// </summary>
    private const int DeEscalationReach = 4;

    /// <summary>
    /// How far back a deferral reaches an escalation before it: "the strikes planned for Friday were postponed", not the
    /// first of two acts ("shut its airspace to all aircraft registered there and suspended overflight permits").
    /// </summary>
    private const int EscalationDeferralReachBack = 6;

    /// <summary>How close before a deferral talks stand when they are the agreement to defer ("agreed to suspend").</summary>
    private const int AgreementToDeferReach = 2;

    /// <summary>Whether a subordinating word ("after", "following", "بعد") stands strictly between two tokens: "suspended loading after a missile damaged".</summary>
    private bool SubordinateBetween(int from, int to) => _hits.AnyTopicIn(_lexicon.SubordinateTopicMask, from + 1, to - 1);

    /// <summary>
    /// Whether the clause's deferral reaches a signal (rule 4). Not restraint already, nor a signal whose deferral
    /// stands in a condition after it; not an agreement to defer ("agreed to suspend military exercises", "اتفقا على
    /// تجميد"): that stands, and the deferral is restraint. An escalation before the deferral is reached from at most
    /// <see cref="EscalationDeferralReachBack"/> words on, one after it unless an "after" clause parts them; talks or a
    /// truce only within <see cref="DeEscalationReach"/> words.
    /// </summary>
    private bool DeferralReaches(in SignalCandidate c, Polarity polarity, in ClauseCues clause)
    {
        if (c.Category == SignalCategory.Restraint || InLaterCondition(clause.ConditionalAt, clause.DeferralAt, c.Last)
            || (c.Category == SignalCategory.Dialogue && c.Last < clause.DeferralAt && clause.DeferralAt - c.Last <= AgreementToDeferReach))
        {
            return false;
        }

        if (polarity != Polarity.Escalation)
        {
            return Near(c, clause.DeferralAt, clause.DeferralLast, DeEscalationReach);
        }

        return c.Last < clause.DeferralAt
            ? clause.DeferralAt - c.Last <= EscalationDeferralReachBack
            : !SubordinateBetween(clause.DeferralLast, c.First);
    }

    private static bool Near(in SignalCandidate c, int cueFirst, int cueLast, int window) =>
        c.First > cueLast ? c.First - cueLast <= window : cueFirst - c.Last <= window;

    /// <summary>How far apart a deferral and the leave it cancels may stand.</summary>
    public const int LeaveWindow = 10;

    /// <summary>How far apart a freeze or suspension and what it holds back (assets, visas, a visit) may stand.</summary>
    public const int HeldObjectWindow = 8;

    /// <summary>The lexicon of the sentence being read: its topic masks (plans, leave) are read by the helpers.</summary>
    private LexiconFile _lexicon = null!;

    /// <summary>The sentence's topics with its actor and dyad bits (<see cref="SentenceRules.TopicMask"/>).</summary>
    private ulong _topicMask;

    /// <summary>
    /// Applies the rules to the signals and cues of the sentence at tokens [<paramref name="first"/>,
    /// <paramref name="last"/>]; the lexicon's plan topics make a bare deferral or ruling-out restraint. Returns whether a
    /// ruling-out or deferral in the sentence was itself negated ("did not rule out"): no restraint. An escalation
    /// negated in the future ("will not", "لن": <see cref="LexiconFile.PledgeTopicMask"/>) is renounced, which is
    /// restraint, unless it is a warning ("will not allow", "لن نسمح": <see cref="LexiconFile.NotAllowTopicMask"/>).
    /// </summary>
    public bool Apply(Workspace workspace, int first, int last, LexiconFile lexicon, bool arabic, ulong topicMask)
    {
        _lexicon = lexicon;
        _topicMask = topicMask;
        _heldBack.Clear();
        var (pledgeTopicMask, notAllowTopicMask) = (lexicon.PledgeTopicMask, lexicon.NotAllowTopicMask);
        _negatedRulingOuts.Clear();
        var negatedReversal = false;
        var tokens = CollectionsMarshal.AsSpan(workspace.Tokens);
        var flags = workspace.Flags;

        // A ruling-out, deferral or option word that is itself negated ("did not rule out", "لم يستبعد") is void,
        // and so is the negation spent on it.
        var negatedCue = SentenceHits.ClearedFlags(ref _negatedCue, _hits.Cues.Count);
        for (var i = 1; i < _hits.Cues.Count; i++)
        {
            var cue = _hits.Cues[i];
            // Two negations in a row cancel out: "لا ترفض الحوار", "did not refuse talks".
            var doubleNegation = cue.Kind == CueKind.Negation && _hits.Cues[i - 1].Kind == CueKind.Negation && !negatedCue[i - 1]
                && cue.First - _hits.Cues[i - 1].Last == 1 && tokens[_hits.Cues[i - 1].First].Clause == tokens[cue.First].Clause;
            if (doubleNegation)
            {
                negatedCue[i] = true;
                negatedCue[i - 1] = true;
            }
            else if (cue.Kind is CueKind.RulingOut or CueKind.Deferral or CueKind.Option
                && !(cue.Kind == CueKind.RulingOut && StartsWithTopic(cue.First, lexicon.AnyTopicMask)))
            {
                // ("ليست لديه أي نية", "does not have any intention of": the negation is the ruling-out's own.)
                var reach = cue.Kind != CueKind.RulingOut ? 3 : arabic ? NegatedRulingOutWindowArabic : NegatedRulingOutWindow;
                for (var j = i - 1; j >= 0 && cue.First - _hits.Cues[j].Last <= reach; j--)
                {
                    if (_hits.Cues[j].Kind == CueKind.Negation && !negatedCue[j]
                        && tokens[_hits.Cues[j].First].Clause == tokens[cue.First].Clause)
                    {
                        negatedCue[i] = true;
                        // "did not rule out" spends the negation; "is not planning a strike" does not: the option is
                        // void and the negation still reaches the strike.
                        negatedCue[j] = cue.Kind != CueKind.Option;
                        negatedReversal |= cue.Kind is CueKind.RulingOut or CueKind.Deferral;
                        if (cue.Kind == CueKind.RulingOut)
                        {
                            _negatedRulingOuts.Add((cue.First, cue.Last, tokens[cue.First].Clause));
                        }

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
        for (var i = 0; i < _hits.Cues.Count; i++)
        {
            if (negatedCue[i])
            {
                continue;
            }

            if (_hits.Cues[i].Kind == CueKind.Option)
            {
                _optionPrefix[_hits.Cues[i].First - first + 1]++;
            }
            else if (_hits.Cues[i].Kind == CueKind.Undecided)
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
        for (var i = 0; i < _hits.Candidates.Count; i++)
        {
            var c = _hits.Candidates[i];
            var polarity = Taxonomy.Of(c.Category).Polarity;
            var hasClauseCues = clauseCues.TryGetValue(c.Clause, out var clause);
            if (!hasClauseCues)
            {
                clause = ClauseCues.None;
            }

            // 1. Conditional: an attack in an if-clause has not happened, and talks, mediation, a truce or a withdrawal
            // named only as the condition of a threat ("if the talks fail, we will use force"; "unless Washington
            // announces its withdrawal") are no de-escalation. Threats and options stay, except a threat named in an
            // unless-clause ("ما لم يتعرض أمنها لتهديد"): that is only the condition.
            if ((c.Category is SignalCategory.Attack or SignalCategory.Dialogue or SignalCategory.Mediation
                    or SignalCategory.Ceasefire or SignalCategory.Restraint
                    || (c.Category == SignalCategory.ThreatToRespond && StartsWithTopic(clause.ConditionalAt, lexicon.UnlessTopicMask)))
                && clause.ConditionalAt >= 0 && clause.ConditionalAt < c.First)
            {
                c.Dropped = true;
                c.Rule = "conditional";
            }
            // 2. An act threatened on a condition that follows it ("will impose sanctions unless", "would suspend the
            // agreement if", "ستعلّق العمل بالمعاهدة إن لم"): a deferral so conditioned, or a future attack or coercion, is
            // a threat (CAMEO 13), not restraint or the act itself. An act ruled out unless something happens stays ruled out.
            else if (clause.RulingOutAt < 0 && ConditionFollows(tokens, c.Last, negatedCue)
                && ((clause.DeferralAt >= 0 && c.Category != SignalCategory.Restraint && clause.DeferralAt <= c.Last
                        && (arabic || FutureBefore(tokens, clause.DeferralAt, c.Clause, lexicon.FutureTopicMask)))
                    || (c.Category is SignalCategory.Attack or SignalCategory.Coercion && FutureBefore(tokens, c.First, c.Clause, lexicon.FutureTopicMask))))
            {
                c.Category = SignalCategory.ThreatToRespond;
                c.Rule = "conditional";
                if (clause.DeferralAt >= 0 && clause.DeferralAt <= c.Last)
                {
                    c.EvidenceFirst = Math.Min(c.EvidenceFirst, clause.DeferralAt);
                    clause.DeferralUsed = true;
                }
            }
            // 3. Ruling out: escalation ruled out is restraint; de-escalation ruled out is gone. (Not by a cue inside a
            // condition that follows the signal: "would close its airspace unless Addis Ababa abandoned the deal".)
            else if (clause.RulingOutAt >= 0 && !InLaterCondition(clause.ConditionalAt, clause.RulingOutAt, c.Last)
                && (polarity == Polarity.Escalation || Near(c, clause.RulingOutAt, clause.RulingOutLast, DeEscalationReach)))
            {
                Flip(ref c, polarity, clause.RulingOutAt, clause.RulingOutLast, "ruling_out");
                clause.RulingOutUsed = true;
            }
            // 4. Deferral: a frozen or postponed escalation is restraint; suspended talks are gone (where it reaches them).
            else if (clause.DeferralAt >= 0 && DeferralReaches(c, polarity, clause))
            {
                Flip(ref c, polarity, clause.DeferralAt, clause.DeferralLast, "deferral");
                clause.DeferralUsed = true;
            }
            else
            {
                // 5. Negation just before the signal cancels it.
                while (cueIndex < _hits.Cues.Count && _hits.Cues[cueIndex].Last < c.First)
                {
                    cueIndex++;
                }

                for (var j = cueIndex - 1; j >= 0 && c.First - _hits.Cues[j].Last <= NegationWindow; j--)
                {
                    if (_hits.Cues[j].Kind == CueKind.Negation && !negatedCue[j] && tokens[_hits.Cues[j].First].Clause == c.Clause)
                    {
                        if (polarity == Polarity.Escalation && Pledged(_hits.Cues[j].First, _hits.Cues[j].Last, pledgeTopicMask, notAllowTopicMask))
                        {
                            // "will not attack", "لن نشن حربا": renounced, a ruling-out of the act.
                            Flip(ref c, polarity, _hits.Cues[j].First, _hits.Cues[j].Last, "ruling_out");
                        }
                        else
                        {
                            c.Dropped = true;
                            c.Rule = "negation";
                        }

                        break;
                    }
                }

                // 6. An attack spoken of as an option, a plan or a possibility is a strike option.
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

                // 7. A denial reaches the rest of its clause ("denied that its forces had struck the depot",
                // "نفى أن تكون قواته قد استهدفت"): a denied act did not happen; a denied plan or threat is restraint.
                for (var j = cueIndex - 1; !c.Dropped && c.Rule != "denial" && j >= 0 && c.First - _hits.Cues[j].Last <= DenialWindow; j--)
                {
                    if (_hits.Cues[j].Kind == CueKind.Denial && tokens[_hits.Cues[j].First].Clause == c.Clause)
                    {
                        if (c.Category is SignalCategory.StrikeOption or SignalCategory.ThreatToRespond)
                        {
                            Flip(ref c, polarity, _hits.Cues[j].First, _hits.Cues[j].Last, "denial");
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

            _hits.Candidates[i] = c;
        }

        // A deferral or ruling-out that changed no signal is restraint itself when plans, forces or the use of force
        // are in its clause: "تجميد الرئيس ... خططه", "froze its plans", "ruled out the use of force",
        // "ليست لديه أي نية للتصعيد".
        foreach (var (clauseNumber, clause) in clauseCues)
        {
            if (clause.DeferralAt >= 0 && !clause.DeferralUsed)
            {
                if (ConditionFollows(tokens, clause.DeferralLast, negatedCue)
                    && (arabic || FutureBefore(tokens, clause.DeferralAt, clauseNumber, lexicon.FutureTopicMask)))
                {
                    AddOnItsOwn(tokens, clauseNumber, clause.DeferralAt, clause.DeferralLast, SignalCategory.ThreatToRespond, "conditional");
                }
                else
                {
                    AddRestraintOnItsOwn(tokens, clauseNumber, clause.DeferralAt, clause.DeferralLast, "deferral");
                }
            }

            if (clause.RulingOutAt >= 0 && !clause.RulingOutUsed)
            {
                AddRestraintOnItsOwn(tokens, clauseNumber, clause.RulingOutAt, clause.RulingOutLast, "ruling_out");
            }
        }

        // A ruling-out that is itself negated and changed no signal keeps the option open on its own when plans, forces
        // or the use of force are in its clause: "did not rule out the use of force", "لم تستبعد اتخاذ إجراءات عسكرية".
        foreach (var (cueFirst, cueLast, clauseNumber) in _negatedRulingOuts)
        {
            if (!_hits.Candidates.Exists(c => !c.Dropped && c.Clause == clauseNumber && Taxonomy.Of(c.Category).Polarity == Polarity.Escalation))
            {
                AddOnItsOwn(tokens, clauseNumber, cueFirst, cueLast, SignalCategory.StrikeOption, "option");
            }
        }

        // Leave cancelled is a mobilisation, assets frozen or visas suspended coercion, unless a signal of that category
        // already covers them. Not the leave of a team, a hospital or a firm (no other domain in the sentence); not
        // the accounts of a club or a patient (courts, firms and elections often come with coercion).
        if (_heldBack.Count > 0)
        {
            var domains = _topicMask & lexicon.DomainTopicMask;
            foreach (var (heldFirst, heldLast, clauseNumber, category) in _heldBack)
            {
                var otherSense = category == SignalCategory.Coercion ? domains & ~lexicon.CoercionContextMask : domains;
                if (otherSense == 0 && !_hits.Candidates.Exists(c => !c.Dropped && c.Category == category && c.First <= heldLast && c.Last >= heldFirst))
                {
                    _hits.Candidates.Add(SignalCandidate.Unlinked(heldFirst, heldLast, heldFirst, heldLast, tokens[heldFirst].Sentence,
                        clauseNumber, category, 0.75, rule: null));
                }
            }
        }

        _hits.Candidates.Sort(static (a, b) => a.First.CompareTo(b.First));
        return negatedReversal;
    }

    /// <summary>Whether a cue stands in a condition that opens after the signal ends: it is the condition's, not the signal's.</summary>
    private static bool InLaterCondition(int conditionalAt, int cueAt, int signalLast) =>
        conditionalAt > signalLast && cueAt > conditionalAt;

    /// <summary>How many words after an act a condition may open and still be its condition.</summary>
    public const int ConditionWindow = 12;

    /// <summary>Whether a condition ("if", "unless", "إن لم") opens within <see cref="ConditionWindow"/> words after the signal, in its sentence.</summary>
    private bool ConditionFollows(ReadOnlySpan<Token> tokens, int last, bool[] negatedCue)
    {
        for (var j = 0; j < _hits.Cues.Count; j++)
        {
            var cue = _hits.Cues[j];
            if (cue.Kind == CueKind.Conditional && !negatedCue[j] && cue.First > last && cue.First - last <= ConditionWindow
                && tokens[cue.First].Sentence == tokens[last].Sentence)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a marker of the future stands in the signal's clause before it ("will", "would", "سوف").</summary>
    private bool FutureBefore(ReadOnlySpan<Token> tokens, int first, int clause, ulong futureMask)
    {
        for (var k = _hits.FirstTopicFrom(first - 6); k < _hits.Topics.Count && _hits.Topics[k].First < first; k++)
        {
            var t = _hits.Topics[k];
            if ((futureMask & (1UL << t.Topic)) != 0 && tokens[t.First].Clause == clause)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A topic of <paramref name="mask"/> within <paramref name="window"/> words of the cue, in its clause.</summary>
    private (int First, int Last)? NearTopic(ReadOnlySpan<Token> tokens, int cueFirst, int cueLast, int window, ulong mask)
    {
        for (var k = _hits.FirstTopicFrom(cueFirst - window - 4); k < _hits.Topics.Count && _hits.Topics[k].First <= cueLast + window; k++)
        {
            var t = _hits.Topics[k];
            if ((mask & (1UL << t.Topic)) != 0 && t.Last >= cueFirst - window && tokens[t.First].Clause == tokens[cueFirst].Clause)
            {
                return (t.First, t.Last);
            }
        }

        return null;
    }

    private bool StartsWithTopic(int token, ulong mask)
    {
        for (var k = _hits.FirstTopicFrom(token); k < _hits.Topics.Count && _hits.Topics[k].First == token; k++)
        {
            if ((mask & (1UL << _hits.Topics[k].Topic)) != 0)
            {
                return true;
            }
        }

        return false;
    }

    private bool Pledged(int cueFirst, int cueLast, ulong pledgeTopicMask, ulong notAllowTopicMask)
    {
        var pledged = false;
        for (var k = _hits.FirstTopicFrom(cueFirst - 2); k < _hits.Topics.Count && _hits.Topics[k].First <= cueLast; k++)
        {
            var t = _hits.Topics[k];
            if (t.Last < cueFirst)
            {
                continue;
            }

            if ((notAllowTopicMask & (1UL << t.Topic)) != 0)
            {
                return false;
            }

            pledged |= (pledgeTopicMask & (1UL << t.Topic)) != 0;
        }

        return pledged;
    }

    private void AddRestraintOnItsOwn(ReadOnlySpan<Token> tokens, int clauseNumber, int cueFirst, int cueLast, string rule) =>
        AddOnItsOwn(tokens, clauseNumber, cueFirst, cueLast, SignalCategory.Restraint, rule);

    private void AddOnItsOwn(ReadOnlySpan<Token> tokens, int clauseNumber, int cueFirst, int cueLast, SignalCategory category, string rule)
    {
        if (NearestPlanTopic(cueFirst, cueLast, tokens, clauseNumber) is not { } p)
        {
            return;
        }

        _hits.Candidates.Add(SignalCandidate.Unlinked(cueFirst, cueLast, Math.Min(cueFirst, p.First), Math.Max(cueLast, p.Last),
            tokens[cueFirst].Sentence, clauseNumber, category, 0.75, rule));
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
        var start = _hits.FirstTopicFrom(cueFirst - 8);
        for (var k = start; k < _hits.Topics.Count && _hits.Topics[k].First <= cueLast + 8; k++)
        {
            var t = _hits.Topics[k];
            if (tokens[t.First].Clause != clause || (_lexicon.PlanTopicMask & (1UL << t.Topic)) == 0
                || (t.First > cueLast && SubordinateBetween(cueLast, t.First)))
            {
                continue; // not the forces of a clause opened by "after" ("suspended loading after a drone damaged")
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

    private Dictionary<int, ClauseCues> ClauseCueSummary(ReadOnlySpan<Token> tokens, bool[] negatedCue)
    {
        _clauseCues.Clear();
        for (var i = 0; i < _hits.Cues.Count; i++)
        {
            if (negatedCue[i])
            {
                continue;
            }

            var (cueFirst, cueLast, kind) = _hits.Cues[i];
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
                case CueKind.Deferral when NearTopic(tokens, cueFirst, cueLast, LeaveWindow, _lexicon.LeaveTopicMask) is { } leave:
                    // Leave cancelled or suspended ("all leave ... has been cancelled", "ألغت ... جميع الإجازات"): forces
                    // kept at their posts, a mobilisation, not a deferral of anything.
                    _heldBack.Add((Math.Min(cueFirst, leave.First), Math.Max(cueLast, leave.Last), clause, SignalCategory.MilitaryMobilization));
                    break;
                case CueKind.Deferral when (_topicMask & (1UL << LexiconFile.ActorTopic)) != 0 && NearTopic(tokens, cueFirst, cueLast, 0, _lexicon.HaltTopicMask) is not null
                    && NearTopic(tokens, cueFirst, cueLast, HeldObjectWindow, _lexicon.HeldObjectTopicMask) is { } held:
                    // Assets frozen, visas or the internet suspended, a visit called off ("froze the assets of", "علّقت
                    // منح التأشيرات"): a state holding something back from another, coercion (CAMEO 16), not a deferral;
                    // on a condition that follows ("ستعلّق العمل بالمعاهدة إن لم"), a threat to (CAMEO 13).
                    _heldBack.Add((Math.Min(cueFirst, held.First), Math.Max(cueLast, held.Last), clause,
                        ConditionFollows(tokens, Math.Max(cueLast, held.Last), negatedCue) ? SignalCategory.ThreatToRespond : SignalCategory.Coercion));
                    break;
                case CueKind.Deferral when summary.DeferralAt < 0:
                    (summary.DeferralAt, summary.DeferralLast) = (cueFirst, cueLast);
                    break;
            }

            _clauseCues[clause] = summary;
        }

        return _clauseCues;
    }
}
