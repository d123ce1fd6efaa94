using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Matching;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring;

/// <summary>
/// Links a sentence's signals to the actors it names: the source and target read from the clause structure, the
/// object of a threat, and an armed group preferred to the ground it was hit on. <see cref="ThirdParties"/> finds the
/// mediators, callers, hosts and commentators.
/// </summary>
internal static class ActorLinks
{
    /// <summary>How many mentions a source/target search looks at in each direction.</summary>
    private const int ActorSearchLimit = 32;

    /// <summary>
    /// Source: the nearest actor named before the signal in its clause and not marked as an object, else the first
    /// such actor of the sentence (its subject), else the first after the signal (Arabic puts the verb first).
    /// Target: the first actor after the signal marked as an object (على، ضد، لـ, against, on), else the next other
    /// actor after it.
    /// </summary>
    public static void Link(SentenceHits hits, ReadOnlySpan<Token> tokens)
    {
        if (hits.Mentions.Count == 0)
        {
            return;
        }

        for (var i = 0; i < hits.Candidates.Count; i++)
        {
            var c = hits.Candidates[i];
            if (c.Dropped)
            {
                continue;
            }

            var after = hits.FirstMentionAfter(c.Last);
            var source = -1;
            // A phrase matched across its subject ("شنت إسرائيل غارات") holds the actor acting.
            for (var k = after - 1; k >= 0 && after - k <= ActorSearchLimit && hits.Mentions[k].Last >= c.First; k--)
            {
                if (!hits.Mentions[k].ObjectMarked && hits.Mentions[k].First >= c.First)
                {
                    source = hits.Mentions[k].Actor;
                }
            }

            for (var k = after - 1; source < 0 && k >= 0 && after - k <= ActorSearchLimit; k--)
            {
                var m = hits.Mentions[k];
                if (!m.ObjectMarked && m.Last < c.First && tokens[m.First].Clause == c.Clause)
                {
                    source = m.Actor;
                    break;
                }
            }

            for (var k = 0; source < 0 && k < after && k < ActorSearchLimit; k++)
            {
                if (!hits.Mentions[k].ObjectMarked && hits.Mentions[k].Last < c.First)
                {
                    source = hits.Mentions[k].Actor;
                }
            }

            var sourceMention = -1;
            for (var k = after; source < 0 && k < hits.Mentions.Count && k - after < ActorSearchLimit; k++)
            {
                if (!hits.Mentions[k].ObjectMarked)
                {
                    source = hits.Mentions[k].Actor;
                    sourceMention = k;
                }
            }

            var target = -1;
            for (var k = after; k < hits.Mentions.Count && k - after < ActorSearchLimit && target < 0; k++)
            {
                if (hits.Mentions[k].ObjectMarked && hits.Mentions[k].Actor != source)
                {
                    target = hits.Mentions[k].Actor;
                }
            }

            for (var k = after; k < hits.Mentions.Count && k - after < ActorSearchLimit && target < 0; k++)
            {
                if (k != sourceMention && hits.Mentions[k].Actor != source)
                {
                    target = hits.Mentions[k].Actor;
                }
            }

            c.Source = source;
            c.Target = target;
            hits.Candidates[i] = c;
        }
    }

    /// <summary>
    /// "US strikes on Houthi positions in Hodeidah": where the target is a state named only through a place and the
    /// sentence names an armed group other than the source, the group is the target, the place only where it was hit.
    /// </summary>
    public static void PreferGroupsToTheirGround(SentenceHits hits, CompiledLexicon lexicon)
    {
        var group = -1;
        foreach (var m in hits.Mentions)
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

        for (var i = 0; i < hits.Candidates.Count; i++)
        {
            var c = hits.Candidates[i];
            if (c.Dropped || c.Target < 0 || c.Source == group || c.ThirdParty >= 0 || !OnlyAsPlace(hits, c.Target))
            {
                continue;
            }

            c.Target = group;
            hits.Candidates[i] = c;
        }
    }

    private static bool OnlyAsPlace(SentenceHits hits, int actor)
    {
        var seen = false;
        foreach (var m in hits.Mentions)
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
    public static void ReadObjectsOfThreats(SentenceHits hits)
    {
        for (var i = 0; i < hits.Candidates.Count; i++)
        {
            var d = hits.Candidates[i];
            if (d.Dropped || d.Category != SignalCategory.ThreatToRespond)
            {
                continue;
            }

            var next = hits.FirstMentionAfter(d.Last);
            var threatObject = next < hits.Mentions.Count && hits.Mentions[next].First == d.Last + 1 ? hits.Mentions[next] : default(ActorMention?);
            for (var j = 0; j < hits.Candidates.Count; j++)
            {
                var c = hits.Candidates[j];
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

                hits.Candidates[j] = c;
            }
        }
    }
}
