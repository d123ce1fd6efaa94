using System.Text;
using System.Text.Json;
using EscalationRisk.Alerting;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring;
using EscalationRisk.Scoring.Input;
using EscalationRisk.Api.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EscalationRisk.Api;

/// <summary>The HTTP API under <c>/api</c>: reads open (or protected by configuration), every change behind the token.</summary>
public static class ApiEndpoints
{
    private static readonly string[] Kinds = ["dyad", "country", "global", "article"];

    /// <summary>Maps every endpoint.</summary>
    public static WebApplication MapEscalationRiskApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value;
        var reads = app.MapGroup("/api").WithTags("read");
        if (options.ProtectReads)
        {
            reads.RequireToken();
        }

        // The token is checked, and the media type and size of a body, before anything of the body is read.
        var changes = app.MapGroup("/api").WithTags("change").RequireToken();
        var articleBytes = ArticleParser.EnvelopeBytes(options.MaxBodyBytes);

        changes.MapPost("/articles", SubmitAsync).AcceptsJson(articleBytes).RequireRateLimiting(RateLimits.Articles)
            .WithSummary("Validates an ArticleSubmitted and publishes it to the articles queue (202), or 400 with the reason.")
            .Produces<Accepted>(StatusCodes.Status202Accepted).ProducesProblem(400).ProducesProblem(413).ProducesProblem(415).ProducesProblem(429).ProducesProblem(503);
        reads.MapPost("/score", ScoreAsync).AcceptsJson(articleBytes).RequireRateLimiting(RateLimits.Score)
            .WithSummary("Scores an ArticleSubmitted synchronously and returns the ArticleScored (nothing is published).")
            .Produces<ArticleScored>().ProducesProblem(400).ProducesProblem(413).ProducesProblem(415).ProducesProblem(429);

        reads.MapGet("/articles", Articles).WithSummary("The articles counted, newest first: paged (limit, before), filtered by scope (kind and key), label and time (since, until).");
        reads.MapGet("/articles/{id}", Article).WithSummary("One article: its score, signals and actors once counted, and its text when it was submitted through the Api.");

        reads.MapGet("/risk", Risk).WithSummary("The current risk index of every scope, highest first; filter by kind and key.");
        reads.MapGet("/risk/{kind}/{key}/history", History).WithSummary("A scope's index over the last hours (exact to a sixteenth over the last four half-lives, 24 h by default), with the thresholds of the rules that watch it.");

        reads.MapGet("/alerts", Alerts).WithSummary("Alerts: pending and firing now, and recently resolved; filter by status, severity, kind and key.");
        reads.MapGet("/alerts/{id}", Alert).WithSummary("One alert with its evidence, every message sent about it and the evidence articles' texts where known.");

        reads.MapGet("/rules", Rules).WithSummary("The rule set in force.");
        reads.MapGet("/rules/{name}", Rule).WithSummary("One rule.");
        changes.MapPut("/rules/{name}", PutRuleAsync).AcceptsJson(ApiOptions.MaxRuleBytes).WithSummary("Creates (201) or replaces (200) a rule; persisted and in force at once in every alert worker.");
        changes.MapDelete("/rules/{name}", DeleteRuleAsync).WithSummary("Deletes a rule (its firing alerts resolve at the next evaluation).");

