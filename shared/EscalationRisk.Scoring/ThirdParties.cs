using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Matching;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring;

/// <summary>
/// Finds the third party of a sentence (broker, host, mediator, caller or commentator) and the parties it stands
/// between; remembers the last pair of parties an article named, for "both sides" in a later sentence.
/// </summary>
internal sealed partial class ThirdParties(SentenceHits hits)
{
    private readonly SentenceHits _hits = hits;

    /// <summary>The last pair of parties the article named, for "both sides" in a later sentence.</summary>
    private (int A, int B) _previousParties = (-1, -1);

    /// <summary>Forgets the article that went before: call at the start of every article.</summary>
    public void BeginArticle() => _previousParties = (-1, -1);

    /// <summary>
    /// Third parties and the parties they stand between. A mediation or call for calm is credited to the parties it is
    /// about, not to its mediator or caller: "between X and Y", the actors called on, or "both sides" read back to the
    /// sentence's other actors or the last pair the article named. Hosts ("Oman hosted talks between ...", "استضافت
    /// الدوحة") and brokers ("brokered by Qatar", "بوساطة قطرية") of a dialogue or ceasefire are third parties too, and
    /// so is who condemns or welcomes what others did. No third party is left as the source or target of a signal.
    /// Then the objects of threats are read and armed groups preferred to their ground (<see cref="ActorLinks"/>), and
    /// the sentence's parties remembered.
    /// </summary>
    public void Assign(CompiledLexicon lexicon, ReadOnlySpan<Token> tokens)
    {
        if (_hits.Mentions.Count == 0)
        {
            return;
        }

        var roles = lexicon.Lexicon.Roles;
        int between = -1, host = -1, broker = -1, comment = -1;
        var bothSides = false;
        foreach (var (first, last, topic) in _hits.Topics)
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
        for (var i = 0; i < _hits.Candidates.Count; i++)
        {
            var c = _hits.Candidates[i];
            if (!c.Dropped && c.Source >= 0 && c.Category is SignalCategory.Mediation or SignalCategory.CallForCalm
                && (firstCall < 0 || c.First < _hits.Candidates[firstCall].First))
            {
                firstCall = i;
            }
        }

        var hasTalks = _hits.Candidates.Exists(static c => !c.Dropped && c.Category is SignalCategory.Dialogue or SignalCategory.Ceasefire or SignalCategory.Mediation);
        if (broker >= 0 && hasTalks && ActorNear(tokens, broker + 1, before: false, reach: 3) is >= 0 and var brokerActor)
        {
            (third, role) = (brokerActor, ThirdPartyRole.Mediator);
        }
        else if (host >= 0 && hasTalks && SubjectOf(tokens, host) is >= 0 and var hostActor)
        {
            (third, role) = (hostActor, ThirdPartyRole.Host);
        }
        else if (firstCall >= 0 && _hits.Candidates[firstCall].Category == SignalCategory.Mediation
                 && AdjacentActor(_hits.Candidates[firstCall]) is >= 0 and var named)
        {
            (third, role) = (named, ThirdPartyRole.Mediator); // "Qatari mediators", "الوسيط العماني"
        }
        else if (firstCall >= 0)
        {
            // The caller or mediator is the subject: the first actor of the signal's clause named before it and not marked
            // as an object ("The GCC urged Iran and the United States"; verb first in Arabic, "دعت إيران كلاً من
            // أذربيجان وأرمينيا إلى ضبط النفس", whose signal words come after the parties).
            var call = _hits.Candidates[firstCall];
            var subject = call.Source;
            foreach (var m in _hits.Mentions)
            {
                if (!m.ObjectMarked && m.First < call.First && tokens[m.First].Clause == call.Clause)
                {
                    subject = m.Actor;
                    break;
                }
            }

            (third, role) = (subject, call.Category == SignalCategory.Mediation ? ThirdPartyRole.Mediator : ThirdPartyRole.Caller);
        }
        else if (comment >= 0 && CommentatorOf(tokens, comment) is >= 0 and var commentator)
        {
            (third, role) = (commentator, ThirdPartyRole.Commentator);
        }
        else if (between >= 0 && _hits.Candidates.Exists(static c => !c.Dropped && Taxonomy.Of(c.Category).Polarity == Polarity.Deescalation)
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

        for (var i = 0; i < _hits.Candidates.Count; i++)
        {
            var c = _hits.Candidates[i];
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

            _hits.Candidates[i] = c;
        }

        ActorLinks.ReadObjectsOfThreats(_hits);
        ActorLinks.PreferGroupsToTheirGround(_hits, lexicon);
        foreach (var c in _hits.Candidates)
        {
            if (!c.Dropped && c.Source >= 0 && c.Target >= 0 && c.Source != c.Target)
            {
                _previousParties = (c.Source, c.Target);
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
        foreach (var m in _hits.Mentions)
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
        foreach (var m in _hits.Mentions)
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
        var after = _hits.FirstMentionAfter(c.Last);
        if (after < _hits.Mentions.Count && _hits.Mentions[after].First == c.Last + 1)
        {
            return _hits.Mentions[after].Actor;
        }

        return after > 0 && _hits.Mentions[after - 1].Last == c.First - 1 ? _hits.Mentions[after - 1].Actor : -1;
    }

    /// <summary>The first two distinct actors named within <paramref name="reach"/> tokens after <paramref name="token"/>.</summary>
    private (int A, int B) TwoActorsAfter(int token, int reach)
    {
        var a = -1;
        for (var k = _hits.FirstMentionAfter(token); k < _hits.Mentions.Count && _hits.Mentions[k].First <= token + reach; k++)
        {
            var actor = _hits.Mentions[k].Actor;
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
        foreach (var m in _hits.Mentions)
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
        for (var k = 0; k < _hits.Mentions.Count; k++)
        {
            if (_hits.Mentions[k].Actor != actor)
            {
                continue;
            }

            if (k + 1 < _hits.Mentions.Count && Joined(tokens, _hits.Mentions[k], _hits.Mentions[k + 1], conjunction))
            {
                return _hits.Mentions[k + 1].Actor;
            }

            return k > 0 && Joined(tokens, _hits.Mentions[k - 1], _hits.Mentions[k], conjunction) ? _hits.Mentions[k - 1].Actor : -1;
        }

        return -1;
    }

    private bool Joined(ReadOnlySpan<Token> tokens, ActorMention left, ActorMention right, int conjunction) =>
        left.Actor != right.Actor && !right.ObjectMarked && !left.ObjectMarked
        && ((right.First - left.Last == 2 && HasTopicAt(conjunction, left.Last + 1))
            || (right.First == left.Last + 1 && tokens[right.First].Conjoined));

    private bool HasTopicAt(int topic, int token)
    {
        foreach (var t in _hits.Topics)
        {
            if (t.Topic == topic && t.First == token)
            {
                return true;
            }
        }

        return false;
    }
}
