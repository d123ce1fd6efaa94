using EscalationRisk.Alerting;
using EscalationRisk.Contracts;

namespace EscalationRisk.Api;

// The read endpoints: articles, the risk index and its history, alerts. Each reads the store's read model (indexed
// SQL written by the alert worker with its journal), never an engine: any replica answers any read, and one started
// again has lost nothing. The Api's AlertState is only for changes (rules, silences), under the store's lock.
public static partial class ApiEndpoints
{
    private static IResult Risk(AlertState state, TimeProvider clock, string? kind, string? key)
    {
        if (kind is not null && !TryKind(kind, out _))
        {
            return Results.Problem(statusCode: 400, title: "invalid filter", detail: "kind must be dyad, country, global or article");
        }

        var values = state.Store.ReadModel(model => model.Values(clock.GetUtcNow()));
        return Results.Json(values.Where(v => (kind is null || KindName(v.Scope.Kind) == kind) && (key is null || v.Scope.Key == key)).ToList(), ContractJson.Options);
    }

    private static IResult History(AlertState state, TimeProvider clock, string kind, string key, double? hours, int? points)
    {
        if (!TryKind(kind, out var scopeKind) || scopeKind == ScopeKind.Article)
        {
            return Results.Problem(statusCode: 400, title: "invalid scope", detail: "kind must be dyad, country or global");
        }

        var span = hours ?? 24;
        var count = points ?? 97;
        if (!(span > 0 && span <= 24 * 30) || count is < 2 or > 1000)
        {
            return Results.Problem(statusCode: 400, title: "invalid window", detail: "hours must be in (0, 720] and points in [2, 1000]");
        }

        var scope = new AlertScope(scopeKind, key);
        var now = clock.GetUtcNow();
        var step = TimeSpan.FromHours(span) / (count - 1);
        var times = Enumerable.Range(0, count).Select(i => now - TimeSpan.FromHours(span) + step * i).ToList();
        var (values, lines) = state.Store.ReadModel(model => (
            model.History(scope, times),
            model.Rules().IndexRules.Where(r => r.Matches(scope)).Select(r => new ThresholdLine(r.Name, r.Threshold, r.ClearThreshold, r.Severity, r.Surge?.By, r.Surge?.Floor)).ToList()));
        static double Round(double v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);
        var series = times.Zip(values, (t, v) => new HistoryPoint(t, Round(v.Risk), Round(v.Pressure), Round(v.Effort), v.Baseline is { } b ? Round(b) : null)).ToList();
        return Results.Json(new RiskHistory(scope, lines, series), ContractJson.Options);
    }

    private static IResult Alerts(AlertState state, TimeProvider clock, string? status, string? severity, string? kind, string? key, int? limit)
    {
        if (status is not (null or "pending" or "firing" or "resolved"))
        {
            return Results.Problem(statusCode: 400, title: "invalid filter", detail: "status must be pending, firing or resolved");
        }

        if (kind is not null && !TryKind(kind, out _))
        {
            return Results.Problem(statusCode: 400, title: "invalid filter", detail: "kind must be dyad, country, global or article");
        }

        var views = AlertViews.Build(state.Store.ReadModel(model => model.Open(clock.GetUtcNow())), state.History(AlertViews.LogWindow));
        var selected = views.Where(v =>
            (status is null || v.Status == status) && (severity is null || v.Severity == severity)
            && (kind is null || KindName(v.Scope.Kind) == kind) && (key is null || v.Scope.Key == key));
        return Results.Json(selected.Take(Math.Clamp(limit ?? 200, 1, 1000)).ToList(), ContractJson.Options);
    }

    private static IResult Articles(AlertState state, string? kind, string? key, string? label, string? since, string? until, string? before, int? limit)
    {
        AlertScope? scope = null;
        if (kind is not null || key is not null)
        {
            if (kind is null || !TryKind(kind, out var scopeKind) || scopeKind == ScopeKind.Article || (key is null && scopeKind != ScopeKind.Global))
            {
                return Results.Problem(statusCode: 400, title: "invalid filter", detail: "a scope is kind dyad, country or global, with its key (global's is optional)");
            }

            scope = new AlertScope(scopeKind, key ?? "global");
        }

        ArticleLabel? wanted = null;
        if (label is not null)
        {
            var match = Enum.GetValues<ArticleLabel>().Where(l => ArticleRows.LabelName(l) == label).ToList();
            if (match.Count == 0)
            {
                return Results.Problem(statusCode: 400, title: "invalid filter", detail: "label must be " + string.Join(", ", Enum.GetValues<ArticleLabel>().Select(ArticleRows.LabelName)));
            }

            wanted = match[0];
        }

        if (!TryTime(since, out var from) || !TryTime(until, out var to))
        {
            return Results.Problem(statusCode: 400, title: "invalid filter", detail: "since and until are ISO 8601 times with an offset, such as 2026-12-07T08:00:00Z");
        }

        long? cursor = null;
        if (before is not null)
        {
            if (!long.TryParse(before, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq) || seq <= 0)
            {
                return Results.Problem(statusCode: 400, title: "invalid cursor", detail: "before is the 'next' of a previous page");
            }

            cursor = seq;
        }

        if (limit is < 1 or > ArticleRows.MaxPage)
        {
            return Results.Problem(statusCode: 400, title: "invalid filter", detail: $"limit must be in [1, {ArticleRows.MaxPage}]");
        }

        var page = state.Store.Articles(new ArticleQuery(scope, wanted, from, to, cursor, limit ?? 50));
        return Results.Json(page, ContractJson.Options);
    }

    private static IResult Article(AlertState state, string id)
    {
        var article = state.Store.Article(id);
        return article is null
            ? Results.Problem(statusCode: 404, title: "no such article", detail: $"no article '{id}' was counted or submitted in the last {ArticleRows.Retention.TotalDays:0} days")
            : Results.Json(article, ContractJson.Options);
    }

    private static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var parsed)
            && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9))
        {
            time = parsed;
            return true;
        }

        return false;
    }

    private static IResult Alert(AlertState state, TimeProvider clock, string id)
    {
        // The view of one alert depends only on its own open row and log entries: only that row is read.
        var log = state.History(AlertViews.LogWindow);
        var view = AlertViews.Build(state.Store.ReadModel(model => model.Open(clock.GetUtcNow(), id)), log).FirstOrDefault(v => v.AlertId == id);
        if (view is null)
        {
            return Results.Problem(statusCode: 404, title: "no such alert", detail: $"no alert '{id}' is open or was sent recently");
        }

        var messages = log.Where(a => a.AlertId == id).ToList();
        var evidence = view.Evidence.Count > 0 ? view.Evidence : messages.FirstOrDefault()?.Evidence ?? [];
        var found = state.Store.Texts([.. evidence.Select(e => e.ArticleId)]);

        return Results.Json(new AlertDetail(
            view.AlertId, view.Rule, view.Scope, view.Status, view.Severity, view.Value, view.Threshold, view.StartsAt, view.EndsAt,
            view.Summary ?? messages.FirstOrDefault()?.Summary, view.Silenced, evidence, messages, found), ContractJson.Options);
    }
}
