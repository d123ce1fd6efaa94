using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>Evidence: the contributions that keep their scored article, and the articles that weigh most in a scope.</summary>
public sealed partial class RiskIndex
{
    /// <summary>The articles that weigh most in a scope now: decayed pressure contributions, largest first.</summary>
    public IReadOnlyList<ArticleScored> TopArticles(AlertScope scope, DateTimeOffset at, int count)
    {
        if (!_scopes.TryGetValue(scope, out var state))
        {
            return [];
        }

        return state.Evidence
            .OrderByDescending(h => Decay(h.Contribution.Pressure, at - h.Contribution.At))
            .ThenBy(h => h.Contribution.At)
            .ThenBy(h => h.Article.ArticleId, StringComparer.Ordinal)
            .Take(count)
            .Select(h => h.Article)
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

        var held = new Held(contribution, article);
        if (state.Evidence.Count < EvidenceHeld)
        {
            state.Evidence.Add(held);
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

        if (EvidenceKey(contribution) > EvidenceKey(state.Evidence[weakest].Contribution))
        {
            state.Evidence[weakest] = held;
        }
    }

    private bool Weaker(Held a, Held b)
    {
        var (ka, kb) = (EvidenceKey(a.Contribution), EvidenceKey(b.Contribution));
        return ka != kb ? ka < kb
            : a.Contribution.At != b.Contribution.At ? a.Contribution.At < b.Contribution.At
            : string.CompareOrdinal(a.Article.ArticleId, b.Article.ArticleId) < 0;
    }

    /// <summary>The logarithm of a contribution's decayed pressure, up to a constant the same for all at any time.</summary>
    private double EvidenceKey(Contribution c) => Math.Log(c.Pressure) + (c.At.UtcTicks / TimeSpan.TicksPerSecond / _halfLifeSeconds * Math.Log(2));
}
