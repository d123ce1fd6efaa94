using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using EscalationRisk.Testing;

namespace EscalationRisk.Api.Tests;

/// <summary>Every endpoint against the real Api process (the whole system in one process).</summary>
public sealed class ApiEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiProcess Api => fixture.Api;

    internal static IEnumerable<JsonObject> CrisisDay(string prefix) =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Streams", "crisis_day.jsonl"))
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => JsonNode.Parse(l)!.AsObject())
            .Select(a =>
            {
                a["articleId"] = $"{prefix}-{a["articleId"]}";
                a.Remove("publishedAt");
                return a;
            });

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private async Task<JsonNode> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Api.Client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task Articles_posted_through_the_api_are_scored_and_fire_alerts_with_their_evidence_in_the_original_text()
    {
        foreach (var article in CrisisDay("endpoints").Where(a => a["articleId"]!.GetValue<string>().Contains("crisis", StringComparison.Ordinal)))
        {
            using var response = await Api.Authorized.PostAsync(new Uri("api/articles", UriKind.Relative), Json(article.ToJsonString()));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var accepted = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal(article["articleId"]!.GetValue<string>(), accepted!["articleId"]!.GetValue<string>());
        }

        var firing = await ApiProcess.EventuallyAsync(async () =>
        {
            var list = (await GetJsonAsync("api/alerts?status=firing")).AsArray();
            return list.Any(a => a!["rule"]!.GetValue<string>() == "dyad-burst") && list.Any(a => a!["rule"]!.GetValue<string>() == "article-attack") ? list : null;
        }, "a dyad burst and an article attack firing");
        Assert.All(firing, a => Assert.Equal("firing", a!["status"]!.GetValue<string>()));
        var burst = firing.Single(a => a!["rule"]!.GetValue<string>() == "dyad-burst")!;
        Assert.Equal("IRN-USA", burst["scope"]!["key"]!.GetValue<string>());

        // Filters.
        Assert.All((await GetJsonAsync("api/alerts?kind=article")).AsArray(), a => Assert.Equal("article", a!["scope"]!["kind"]!.GetValue<string>()));
        Assert.All((await GetJsonAsync("api/alerts?severity=critical")).AsArray(), a => Assert.Equal("critical", a!["severity"]!.GetValue<string>()));
        Assert.Empty((await GetJsonAsync("api/alerts?severity=info&kind=dyad&key=NOPE-NONE")).AsArray());

        // One alert with its evidence; each signal's offsets point at its text in the article as submitted.
        var attack = firing.First(a => a!["rule"]!.GetValue<string>() == "article-attack")!;
        var detail = await GetJsonAsync($"api/alerts/{attack["alertId"]!.GetValue<string>()}");
        var evidence = detail["evidence"]!.AsArray();
        Assert.NotEmpty(evidence);
        var texts = detail["texts"]!.AsObject();
        foreach (var e in evidence)
        {
            var body = texts[e!["articleId"]!.GetValue<string>()]!["body"]!.GetValue<string>();
            foreach (var signal in e["signals"]!.AsArray())
            {
                var (start, end) = (signal!["start"]!.GetValue<int>(), signal["end"]!.GetValue<int>());
                Assert.Equal(signal["text"]!.GetValue<string>(), body[start..end]);
            }
        }

        Assert.Equal("firing", detail["messages"]!.AsArray()[0]!["status"]!.GetValue<string>());

        // The articles counted, as a newcomer looks for what they posted: listed in the dyad's scope with their
        // label, risk, actors and signals, one by one with its text, page by page without gaps.
        var posted = CrisisDay("endpoints").Select(a => a["articleId"]!.GetValue<string>()).Where(id => id.Contains("crisis", StringComparison.Ordinal)).ToHashSet();
        var listedArticles = await ApiProcess.EventuallyAsync(async () =>
        {
            var items = (await GetJsonAsync("api/articles?kind=dyad&key=IRN-USA&limit=500"))["items"]!.AsArray();
            return items.Count(i => posted.Contains(i!["articleId"]!.GetValue<string>())) >= 2 ? items : null;
        }, "the posted articles in the IRN-USA listing");
        var first = listedArticles[0]!;
        Assert.Contains(first["article"]!["label"]!.GetValue<string>(), new[] { "escalation", "mixed", "deescalation", "neutral" });
        Assert.NotEmpty(first["article"]!["actors"]!.AsArray());
        Assert.All((await GetJsonAsync("api/articles?label=escalation&limit=500"))["items"]!.AsArray(), i => Assert.Equal("escalation", i!["article"]!["label"]!.GetValue<string>()));
        var one = await GetJsonAsync($"api/articles/{first["articleId"]!.GetValue<string>()}");
        Assert.Equal(first["article"]!["risk"]!.GetValue<double>(), one["article"]!["risk"]!.GetValue<double>());
        Assert.False(string.IsNullOrEmpty(one["text"]!["body"]!.GetValue<string>()));
        var pageOne = await GetJsonAsync("api/articles?kind=dyad&key=IRN-USA&limit=1");
        Assert.Single(pageOne["items"]!.AsArray());
        var pageTwo = await GetJsonAsync($"api/articles?kind=dyad&key=IRN-USA&limit=1&before={pageOne["next"]!.GetValue<string>()}");
        // Articles still being scored join at the head of the listing, so page two is checked against the listing
        // as it stands afterwards: it holds the article that follows page one's, with none skipped.
        var after = (await GetJsonAsync("api/articles?kind=dyad&key=IRN-USA&limit=500"))["items"]!.AsArray().Select(i => i!["articleId"]!.GetValue<string>()).ToList();
        var pageOneAt = after.IndexOf(pageOne["items"]!.AsArray()[0]!["articleId"]!.GetValue<string>());
        Assert.InRange(pageOneAt, 0, after.Count - 2);
        Assert.Equal(after[pageOneAt + 1], pageTwo["items"]!.AsArray()[0]!["articleId"]!.GetValue<string>());
        Assert.Empty((await GetJsonAsync("api/articles?since=2999-01-01T00:00:00Z"))["items"]!.AsArray());

        // Risk now, filtered, and over time with the thresholds of the rules that watch the scope.
        var dyads = (await GetJsonAsync("api/risk?kind=dyad")).AsArray();
        Assert.All(dyads, v => Assert.Equal("dyad", v!["scope"]!["kind"]!.GetValue<string>()));
        Assert.Contains(dyads, v => v!["scope"]!["key"]!.GetValue<string>() == "IRN-USA" && v["value"]!.GetValue<double>() > 150);
        var history = await GetJsonAsync("api/risk/dyad/IRN-USA/history?hours=2&points=25");
        Assert.Equal(25, history["points"]!.AsArray().Count);
        Assert.Equal(0, history["points"]!.AsArray()[0]!["value"]!.GetValue<double>());
        Assert.True(history["points"]!.AsArray()[^1]!["value"]!.GetValue<double>() > 150);
        Assert.Contains(history["thresholds"]!.AsArray(), t => t!["rule"]!.GetValue<string>() == "dyad-burst" && t["threshold"]!.GetValue<double>() == 400);

        // The metrics named in the issue are on the scrape endpoint.
        var metrics = await Api.Client.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.Contains("escalationrisk_articles_scored_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("language=\"en\"", metrics, StringComparison.Ordinal);
        Assert.Contains("escalationrisk_scoring_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("escalationrisk_risk_index{", metrics, StringComparison.Ordinal);
        Assert.Contains("escalationrisk_escalation_pressure{", metrics, StringComparison.Ordinal);
        Assert.Contains("escalationrisk_deescalation_effort{", metrics, StringComparison.Ordinal);
        Assert.Contains("scope_key=\"IRN-USA\"", metrics, StringComparison.Ordinal);
        Assert.Matches("escalationrisk_alerts_firing\\{[^}]*severity=\"critical\"[^}]*\\} [1-9]", metrics);
    }

    public static TheoryData<string, string> InvalidArticles => new()
    {
        { "{not json", "invalid JSON" },
        { """{"body": "text"}""", "articleId" },
        { """{"articleId": 5, "body": "text"}""", "articleId" },
        { """{"articleId": "a1"}""", "body" },
        { "[1, 2]", "object" },
        { $$"""{"articleId": "big", "body": "{{new string('x', 300_000)}}"}""", "over the limit" },
    };

    [Theory]
    [MemberData(nameof(InvalidArticles))]
    public async Task An_invalid_article_gets_400_with_problem_details_naming_the_reason(string body, string reason)
    {
        foreach (var path in new[] { "api/articles", "api/score" })
        {
            using var response = await Api.Authorized.PostAsync(new Uri(path, UriKind.Relative), Json(body));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal(400, problem!["status"]!.GetValue<int>());
            Assert.Contains(reason, problem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_request_over_the_size_limit_gets_413()
    {
        using var response = await Api.Authorized.PostAsync(new Uri("api/articles", UriKind.Relative), Json(new string(' ', 1_000_000)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    public static TheoryData<string, string, string?> Changes => new()
    {
        { "POST", "api/articles", """{"articleId": "auth-1", "body": "Talks resumed."}""" },
        { "PUT", "api/rules/auth-rule", """{"scope": "dyad", "threshold": 10, "clearThreshold": 5, "for": "00:00:00", "severity": "info", "repeatInterval": "01:00:00"}""" },
        { "DELETE", "api/rules/dyad-burst", null },
        { "POST", "api/silences", """{"kind": "dyad", "key": "*", "duration": "01:00:00"}""" },
        { "DELETE", "api/silences/si-0000", null },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Every_change_needs_the_bearer_token_401_without_403_with_a_wrong_one(string method, string path, string? body)
    {
        using var anonymous = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = body is null ? null : Json(body) };
        using var none = await Api.Client.SendAsync(anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);

        using var wrong = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = body is null ? null : Json(body) };
        wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiProcess.Token + "x");
        using var forbidden = await Api.Client.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        // Nothing was changed by either.
        var rules = await GetJsonAsync("api/rules");
        Assert.DoesNotContain(rules["indexRules"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "auth-rule");
        Assert.Contains(rules["indexRules"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "dyad-burst");
    }

    [Fact]
    public async Task Scoring_is_synchronous_and_returns_the_scored_article()
    {
        using var response = await Api.Client.PostAsync(new Uri("api/score", UriKind.Relative), Json("""
            {"articleId": "score-1", "body": "Iranian forces fired missiles at a US base, and Washington vowed to retaliate."}
            """));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var scored = JsonNode.Parse(body)!;
        Assert.Equal("score-1", scored["articleId"]!.GetValue<string>());
        Assert.Equal("escalation", scored["label"]!.GetValue<string>());
        Assert.Contains(scored["signals"]!.AsArray(), s => s!["category"]!.GetValue<string>() == "attack");
        Assert.Contains("IRN-USA", scored["dyads"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public async Task Rules_are_created_read_replaced_refused_when_invalid_and_deleted()
    {
        const string Rule = """{"scope": "country", "key": "LBN", "threshold": 120, "clearThreshold": 60, "for": "00:30:00", "severity": "warning", "repeatInterval": "02:00:00"}""";
        using (var created = await Api.Authorized.PutAsync(new Uri("api/rules/lbn-watch", UriKind.Relative), Json(Rule)))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var read = await GetJsonAsync("api/rules/lbn-watch");
        Assert.Equal(120, read["threshold"]!.GetValue<double>());
        Assert.Equal("00:30:00", read["for"]!.GetValue<string>());

        using (var replaced = await Api.Authorized.PutAsync(new Uri("api/rules/lbn-watch", UriKind.Relative), Json(Rule.Replace("120", "130", StringComparison.Ordinal))))
        {
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        }

        Assert.Equal(130, (await GetJsonAsync("api/rules/lbn-watch"))["threshold"]!.GetValue<double>());

        foreach (var (bad, reason) in new[]
        {
            (Rule.Replace("\"clearThreshold\": 60", "\"clearThreshold\": 500", StringComparison.Ordinal), "clear threshold"),
            (Rule.Replace("\"severity\"", "\"sevrity\"", StringComparison.Ordinal), "sevrity"),
            (Rule.Replace("{", """{"name": "other", """, StringComparison.Ordinal), "names 'other'"),
            ("[]", "object"),
        })
        {
            using var refused = await Api.Authorized.PutAsync(new Uri("api/rules/lbn-watch", UriKind.Relative), Json(bad));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(reason, (await refused.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(130, (await GetJsonAsync("api/rules/lbn-watch"))["threshold"]!.GetValue<double>());
        using (var deleted = await Api.Authorized.DeleteAsync(new Uri("api/rules/lbn-watch", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await GetJsonAsync("api/rules/lbn-watch", HttpStatusCode.NotFound);
        using var again = await Api.Authorized.DeleteAsync(new Uri("api/rules/lbn-watch", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Silences_are_added_listed_refused_when_invalid_and_removed()
    {
        using var created = await Api.Authorized.PostAsync(new Uri("api/silences", UriKind.Relative),
            Json("""{"kind": "country", "key": "SYR", "duration": "02:00:00", "comment": "exercise"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var silence = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = silence["id"]!.GetValue<string>();
        Assert.StartsWith("si-", id, StringComparison.Ordinal);
        Assert.Contains((await GetJsonAsync("api/silences")).AsArray(), s => s!["id"]!.GetValue<string>() == id && s["comment"]!.GetValue<string>() == "exercise");

        foreach (var bad in new[]
        {
            """{"kind": "country", "key": "SYR"}""",
            """{"kind": "country", "key": "SYR", "until": "2000-01-01T00:00:00Z"}""",
            """{"kind": "country", "key": "S.Y", "duration": "01:00:00"}""",
            """{"kind": "planet", "key": "SYR", "duration": "01:00:00"}""",
        })
        {
            using var refused = await Api.Authorized.PostAsync(new Uri("api/silences", UriKind.Relative), Json(bad));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using (var removed = await Api.Authorized.DeleteAsync(new Uri($"api/silences/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        Assert.DoesNotContain((await GetJsonAsync("api/silences")).AsArray(), s => s!["id"]!.GetValue<string>() == id);
        using var again = await Api.Authorized.DeleteAsync(new Uri($"api/silences/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Theory]
    [InlineData("api/alerts/al-0000000000000000", HttpStatusCode.NotFound)]
    [InlineData("api/alerts?status=burning", HttpStatusCode.BadRequest)]
    [InlineData("api/alerts?kind=planet", HttpStatusCode.BadRequest)]
    [InlineData("api/risk?kind=planet", HttpStatusCode.BadRequest)]
    [InlineData("api/risk/article/x/history", HttpStatusCode.BadRequest)]
    [InlineData("api/risk/dyad/IRN-USA/history?points=1", HttpStatusCode.BadRequest)]
    [InlineData("api/risk/dyad/IRN-USA/history?hours=-1", HttpStatusCode.BadRequest)]
    [InlineData("api/articles/never-posted", HttpStatusCode.NotFound)]
    [InlineData("api/articles?label=angry", HttpStatusCode.BadRequest)]
    [InlineData("api/articles?kind=dyad", HttpStatusCode.BadRequest)]
    [InlineData("api/articles?since=yesterday", HttpStatusCode.BadRequest)]
    [InlineData("api/articles?since=2026-12-07T08:00:00", HttpStatusCode.BadRequest)]
    [InlineData("api/articles?before=-3", HttpStatusCode.BadRequest)]
    [InlineData("api/articles?limit=501", HttpStatusCode.BadRequest)]
    public async Task Bad_queries_get_problem_details(string path, HttpStatusCode status)
    {
        var problem = await GetJsonAsync(path, status);
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
    }

    [Fact]
    public async Task The_openapi_document_health_endpoints_and_dashboard_are_served()
    {
        var document = await GetJsonAsync("openapi/v1.json");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var path in new[]
        {
            "/api/articles", "/api/score", "/api/risk", "/api/risk/{kind}/{key}/history", "/api/alerts", "/api/alerts/{id}",
            "/api/rules", "/api/rules/{name}", "/api/silences", "/api/silences/{id}",
        })
        {
            Assert.Contains(path, paths);
        }

        Assert.Equal(HttpStatusCode.OK, (await Api.Client.GetAsync(new Uri("health/live", UriKind.Relative))).StatusCode);
        var ready = await GetJsonAsync("health/ready");
        Assert.Equal("Healthy", ready["status"]!.GetValue<string>());
        var page = await Api.Client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("<script src=\"app.js\">", page, StringComparison.Ordinal);
        var script = await Api.Client.GetAsync(new Uri("app.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("\"uplot\"", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>Reads protected by configuration.</summary>
public sealed class ProtectedReadTests
{
    [Fact]
    public async Task With_protected_reads_a_read_needs_the_token_too()
    {
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string> { ["Api:ProtectReads"] = "true" });
        using var anonymous = await api.Client.GetAsync(new Uri("api/risk", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var authorized = await api.Authorized.GetAsync(new Uri("api/risk", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);

        // Health and metrics stay open for probes and scrapers.
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync(new Uri("health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync(new Uri("metrics", UriKind.Relative))).StatusCode);
    }
}

/// <summary>
/// The README's main command: the whole system in one process, with no argument replaying the bundled sample articles
/// (the team's own, in samples/: the tests read nothing from outside the repository).
/// </summary>
public sealed class MainCommandTests
{
    [Fact]
    public async Task With_no_configuration_the_api_runs_everything_in_one_process_replays_the_samples_and_prints_the_dashboard_url()
    {
        var samples = Directory.GetFiles(Path.Combine(EscalationRisk.Testing.RepoRoot.Path, "samples"), "*.txt");
        Assert.Equal(4, samples.Length);
        await using var api = await ApiProcess.StartMainCommandAsync();
        var scopes = await ApiProcess.EventuallyAsync(async () =>
        {
            var risk = JsonNode.Parse(await api.Client.GetStringAsync(new Uri("api/risk?kind=country", UriKind.Relative)))!.AsArray();
            var keys = risk.Select(v => v!["scope"]!["key"]!.GetValue<string>()).ToHashSet();
            return keys.IsSupersetOf(["IRN", "ISR", "RUS", "USA", "IND", "PAK"]) ? keys : null;
        }, "both mixed samples' states in the risk index");
        Assert.Contains("USA", scopes);
        Assert.Contains($"Dashboard: {api.Address}", api.Output, StringComparison.Ordinal);
        Assert.Contains($"Replayed {samples.Length} articles", api.Output, StringComparison.Ordinal);

        // Each sample is listed as counted, with its text (the newcomer finds what the main command posted).
        var listed = JsonNode.Parse(await api.Client.GetStringAsync(new Uri("api/articles", UriKind.Relative)))!["items"]!.AsArray();
        Assert.Equal(samples.Length, listed.Count);

        // Scored in this process: the counter has the Arabic article, labelled mixed.
        var metrics = await api.Client.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.Matches("escalationrisk_articles_scored_total\\{[^}]*label=\"mixed\",language=\"ar\"[^}]*\\} 1", metrics);

        // A mixed report raises both indices where the old single index showed 0: pressure from the threats and
        // the strike plan, effort from the mediation and the frozen plan; the combined risk is damped, not erased.
        var dyads = JsonNode.Parse(await api.Client.GetStringAsync(new Uri("api/risk?kind=dyad", UriKind.Relative)))!.AsArray();
        var usa = dyads.Single(v => v!["scope"]!["key"]!.GetValue<string>() == "IRN-USA")!;
        Assert.True(usa["pressure"]!.GetValue<double>() > 30, usa.ToJsonString());
        Assert.True(usa["effort"]!.GetValue<double>() > 30, usa.ToJsonString());
        Assert.True(usa["value"]!.GetValue<double>() > 10, usa.ToJsonString());
    }
}
