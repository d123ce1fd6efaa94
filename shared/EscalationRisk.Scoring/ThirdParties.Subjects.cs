using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring;

/// <summary>Who does a verb of hosting or comment: the subject named before it, or after it (Arabic verb first).</summary>
internal sealed partial class ThirdParties
{
    /// <summary>
    /// Who does the verb at <paramref name="token"/>: the nearest actor named before it in its clause ("Oman hosted"),
    /// else the actor right after it (Arabic verb-first: "استضافت الدوحة").
    /// </summary>
    private int SubjectOf(ReadOnlySpan<Token> tokens, int token)
    {
        var before = ActorNear(tokens, token - 1, before: true, reach: 6);
        return before >= 0 ? before : ActorNear(tokens, token + 1, before: false, reach: 2);
    }

    /// <summary>
    /// Who condemns, welcomes or voices concern at <paramref name="token"/>: the subject as <see cref="SubjectOf"/> finds it,
    /// else, verb first, the first actor up to <see cref="CommentSubjectReach"/> words after the verb in its clause, not
    /// marked as an object and named before any signal ("أعرب مكتب تنسيق الشؤون الإنسانية التابع للأمم المتحدة عن قلقه
    /// إزاء الضربات الروسية": the UN; but in "أدان البيان الهجوم الإسرائيلي" the attack comes first, so Israel stays a party).
    /// </summary>
    private int CommentatorOf(ReadOnlySpan<Token> tokens, int token)
    {
        if (SubjectOf(tokens, token) is >= 0 and var subject)
        {
            return subject;
        }

        var after = _hits.FirstMentionAfter(token);
        if (after >= _hits.Mentions.Count)
        {
            return -1;
        }

        var m = _hits.Mentions[after];
        if (m.ObjectMarked || m.First - token > CommentSubjectReach || tokens[m.First].Clause != tokens[token].Clause)
        {
            return -1;
        }

        foreach (var c in _hits.Candidates)
        {
            if (!c.Dropped && c.First > token && c.First < m.First)
            {
                return -1;
            }
        }

        return m.Actor;
    }

    /// <summary>How many words after a verb of comment its subject may be named (Arabic titles: "الأمين العام لجامعة الدول العربية").</summary>
    public const int CommentSubjectReach = 8;

    /// <summary>An actor named within <paramref name="reach"/> tokens of <paramref name="token"/>, in its clause, in one direction.</summary>
    private int ActorNear(ReadOnlySpan<Token> tokens, int token, bool before, int reach)
    {
        if (token < 0 || token >= tokens.Length)
        {
            return -1;
        }

        if (before)
        {
            for (var k = _hits.FirstMentionAfter(token) - 1; k >= 0 && token - _hits.Mentions[k].Last < reach; k--)
            {
                if (tokens[_hits.Mentions[k].Last].Clause == tokens[token].Clause)
                {
                    return _hits.Mentions[k].Actor;
                }
            }

            return -1;
        }

        var after = _hits.FirstMentionAfter(token - 1);
        return after < _hits.Mentions.Count && _hits.Mentions[after].First - token < reach ? _hits.Mentions[after].Actor : -1;
    }
}
