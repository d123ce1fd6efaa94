using System.Text;
using System.Text.Json;
using EscalationRisk.Alerting;
using EscalationRisk.Contracts;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EscalationRisk.Api;

// The rules and silences endpoints: read, replace and delete a rule; list, add and remove silences.
public static partial class ApiEndpoints
{
    private static IResult Rules(AlertState state) =>
        Results.Text(state.Store.ReadModel(model => model.Rules()).ToJson(), "application/json", Encoding.UTF8);

    private static IResult Rule(AlertState state, string name)
    {
        var all = state.Store.ReadModel(model => model.Rules());
        var set = new RuleSet(all.IndexRules.Where(r => r.Name == name).ToList(), all.ArticleRules.Where(r => r.Name == name).ToList());
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

    private static IResult Silences(AlertState state, TimeProvider clock) =>
        Results.Json(state.Store.ReadModel(model => model.Silences(clock.GetUtcNow())), ContractJson.Options);

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
}
