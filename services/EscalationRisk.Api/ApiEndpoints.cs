using EscalationRisk.Api.Security;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring;
using Microsoft.Extensions.Options;

namespace EscalationRisk.Api;

/// <summary>The HTTP API under <c>/api</c>: reads open (or protected by configuration), every change behind the token.</summary>
public static partial class ApiEndpoints
{
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
        reads.MapGet("/risk/{kind}/{key}/history", History).WithSummary("A scope's index over the last hours (24 h by default; from the store's samples, kept 7 days), with the thresholds of the rules that watch it.");

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

    private static string KindName(ScopeKind kind) => WireNames.Of(kind);

    private static bool TryKind(string text, out ScopeKind kind) => WireNames.TryParse(text, out kind);
}
