using EscalationRisk.Scoring.Matching;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring;

/// <summary>Finds the lexicon's phrases and the gazetteer's actors in an analysed text.</summary>
internal static class HitFinder
{
    /// <summary>
    /// Runs the phrase and actor matchers over the analysed text and sorts the hits; returns the matcher steps. In Arabic,
    /// where the verb comes before its subject ("حذرت تركيا من رد", "قطعت مصر علاقاتها"), the signal phrases are matched
    /// a second time with the named actors' tokens left out, and a phrase found only that way is kept with the actor
    /// inside its span.
    /// </summary>
    public static long Find(CompiledLexicon lexicon, Workspace workspace, bool acrossActors)
    {
        var count = workspace.Tokens.Count;
        var resets = workspace.ResetBefore.AsSpan(0, count);
        var hits = workspace.Hits;
        var steps = lexicon.Matcher.FindAll(workspace.Terms.AsSpan(0, count), resets, hits, phraseOffset: 0);
        var signalHits = hits.Count;
        steps += lexicon.ActorMatcher.FindAll(workspace.ActorTerms.AsSpan(0, count), resets, hits, phraseOffset: lexicon.Matcher.PhraseCount);
        if (acrossActors && hits.Count > signalHits)
        {
            steps += FindAcrossActors(lexicon, workspace, signalHits);
        }

        hits.Sort(static (a, b) => a.First != b.First ? a.First.CompareTo(b.First) : b.Last.CompareTo(a.Last));
        return steps;
    }

    private static long FindAcrossActors(CompiledLexicon lexicon, Workspace workspace, int signalHits)
    {
        var count = workspace.Tokens.Count;
        var hits = workspace.Hits;
        Span<bool> actor = count <= 1024 ? stackalloc bool[count] : new bool[count];
        for (var k = signalHits; k < hits.Count; k++)
        {
            actor[hits[k].First..(hits[k].Last + 1)].Fill(true);
        }

        var (terms, map, resets) = (workspace.GapTerms, workspace.GapMap, workspace.GapResets);
        var n = 0;
        var pendingReset = false;
        for (var i = 0; i < count; i++)
        {
            if (actor[i])
            {
                pendingReset |= workspace.ResetBefore[i];
                continue;
            }

            terms[n] = workspace.Terms[i];
            resets[n] = workspace.ResetBefore[i] || pendingReset;
            map[n++] = i;
            pendingReset = false;
        }

        var gapHits = workspace.GapHits;
        gapHits.Clear();
        var steps = lexicon.Matcher.FindAll(terms.AsSpan(0, n), resets.AsSpan(0, n), gapHits, phraseOffset: 0);
        foreach (var g in gapHits)
        {
            var (first, last) = (map[g.First], map[g.Last]);
            if (last - first != g.Last - g.First)
            {
                hits.Add(new PhraseHit(first, last, g.Phrase)); // spans an actor: found only this way
            }
        }

        return steps;
    }
}