        reads.MapGet("/silences", Silences).WithSummary("The silences not yet expired.");
        changes.MapPost("/silences", AddSilenceAsync).AcceptsJson(ApiOptions.MaxSilenceBytes).WithSummary("Adds a silence for a scope until a time or for a duration (201).");
        changes.MapDelete("/silences/{id}", DeleteSilenceAsync).WithSummary("Removes a silence.");
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, ArticlePublisher publisher, IOptions<ApiOptions> options, CancellationToken cancellation)
    {
        var (article, problem) = await ReadArticleAsync(request, options.Value.MaxBodyBytes, cancellation).ConfigureAwait(false);
        if (article is null)
        {
            return problem!;
        }

        if (!publisher.Ready)
        {
            return Results.Problem(statusCode: 503, title: "the bus is not connected", detail: publisher.Describe());
        }

        try
        {
            await publisher.PublishAsync(article, cancellation).ConfigureAwait(false);
        }
        catch (System.Data.Common.DbException ex)
        {
            // The text is kept before the article is published; without the store neither happens, and the client retries.
            return Results.Problem(statusCode: 503, title: "the store is not available", detail: ex.Message);
        }

        return Results.Json(new Accepted(article.ArticleId), ContractJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ScoreAsync(HttpRequest request, ArticleScorer scorer, IOptions<ApiOptions> options, TimeProvider clock, CancellationToken cancellation)
    {
        var (article, problem) = await ReadArticleAsync(request, options.Value.MaxBodyBytes, cancellation).ConfigureAwait(false);
        return article is null ? problem! : Results.Json(scorer.Score(article) with { ScoredAt = clock.GetUtcNow() }, ContractJson.Options);
    }

    /// <summary>
    /// Reads and checks an article with the same parser and reasons as the queue's gate. The request gate has
    /// already refused a declared length over the limit and caps the body read at it (413).
    /// </summary>
    private static async Task<(ArticleSubmitted? Article, IResult? Problem)> ReadArticleAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellation)
    {
        var json = await ReadBodyAsync(request, cancellation).ConfigureAwait(false);
        var parsed = ArticleParser.Parse(json.Span, maxBodyBytes);
        return parsed.Article is null ? (null, Invalid(parsed.Error!, 400)) : (parsed.Article, null);
    }

    /// <summary>
    /// Reads a body of at most the endpoint's own limit (its <see cref="JsonBody"/> metadata, which the request gate
    /// enforces too; here it bounds the buffer).
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken cancellation)
    {
        var cap = request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<JsonBody>()?.MaxBytes
            ?? throw new InvalidOperationException($"{request.Path} reads a body but declares no limit (AcceptsJson)");
        using var buffer = new MemoryStream(request.ContentLength is > 0 and var n && n <= cap ? (int)n : 4096);
        var chunk = new byte[16384];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellation).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > cap)
            {
                throw new BadHttpRequestException($"the request is over this endpoint's limit of {cap} bytes", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static IResult Invalid(string reason, int status = 400) =>
        Results.Problem(statusCode: status, title: "invalid article", detail: reason);

    private static IResult Risk(AlertState state, string? kind, string? key)
    {
        if (kind is not null && !Kinds.Contains(kind))
        {
            return Results.Problem(statusCode: 400, title: "invalid filter", detail: "kind must be dyad, country, global or article");
        }

        var values = state.Query(engine => engine.Values());
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
        var (values, lines) = state.Query(engine => (
            engine.History(scope, times),
            engine.Rules.Where(r => r.Matches(scope)).Select(r => new ThresholdLine(r.Name, r.Threshold, r.ClearThreshold, r.Severity, r.Surge?.By, r.Surge?.Floor)).ToList()));
        static double Round(double v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);
        var series = times.Zip(values, (t, v) => new HistoryPoint(t, Round(v.Risk), Round(v.Pressure), Round(v.Effort), v.Baseline is { } b ? Round(b) : null)).ToList();
        return Results.Json(new RiskHistory(scope, lines, series), ContractJson.Options);
    }

    private static IResult Alerts(AlertState state, string? status, string? severity, string? kind, string? key, int? limit)
    {
        if (status is not (null or "pending" or "firing" or "resolved"))
        {
            return Results.Problem(statusCode: 400, title: "invalid filter", detail: "status must be pending, firing or resolved");
        }

        if (kind is not null && !Kinds.Contains(kind))
        {
            return Results.Problem(statusCode: 400, title: "invalid filter", detail: "kind must be dyad, country, global or article");
        }

        var views = AlertViews.Build(state.Query(engine => engine.Open()), state.History(AlertViews.LogWindow));
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

    private static IResult Alert(AlertState state, string id)
    {
        var log = state.History(AlertViews.LogWindow);
        var view = AlertViews.Build(state.Query(engine => engine.Open()), log).FirstOrDefault(v => v.AlertId == id);
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

    private static IResult Rules(AlertState state) =>
        Results.Text(state.Query(engine => new RuleSet(engine.Rules, engine.ArticleRules)).ToJson(), "application/json", Encoding.UTF8);

    private static IResult Rule(AlertState state, string name)
    {
        var set = state.Query(engine => new RuleSet(
            engine.Rules.Where(r => r.Name == name).ToList(), engine.ArticleRules.Where(r => r.Name == name).ToList()));
        if (set.IndexRules.Count + set.ArticleRules.Count == 0)
        {
            return Results.Problem(statusCode: 404, title: "no such rule", detail: $"no rule '{name}'");
        }

        // One element of the rule set, as PUT takes it.
        using var document = JsonDocument.Parse(set.ToJson());
        var list = set.IndexRules.Count > 0 ? "indexRules" : "articleRules";
        return Results.Text(document.RootElement.GetProperty(list)[0].GetRawText(), "application/json", Encoding.UTF8);
    }

    private static async Task<IResult> PutRuleAsync(HttpRequest request, AlertChanges state, string name, CancellationToken cancellation)
    {
        var json = Encoding.UTF8.GetString((await ReadBodyAsync(request, cancellation).ConfigureAwait(false)).Span);
        RuleSet one;
        try
        {
            one = RuleSet.ParseRule(name, json);
        }
        catch (FormatException ex)
        {
            return Results.Problem(statusCode: 400, title: "invalid rule", detail: ex.Message);
        }

        try
        {
            var existed = await state.ApplyAsync(engine =>
            {
                var index = engine.Rules.ToList();
                var articles = engine.ArticleRules.ToList();
                var existed = index.RemoveAll(r => r.Name == name) + articles.RemoveAll(r => r.Name == name) > 0;
                index.AddRange(one.IndexRules);
                articles.AddRange(one.ArticleRules);
                engine.SetRules(index, articles);
                return (true, existed);
            }, cancellation).ConfigureAwait(false);
            return Results.Text(json, "application/json", Encoding.UTF8, existed ? 200 : 201);
        }
        catch (ArgumentException ex)
        {
            return Results.Problem(statusCode: 400, title: "invalid rule", detail: ex.Message);
        }
    }

    private static async Task<IResult> DeleteRuleAsync(AlertChanges state, string name, CancellationToken cancellation)
    {
        var removed = await state.ApplyAsync(engine =>
        {
            var index = engine.Rules.Where(r => r.Name != name).ToList();
            var articles = engine.ArticleRules.Where(r => r.Name != name).ToList();
            var found = index.Count != engine.Rules.Count || articles.Count != engine.ArticleRules.Count;
            if (found)
            {
                engine.SetRules(index, articles);
            }

            return (found, found);
        }, cancellation).ConfigureAwait(false);
        return removed ? Results.NoContent() : Results.Problem(statusCode: 404, title: "no such rule", detail: $"no rule '{name}'");
    }

    private static IResult Silences(AlertState state) => Results.Json(state.Query(engine => engine.Silences), ContractJson.Options);

    private static async Task<IResult> AddSilenceAsync(HttpRequest http, AlertChanges state, TimeProvider clock, IOptions<JsonOptions> json, CancellationToken cancellation)
    {
        var body = await ReadBodyAsync(http, cancellation).ConfigureAwait(false);
        SilenceRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<SilenceRequest>(body.Span, json.Value.SerializerOptions);
        }
        catch (JsonException ex)
        {
            return Results.Problem(statusCode: 400, title: "invalid silence", detail: $"invalid JSON: {ex.Message}");
        }

        if (request is null)
        {
            return Results.Problem(statusCode: 400, title: "invalid silence", detail: "expected a JSON object with kind, key and until or duration");
        }

        var now = clock.GetUtcNow();
        if (request.Duration is { } duration && (duration <= TimeSpan.Zero || duration > Silence.LongestDuration))
        {
            return Results.Problem(statusCode: 400, title: "invalid silence",
                detail: $"'duration' must be positive and at most {Silence.LongestDuration.TotalDays} days");
        }

        var until = request.Until ?? (request.Duration is { } d ? now + d : null);
        if (until is null || until <= now)
        {
            return Results.Problem(statusCode: 400, title: "invalid silence", detail: "give 'until' in the future or a positive 'duration'");
        }

        if (until > now + Silence.LongestDuration)
        {
            return Results.Problem(statusCode: 400, title: "invalid silence", detail: $"'until' must be at most {Silence.LongestDuration.TotalDays} days ahead");
        }

        try
        {
            var silence = await state.ApplyAsync(
                engine => (true, engine.AddSilence(new Silence(request.Kind, request.Key, until.Value, request.Comment))), cancellation).ConfigureAwait(false);
            return Results.Json(silence, ContractJson.Options, statusCode: StatusCodes.Status201Created);
        }
        catch (ArgumentException ex)
        {
            return Results.Problem(statusCode: 400, title: "invalid silence", detail: ex.Message);
        }
    }

    private static async Task<IResult> DeleteSilenceAsync(AlertChanges state, string id, CancellationToken cancellation)
    {
        var removed = await state.ApplyAsync(engine => { var found = engine.RemoveSilence(id); return (found, found); }, cancellation).ConfigureAwait(false);
        return removed ? Results.NoContent() : Results.Problem(statusCode: 404, title: "no such silence", detail: $"no silence '{id}'");
    }

    private static string KindName(ScopeKind kind) => Kinds[(int)kind];

    private static bool TryKind(string text, out ScopeKind kind)
    {
        var index = Array.IndexOf(Kinds, text);
        kind = index < 0 ? default : (ScopeKind)index;
        return index >= 0;
    }
}
