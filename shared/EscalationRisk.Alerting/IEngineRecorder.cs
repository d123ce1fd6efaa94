using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>What an <see cref="AlertEngine"/> tells of the changes that do not follow from time alone.</summary>
public interface IEngineRecorder
{
    /// <summary>An article was counted.</summary>
    void Observed(ArticleScored article);

    /// <summary>The rules were replaced by these.</summary>
    void RulesChanged(IReadOnlyList<AlertRule> rules, IReadOnlyList<ArticleRule> articleRules);

    /// <summary>The silences are now these.</summary>
    void SilencesChanged(IReadOnlyList<Silence> silences);

    /// <summary>
    /// A rule's alert about a scope (an article's, for an article rule) opened, changed phase or rule, or ended: what
    /// the store's read model of open alerts rewrites, only for the alerts that changed.
    /// </summary>
    void EpisodeChanged(string rule, AlertScope scope)
    {
    }
}
