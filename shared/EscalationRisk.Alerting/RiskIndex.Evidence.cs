using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>Evidence: the contributions that keep their scored article, and the articles that weigh most in a scope.</summary>
public sealed partial class RiskIndex
{
    /// <summary>The articles that weigh most in a scope now: decayed pressure contributions, largest first.</summary>
    public IReadOnlyList<ArticleScored> TopArticles(AlertScope scope, DateTimeOffset at, int count)
    {
        if (!scopes.TryGetValue(scope, out var state))
        {
            return [];
        }

        return state.Evidence
            .OrderByDescending(c => Decay(c.Pressure, at - c.At))
            .ThenBy(c => c.At)
            .ThenBy(c => c.Article!.ArticleId, StringComparer.Ordinal)
            .Take(count)
            .Select(c => c.Article!)
            .ToList();
    }

    /// <summary>
    /// Lets <paramref name="contribution"/> keep its article when it is among the <see cref="EvidenceHeld"/> that
    /// weigh most in the scope; the one it displaces lets its article go.
    /// </summary>
    private void HoldEvidence(ScopeState state, Contribution contribution, ArticleScored article)
    {
        if (contribution.Pressure <= 0)
        {
            return;
        }

        if (state.Evidence.Count < EvidenceHeld)
        {
            contribution.Article = article;
            state.Evidence.Add(contribution);
            return;
        }

        // The weakest by weight, then the oldest, then the id: the same choice whatever the list's order (a restored
        // index holds them in another order than the one that wrote the snapshot).
        var weakest = 0;
        for (var i = 1; i < state.Evidence.Count; i++)
        {
            if (Weaker(state.Evidence[i], state.Evidence[weakest]))
            {
                weakest = i;
            }
        }

        if (EvidenceKey(contribution) > EvidenceKey(state.Evidence[weakest]))
        {
            state.Evidence[weakest].Article = null;
            contribution.Article = article;
            state.Evidence[weakest] = contribution;
        }
    }

    private bool Weaker(Contribution a, Contribution b)
    {
        var (ka, kb) = (EvidenceKey(a), EvidenceKey(b));
        return ka != kb ? ka < kb : a.At != b.At ? a.At < b.At : string.CompareOrdinal(a.Article!.ArticleId, b.Article!.ArticleId) < 0;
    }

    /// <summary>The logarithm of a contribution's decayed pressure, up to a constant the same for all at any time.</summary>
    private double EvidenceKey(Contribution c) => Math.Log(c.Pressure) + (c.At.UtcTicks / TimeSpan.TicksPerSecond / halfLifeSeconds * Math.Log(2));
}
