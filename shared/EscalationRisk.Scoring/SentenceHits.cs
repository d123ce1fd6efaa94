using EscalationRisk.Scoring.Lexicon;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring;

/// <summary>
/// What the lexicon found in one sentence, as <see cref="SentenceRules"/> and its stages work on it: the signal
/// candidates, cues, other word senses, topic words and actor mentions. Token indices are into the article's tokens.
/// </summary>
internal sealed class SentenceHits
{
    /// <summary>The signals found so far; a stage drops one by setting <see cref="SignalCandidate.Dropped"/>.</summary>
    public List<SignalCandidate> Candidates { get; } = [];

    /// <summary>The lexicon entry of each candidate as first collected, until the filters reorder them.</summary>
    public List<int> EntryOf { get; } = [];

    /// <summary>Cue words: negations, conditionals, ruling-out, deferral, denial, option and undecided words.</summary>
    public List<(int First, int Last, CueKind Kind)> Cues { get; } = [];

    /// <summary>Phrases giving signal words another sense; a signal overlapping one is dropped.</summary>
    public List<(int First, int Last)> Senses { get; } = [];

    /// <summary>Topic words in the order of their hits.</summary>
    public List<(int First, int Last, int Topic)> Topics { get; } = [];

    /// <summary>Actor mentions; ordered by their first token once the longest are kept.</summary>
    public List<ActorMention> Mentions { get; } = [];

    /// <summary>
    /// <paramref name="buffer"/> with its first <paramref name="count"/> flags cleared, grown when too short: a stage's
    /// per-cue flags reuse one array per thread instead of allocating one per sentence. Read only the first
    /// <paramref name="count"/>.
    /// </summary>
    public static bool[] ClearedFlags(ref bool[] buffer, int count)
    {
        if (buffer.Length < count)
        {
            buffer = new bool[Math.Max(count, buffer.Length * 2)];
        }
        else
        {
            Array.Clear(buffer, 0, count);
        }

        return buffer;
    }

    /// <summary>Empties every list for the next sentence.</summary>
    public void Clear()
    {
        Candidates.Clear();
        EntryOf.Clear();
        Cues.Clear();
        Senses.Clear();
        Topics.Clear();
        Mentions.Clear();
    }

    /// <summary>The index of the first topic word starting at or after token <paramref name="first"/>.</summary>
    public int FirstTopicFrom(int first)
    {
        var lo = 0;
        var hi = Topics.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Topics[mid].First < first)
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
    /// The index in <see cref="Topics"/> of the first topic word of <paramref name="mask"/> that ends before token
    /// <paramref name="first"/>, at most <paramref name="window"/> words before it, in its clause; -1 when there is none.
    /// </summary>
    public int TopicEndingBefore(ReadOnlySpan<Token> tokens, ulong mask, int first, int window)
    {
        for (var k = FirstTopicFrom(first - window - 4); k < Topics.Count && Topics[k].First < first; k++)
        {
            var t = Topics[k];
            if ((mask & (1UL << t.Topic)) != 0 && t.Last < first && first - t.Last <= window && tokens[t.First].Clause == tokens[first].Clause)
            {
                return k;
            }
        }

        return -1;
    }

    /// <summary>Whether a topic word of <paramref name="mask"/> starts at a token in [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public bool AnyTopicIn(ulong mask, int from, int to)
    {
        for (var k = FirstTopicFrom(from); k < Topics.Count && Topics[k].First <= to; k++)
        {
            if ((mask & (1UL << Topics[k].Topic)) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The index of the first mention starting after token <paramref name="last"/>.</summary>
    public int FirstMentionAfter(int last)
    {
        var lo = 0;
        var hi = Mentions.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Mentions[mid].First <= last)
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
