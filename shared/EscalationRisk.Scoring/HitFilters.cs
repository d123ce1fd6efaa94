using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Lexicon;
using EscalationRisk.Scoring.Matching;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring;

/// <summary>
/// The first pass over a sentence's hits, before the context rules: longest actor names, other word senses, required
/// and excluded context, longest signals, and cues that are only part of a longer phrase.
/// </summary>
internal sealed class HitFilters(SentenceHits hits)
{
    private readonly SentenceHits _hits = hits;
    private readonly List<(int First, int Last, int Order)> _spans = [];
    private bool[] _containedCue = new bool[32];

    /// <summary>
    /// Sorts the actor mentions, keeps the longest of nested names, and marks as objects those after an object
    /// preposition or carrying an object clitic.
    /// </summary>
    public void KeepLongestMentions(ReadOnlySpan<Token> tokens, TokenFlags[] flags)
    {
        if (_hits.Mentions.Count == 0)
        {
            return;
        }

        _hits.Mentions.Sort(static (a, b) => a.First != b.First ? a.First.CompareTo(b.First) : b.Last.CompareTo(a.Last));
        var kept = 0;
        var maxLast = -1;
        for (var i = 0; i < _hits.Mentions.Count; i++)
        {
            var m = _hits.Mentions[i];
            if (m.Last <= maxLast)
            {
                continue; // inside a longer name: "ترامب" in "دونالد ترامب"
            }

            maxLast = m.Last;
            // A place is only ever acted upon: "Israeli tanks shelled Rafah".
            var objectMarked = m.ObjectMarked || tokens[m.First].ObjectClitic
                || (m.First > 0 && tokens[m.First - 1].Clause == tokens[m.First].Clause
                    && (flags[m.First - 1] & TokenFlags.ObjectPreposition) != 0);
            _hits.Mentions[kept++] = m with { ObjectMarked = objectMarked };
        }

        _hits.Mentions.RemoveRange(kept, _hits.Mentions.Count - kept);
    }

    /// <summary>
    /// Drops the signals that overlap another sense of their words, lack a required topic or meet an excluded one,
    /// and returns how many it dropped.
    /// </summary>
    public int FilterBySenseAndContext(CompiledLexicon lexicon, ulong topicMask)
    {
        var dropped = 0;
        _hits.Senses.Sort();
        for (var i = 0; i < _hits.Candidates.Count; i++)
        {
            var entry = lexicon.Lexicon.Entries[_hits.EntryOf[i]];
            var c = _hits.Candidates[i];
            var excluded = (topicMask & entry.ExcludesMask) == 0 ? 0 : ExcludedOutside(c.First, c.Last, topicMask & entry.ExcludesMask);
            var ok = (entry.RequiresMask == 0 || (topicMask & entry.RequiresMask) != 0) && !OverlapsSense(c.First, c.Last)
                && !InsideName(c.First, c.Last);
            if (ok && excluded != 0 && c.Category == SignalCategory.Attack && (excluded & ~lexicon.Lexicon.ShowOfForceTopicMask) == 0)
            {
                // Fire into the sea or in a test hit nothing: a show of force (CAMEO 15), not an attack.
                c.Category = SignalCategory.MilitaryMobilization;
                _hits.Candidates[i] = c;
            }
            else if (excluded != 0)
            {
                ok = false;
            }

            if (!ok)
            {
                c.Dropped = true;
                _hits.Candidates[i] = c;
                dropped++;
            }
            else if (entry.RequiresMask != 0)
            {
                ExtendEvidenceToContext(ref c, entry.RequiresMask);
                _hits.Candidates[i] = c;
            }
        }

        return dropped;
    }

    /// <summary>
    /// The topics of <paramref name="excludes"/> that occur outside the signal's own words: a context word that
    /// stems onto part of the signal ("storm" in "stormed the", "price" in "pay the price") is not context.
    /// </summary>
    private ulong ExcludedOutside(int first, int last, ulong excludes)
    {
        // The actor and dyad topics are derived from the sentence's actors, not from words.
        var outside = excludes & ((1UL << LexiconFile.ActorTopic) | (1UL << LexiconFile.DyadTopic));
        foreach (var (topicFirst, topicLast, topic) in _hits.Topics)
        {
            if ((excludes & (1UL << topic)) != 0 && (topicFirst < first || topicLast > last) && !InsideName(topicFirst, topicLast))
            {
                outside |= 1UL << topic;
            }
        }

        return outside;
    }

