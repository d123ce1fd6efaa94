namespace EscalationRisk.Alerting;

/// <summary>The index as data: export, and import with the migration of earlier snapshots.</summary>
public sealed partial class RiskIndex
{
    /// <summary>The index as data.</summary>
    public IndexSnapshot Export() => new(
        TimeSpan.FromSeconds(_halfLifeSeconds),
        _memory,
        _scopes.OrderBy(kv => kv.Key.Kind).ThenBy(kv => kv.Key.Key, StringComparer.Ordinal).Select(kv => new ScopeSnapshot(
            kv.Key, kv.Value.UpdatedAt,
            kv.Value.Stories.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new SeenId(s.Key, s.Value)).ToList(),
            kv.Value.Recent.Select(c => new ContributionSnapshot(c.At, c.Pressure, c.Effort)).ToList(),
            kv.Value.Pressure, kv.Value.Effort, FirstSeen: kv.Value.FirstSeen, HourlyFrom: kv.Value.HourlyFrom, Hourly: [.. kv.Value.Hourly],
            Evidence: kv.Value.Evidence.Count == 0 ? null : kv.Value.Evidence
                .OrderBy(h => h.Contribution.At).ThenBy(h => h.Article.ArticleId, StringComparer.Ordinal)
                .Select(h => new ContributionSnapshot(h.Contribution.At, h.Contribution.Pressure, h.Contribution.Effort, h.Article)).ToList())).ToList(),
        _articles.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new SeenId(a.Key, a.Value)).ToList(),
        Since);

    /// <summary>
    /// An index restored from <see cref="Export"/>. A snapshot of the previous release (one signed sum per scope)
    /// is migrated: each scope's pressure and effort are rebuilt from the contributions it kept (the articles are
    /// there, so each is weighed as today), and its baseline starts from its restored pressure.
    /// </summary>
    public static RiskIndex Import(IndexSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var index = new RiskIndex(snapshot.HalfLife, snapshot.Memory);
        foreach (var seen in snapshot.Articles)
        {
            index._articles[seen.Id] = seen.At;
        }

        index.Since = snapshot.Since ?? (snapshot.Articles.Count > 0 ? snapshot.Articles.Min(a => a.At) : null);
        foreach (var scope in snapshot.Scopes)
        {
            var legacy = scope.Sum is not null;
            var state = new ScopeState(scope.FirstSeen ?? scope.Stories.Select(s => s.At).DefaultIfEmpty(scope.UpdatedAt).Min())
            {
                UpdatedAt = scope.UpdatedAt,
                Pressure = scope.Pressure,
                Effort = scope.Effort,
            };
            foreach (var story in scope.Stories)
            {
                state.Stories[story.Id] = story.At;
            }

            foreach (var c in scope.Recent)
            {
                var (pressure, effort) = legacy && c.Article is not null ? PointsOf(c.Article) : (c.Pressure, c.Effort);
                var contribution = new Contribution(c.At, pressure, effort);
                state.Recent.Add(contribution);
                if (c.Article is not null)
                {
                    // A snapshot of an earlier release kept every article: only those that weigh most stay.
                    index.HoldEvidence(state, contribution, c.Article);
                }
            }

            foreach (var held in scope.Evidence ?? [])
            {
                state.Evidence.Add(new Held(new Contribution(held.At, held.Pressure, held.Effort), held.Article
                    ?? throw new FormatException($"scope {scope.Scope.Key}: an evidence contribution without its article")));
            }

            if (legacy)
            {
                state.Pressure = state.Recent.Sum(c => index.Decay(c.Pressure, scope.UpdatedAt - c.At));
                state.Effort = state.Recent.Sum(c => index.Decay(c.Effort, scope.UpdatedAt - c.At));
            }

            if (scope.HourlyFrom is { } from && scope.Hourly is { } hourly)
            {
                state.HourlyFrom = from;
                state.Hourly.AddRange(hourly);
            }

            index._scopes[scope.Scope] = state;
        }

        return index;
    }
}
