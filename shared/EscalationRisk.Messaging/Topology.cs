namespace EscalationRisk.Messaging;

/// <summary>Names on the wire. Clients and operators depend on them: they never change silently.</summary>
public static class Topology
{
    /// <summary>The exchange publishers send <c>ArticleSubmitted</c> to, and the scoring workers' quorum queue behind it.</summary>
    public const string Articles = "articles";

    /// <summary>Where articles that cannot be scored go, each with its reason.</summary>
    public const string ArticlesError = "articles_error";

    /// <summary>The fanout exchange every <c>ArticleScored</c> is published to; subscribers bind their own queue.</summary>
    public const string ArticleScored = "article-scored";

    /// <summary>The topic exchange of <c>EscalationAlert</c>.</summary>
    public const string Alerts = "alerts";
}
