namespace EscalationRisk.Scoring.Matching;

/// <summary>
/// Aho–Corasick automaton over term ids: every phrase of the lexicon and gazetteer is found in one left-to-right
/// pass whose cost depends on the number of tokens (and hits), not on the number of phrases. Immutable once built,
/// so one instance serves every thread.
/// </summary>
internal sealed class PhraseMatcher
{
    private readonly int[] _childStart; // per state: its first child below; one more entry closes the last state
    private readonly int[] _childTerm;  // each state's children's terms, ascending
    private readonly int[] _child;      // and their states
    private readonly int[] _rootNext;
    private readonly int[] _fail;
    private readonly int[] _outputLink;
    private readonly int[] _phraseAt;
    private readonly int[] _phraseLengths;

    private PhraseMatcher(Dictionary<long, int> next, int[] rootNext, int[] fail, int[] outputLink, int[] phraseAt, int[] phraseLengths)
    {
        // The transitions as arrays: a state's children side by side, sorted by term (a dictionary lookup per token was
        // most of the matcher's time; a state has a few children, found by a short scan).
        var transitions = next.Select(e => (State: (int)(e.Key >> 32), Term: (int)(e.Key & 0xFFFFFFFF), Child: e.Value))
            .OrderBy(e => e.State).ThenBy(e => e.Term).ToArray();
        _childStart = new int[phraseAt.Length + 1];
        foreach (var t in transitions)
        {
            _childStart[t.State + 1]++;
        }

        for (var state = 0; state < phraseAt.Length; state++)
        {
            _childStart[state + 1] += _childStart[state];
        }

        _childTerm = [.. transitions.Select(t => t.Term)];
        _child = [.. transitions.Select(t => t.Child)];
        _rootNext = rootNext;
        _fail = fail;
        _outputLink = outputLink;
        _phraseAt = phraseAt;
        _phraseLengths = phraseLengths;
    }

    public int PhraseCount => _phraseLengths.Length;

    /// <summary>Builds the automaton. Phrase i is <paramref name="phrases"/>[i]; duplicates must be merged by the caller.</summary>
    public static PhraseMatcher Build(IReadOnlyList<int[]> phrases, int termCount)
    {
        var next = new Dictionary<long, int>();
        var phraseAtState = new List<int> { -1 };
        var depth = new List<int> { 0 };
        for (var p = 0; p < phrases.Count; p++)
        {
            var state = 0;
            foreach (var term in phrases[p])
            {
                if (!next.TryGetValue(Key(state, term), out var child))
                {
                    child = phraseAtState.Count;
                    phraseAtState.Add(-1);
                    depth.Add(depth[state] + 1);
                    next[Key(state, term)] = child;
                }

                state = child;
            }

            if (phraseAtState[state] >= 0)
            {
                throw new ArgumentException($"Phrase {p} repeats phrase {phraseAtState[state]}.", nameof(phrases));
            }

            phraseAtState[state] = p;
        }

        var stateCount = phraseAtState.Count;
        var rootNext = new int[termCount];
        var fail = new int[stateCount];
        var outputLink = new int[stateCount];
        Array.Fill(outputLink, -1);

        // Children of each state, for the breadth-first pass.
        var children = new List<(int Term, int Child)>[stateCount];
        foreach (var (key, child) in next)
        {
            var parent = (int)(key >> 32);
            (children[parent] ??= []).Add(((int)(key & 0xFFFFFFFF), child));
            if (parent == 0)
            {
                rootNext[(int)(key & 0xFFFFFFFF)] = child;
            }
        }

        var queue = new Queue<int>();
        foreach (var (_, child) in children[0] ?? [])
        {
            fail[child] = 0;
            queue.Enqueue(child);
        }

        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            foreach (var (term, child) in children[state] ?? [])
            {
                var f = fail[state];
                int target;
                while (true)
                {
                    if (next.TryGetValue(Key(f, term), out target))
                    {
                        break;
                    }

                    if (f == 0)
                    {
                        target = 0;
                        break;
                    }

                    f = fail[f];
                }

                fail[child] = target == child ? 0 : target;
                outputLink[child] = phraseAtState[fail[child]] >= 0 ? fail[child] : outputLink[fail[child]];
                queue.Enqueue(child);
            }
        }

        var lengths = phrases.Select(p => p.Length).ToArray();
        return new PhraseMatcher(next, rootNext, fail, outputLink, [.. phraseAtState], lengths);
    }

    /// <summary>
    /// Finds every phrase in <paramref name="terms"/>. A term id of -1 matches nothing; <paramref name="resetBefore"/>
    /// says where a phrase may not continue across (a clause break); hits get <paramref name="phraseOffset"/> added to
    /// their phrase id, so two automata can share one hit list. Returns the number of automaton steps taken,
    /// which is at most twice the number of tokens plus the number of hits.
    /// </summary>
    public long FindAll(ReadOnlySpan<int> terms, ReadOnlySpan<bool> resetBefore, List<PhraseHit> hits, int phraseOffset = 0)
    {
        long steps = 0;
        var state = 0;
        for (var i = 0; i < terms.Length; i++)
        {
            var term = terms[i];
            if (term < 0 || resetBefore[i])
            {
                state = 0;
                if (term < 0)
                {
                    steps++;
                    continue;
                }
            }

            while (true)
            {
                steps++;
                if (state == 0)
                {
                    state = _rootNext[term];
                    break;
                }

                if (Child(state, term) is var child and >= 0)
                {
                    state = child;
                    break;
                }

                state = _fail[state];
            }

            for (var s = _phraseAt[state] >= 0 ? state : _outputLink[state]; s > 0; s = _outputLink[s])
            {
                steps++;
                var phrase = _phraseAt[s];
                hits.Add(new PhraseHit(i - _phraseLengths[phrase] + 1, i, phrase + phraseOffset));
            }
        }

        return steps;
    }

    /// <summary>The child of <paramref name="state"/> (not the root) along <paramref name="term"/>, or -1.</summary>
    private int Child(int state, int term)
    {
        var (lo, hi) = (_childStart[state], _childStart[state + 1]);
        var end = hi;
        while (hi - lo > 8)
        {
            // Many children (the root's are in an array of their own): halve down to a few; the first child with a
            // term at least this one stays in [lo, hi].
            var mid = (lo + hi) >>> 1;
            if (_childTerm[mid] < term)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        for (var i = lo; i < end; i++)
        {
            if (_childTerm[i] >= term)
            {
                return _childTerm[i] == term ? _child[i] : -1;
            }
        }

        return -1;
    }

    private static long Key(int state, int term) => ((long)state << 32) | (uint)term;
}