    /// <summary>
    /// Whether the words lie inside an actor's name: the name's words are neither a signal nor context ("Popular
    /// Mobilisation Forces" mobilise nothing, the Arab League is no sports league).
    /// </summary>
    private bool InsideName(int first, int last)
    {
        foreach (var m in _hits.Mentions)
        {
            if (m.First <= first && last <= m.Last)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a phrase of another sense overlaps the signal and is not a shorter part of it: the longer reading wins
    /// ("briefed on strike options" holds the labour sense's "on strike", and is still a strike option).
    /// </summary>
    private bool OverlapsSense(int first, int last)
    {
        // Senses are few per sentence; a binary search keeps hostile sentences linear-logarithmic.
        var lo = 0;
        var hi = _hits.Senses.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var s = _hits.Senses[mid];
            if (s.Last < first)
            {
                lo = mid + 1;
            }
            else if (s.First > last)
            {
                hi = mid - 1;
            }
            else if (Silences(s, first, last))
            {
                return true;
            }
            else
            {
                lo = mid;
                break;
            }
        }

        // Senses sorted by First may still overlap out of order when long and short senses interleave.
        for (var k = Math.Max(0, lo - 4); k < Math.Min(_hits.Senses.Count, lo + 4); k++)
        {
            if (Silences(_hits.Senses[k], first, last))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Silences((int First, int Last) sense, int first, int last) =>
        sense.First <= last && sense.Last >= first
        && !(sense.First >= first && sense.Last <= last && sense.Last - sense.First < last - first);

    /// <summary>Widens the evidence to the nearest required context word in the same clause, when it is close.</summary>
    private void ExtendEvidenceToContext(ref SignalCandidate c, ulong requires)
    {
        const int reach = 4;
        var best = -1;
        var bestDistance = int.MaxValue;
        var start = _hits.FirstTopicFrom(c.First - reach);
        for (var k = start; k < _hits.Topics.Count && _hits.Topics[k].First <= c.Last + reach; k++)
        {
            var t = _hits.Topics[k];
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
            c.EvidenceFirst = Math.Min(c.EvidenceFirst, _hits.Topics[best].First);
            c.EvidenceLast = Math.Max(c.EvidenceLast, _hits.Topics[best].Last);
        }
    }

    /// <summary>
    /// Drops signals inside a longer signal ("ضربة" inside "توجيه ضربة", "attack" inside "missile attack") and merges
    /// overlapping signals of one category into one ("أطلع على خيارات" + "خيارات الهجوم").
    /// </summary>
    public void KeepLongestSignals()
    {
        _hits.Candidates.RemoveAll(static c => c.Dropped);
        _hits.Candidates.Sort(static (a, b) => a.First != b.First ? a.First.CompareTo(b.First)
            : a.Last != b.Last ? b.Last.CompareTo(a.Last) : b.Confidence.CompareTo(a.Confidence));
        var maxLast = -1;
        var lastKept = -1;
        for (var i = 0; i < _hits.Candidates.Count; i++)
        {
            var c = _hits.Candidates[i];
            if (c.Last <= maxLast)
            {
                c.Dropped = true;
                _hits.Candidates[i] = c;
                continue;
            }

            if (lastKept >= 0 && c.Category == _hits.Candidates[lastKept].Category
                && (c.First <= _hits.Candidates[lastKept].Last || c.EvidenceFirst <= _hits.Candidates[lastKept].EvidenceLast)
                && !ConditionBetween(_hits.Candidates[lastKept].Last, c.First))
            {
                var kept = _hits.Candidates[lastKept];
                kept.Last = c.Last;
                kept.EvidenceFirst = Math.Min(kept.EvidenceFirst, c.EvidenceFirst);
                kept.EvidenceLast = Math.Max(kept.EvidenceLast, c.EvidenceLast);
                kept.Confidence = Math.Max(kept.Confidence, c.Confidence);
                _hits.Candidates[lastKept] = kept;
                c.Dropped = true;
                _hits.Candidates[i] = c;
                maxLast = c.Last;
                continue;
            }

            maxLast = c.Last;
            lastKept = i;
        }

        _hits.Candidates.RemoveAll(static c => c.Dropped);
    }

    /// <summary>An "if" between two signals of one kind keeps them apart: the act threatened and the act it answers.</summary>
    private bool ConditionBetween(int after, int before)
    {
        foreach (var cue in _hits.Cues)
        {
            if (cue.Kind == CueKind.Conditional && cue.First > after && cue.Last < before)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A cue inside a longer phrase is part of that phrase, not a cue: "لم" in "لم يتخذ قرارا نهائيا",
    /// "لن" in "لن نتردد", "no" in "no intention of".
    /// </summary>
    public void FilterContainedCues()
    {
        if (_hits.Cues.Count == 0)
        {
            return;
        }

        _spans.Clear();
        foreach (var c in _hits.Candidates)
        {
            _spans.Add((c.First, c.Last, 0));
        }

        foreach (var s in _hits.Senses)
        {
            _spans.Add((s.First, s.Last, 0));
        }

        for (var i = 0; i < _hits.Cues.Count; i++)
        {
            _spans.Add((_hits.Cues[i].First, _hits.Cues[i].Last, i + 1));
        }

        _spans.Sort(static (a, b) => a.First != b.First ? a.First.CompareTo(b.First) : b.Last.CompareTo(a.Last));
        var contained = SentenceHits.ClearedFlags(ref _containedCue, _hits.Cues.Count);
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
        for (var i = 0; i < _hits.Cues.Count; i++)
        {
            // Options and undecided phrases keep their meaning inside a longer phrase ("الخيارات المعروضة"):
            // they only ever turn attacks into strike options.
            if (!contained[i] || _hits.Cues[i].Kind is CueKind.Option or CueKind.Undecided)
            {
                _hits.Cues[kept++] = _hits.Cues[i];
            }
        }

        _hits.Cues.RemoveRange(kept, _hits.Cues.Count - kept);
        _hits.Cues.Sort(static (a, b) => a.First.CompareTo(b.First));
    }
}
