using System.Globalization;
using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>Article rules: the alerts opened for single articles, sent and resolved by deadline.</summary>
public sealed partial class AlertEngine
{
    /// <summary>
    /// Sends the article alerts not sent yet (unless silenced) and resolves those past their rule's resolve-after (or
    /// whose rule is gone), in the order they started. Visits only those due and those unsent.
    /// </summary>
    private void EvaluateArticles(DateTimeOffset now, List<EscalationAlert> output)
    {
        var active = _articleRules.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var visitAll = _visitAllArticles;
        var visit = new List<((string Rule, string ArticleId) Key, ArticleEpisode Episode)>();
        if (visitAll)
        {
            visit.AddRange(_articleEpisodes.Select(e => (e.Key, e.Value)));
            _articleDeadlines.Clear();
            _visitAllArticles = false;
        }
        else
        {
            var seen = new HashSet<(string, string)>();
            while (_articleDeadlines.Count > 0 && _articleDeadlines.Min.Deadline <= now)
            {
                var due = _articleDeadlines.Min;
                _articleDeadlines.Remove(due);
                if (_articleEpisodes.TryGetValue((due.Rule, due.ArticleId), out var episode) && seen.Add((due.Rule, due.ArticleId)))
                {
                    visit.Add(((due.Rule, due.ArticleId), episode));
                }
            }

            foreach (var key in _articlesUnsent)
            {
                if (_articleEpisodes.TryGetValue(key, out var episode) && seen.Add(key))
                {
                    visit.Add((key, episode));
                }
            }
        }

        _articlesUnsent.Clear();
        visit.Sort((a, b) =>
        {
            var order = a.Episode.StartsAt.CompareTo(b.Episode.StartsAt);
            order = order != 0 ? order : string.CompareOrdinal(a.Key.ArticleId, b.Key.ArticleId);
            return order != 0 ? order : string.CompareOrdinal(a.Key.Rule, b.Key.Rule);
        });
        foreach (var (key, episode) in visit)
        {
            var scope = new AlertScope(ScopeKind.Article, key.ArticleId);
            var over = now - episode.StartsAt >= episode.Rule.ResolveAfter || !active.Contains(key.Rule);
            if (over)
            {
                if (episode.Sent)
                {
                    output.Add(BuildArticle(episode, scope, AlertStatus.Resolved, now));
                }

                _articleEpisodes.Remove(key);
                _articleChanges++;
                Recorder?.EpisodeChanged(key.Rule, scope);
                continue;
            }

            if (!episode.Sent && !_silences.Any(s => s.Covers(scope, now)))
            {
                episode.Sent = true;
                _articleChanges++;
                output.Add(BuildArticle(episode, scope, AlertStatus.Firing, now));
            }

            if (!episode.Sent)
            {
                _articlesUnsent.Add(key);
            }

            if (visitAll)
            {
                _articleDeadlines.Add(new ArticleDue(episode.StartsAt + episode.Rule.ResolveAfter, episode.StartsAt, key.ArticleId, key.Rule));
            }
        }
    }

    /// <summary>When an article alert is due to resolve, ordered by that time, then as the alerts are sent.</summary>
    private readonly record struct ArticleDue(DateTimeOffset Deadline, DateTimeOffset StartsAt, string ArticleId, string Rule)
    {
        public static readonly IComparer<ArticleDue> Order = Comparer<ArticleDue>.Create((a, b) =>
        {
            var order = a.Deadline.CompareTo(b.Deadline);
            order = order != 0 ? order : a.StartsAt.CompareTo(b.StartsAt);
            order = order != 0 ? order : string.CompareOrdinal(a.ArticleId, b.ArticleId);
            return order != 0 ? order : string.CompareOrdinal(a.Rule, b.Rule);
        });
    }

    private static EscalationAlert BuildArticle(ArticleEpisode episode, AlertScope scope, AlertStatus status, DateTimeOffset now)
    {
        var rule = episode.Rule;
        var article = episode.Article;
        var strongest = episode.Matching[0];
        var summary = status == AlertStatus.Firing
            ? string.Create(CultureInfo.InvariantCulture, $"{rule.Severity}: article {article.ArticleId} reports {WireNames.Of(strongest.Category)} ({strongest.Confidence:0.00}): \"{strongest.Text}\" ({rule.Name})")
            : string.Create(CultureInfo.InvariantCulture, $"resolved: article {article.ArticleId} alert ended after {rule.ResolveAfter} ({rule.Name})");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["rule"] = rule.Name,
            ["severity"] = rule.Severity,
            ["scopeKind"] = WireNames.Of(ScopeKind.Article),
            ["scopeKey"] = article.ArticleId,
        };
        return new EscalationAlert(
            Fingerprint(rule.Name, scope), rule.Name, scope, status, rule.Severity, strongest.Confidence, rule.MinConfidence,
            episode.StartsAt, status == AlertStatus.Resolved ? now : null, summary,
            [new AlertEvidence(article.ArticleId, article.Title, article.Url, article.Risk, article.PublishedAt, episode.Matching)],
            labels);
    }

    private sealed class ArticleEpisode(ArticleRule rule, ArticleScored article, IReadOnlyList<Signal> matching, DateTimeOffset startsAt)
    {
        public ArticleRule Rule { get; } = rule;

        public ArticleScored Article { get; } = article;

        public IReadOnlyList<Signal> Matching { get; } = matching;

        public DateTimeOffset StartsAt { get; } = startsAt;

        public bool Sent { get; set; }
    }
}
