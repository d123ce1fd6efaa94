using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EscalationRisk.Cli;
using EscalationRisk.Testing;

namespace EscalationRisk.Security.Tests;

/// <summary>Issue 18's probes 2 to 8, replayed against the Api as a real process and against the command line.</summary>
public sealed class ProbeTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private ApiProcess Api => fixture.Api;

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Theory]
    [MemberData(nameof(HostileArticles.Refused), MemberType = typeof(HostileArticles))]
    public async Task The_api_refuses_what_a_store_or_subscriber_could_not_hold_with_400_and_the_reason(string json, string reason)
    {
        foreach (var path in new[] { "api/articles", "api/score" })
        {
            using var response = await Api.Authorized.PostAsync(new Uri(path, UriKind.Relative), Json(json));
            await AssertBadRequestAsync(response, reason);
        }
    }

    [Theory]
    [MemberData(nameof(HostileArticles.Refused), MemberType = typeof(HostileArticles))]
    public void The_command_line_refuses_the_same_lines_with_the_same_reasons_and_exit_code_1(string json, string reason)
    {
        var stderr = new StringWriter();
        var exit = ScoreCommand.Run("-", "-", OutputFormat.Jsonl, 256 * 1024,
            new StringReader(json + "\n" + """{"articleId": "fine", "body": "Troops massed at the border."}""" + "\n"), new StringWriter(), stderr);
        Assert.Equal(ScoreCommand.ExitSomeFailed, exit);
        Assert.Contains(reason, stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_a_repeated_id_reports_that_line_scores_the_rest_and_exits_1_not_2()
    {
        var stderr = new StringWriter();
        var output = Path.Combine(Path.GetTempPath(), $"er-run-dup-{Guid.NewGuid():N}.jsonl");
        try
        {
            var exit = await RunCommand.RunAsync("-", output, 256 * 1024, TimeSpan.FromSeconds(60), new StringReader(string.Join('\n',
                """{"articleId": "dup", "body": "Troops massed at the border overnight."}""",
                """{"articleId": "other", "body": "The central bank left rates unchanged."}""",
                """{"articleId": "dup", "body": "A second text under the same id."}""")), new StringWriter(), stderr, configuration: null, CancellationToken.None);
            Assert.Equal(ScoreCommand.ExitSomeFailed, exit);
            Assert.Contains("stdin: line 3: 'articleId' dup was already given at stdin: line 1", stderr.ToString(), StringComparison.Ordinal);
            Assert.Equal(["dup", "other"], File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("articleId").GetString()));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Theory]
    [InlineData("""{"kind": "dyad", "key": "ISR-IRN", "duration": "10675199.02:48:05.47"}""", "duration")]
    [InlineData("""{"kind": "dyad", "key": "ISR-IRN", "duration": "400.00:00:00"}""", "duration")]
    [InlineData("""{"kind": "dyad", "key": "ISR-IRN", "until": "9999-12-31T23:59:59Z"}""", "until")]
    [InlineData("""{"kind": "dyad", "key": "ISR-IRN", "duration": """, "invalid JSON")]
    [InlineData("""{"kind": "dyad", "key": 7, "duration": "01:00:00"}""", "invalid JSON")]
    [InlineData("""{"kind": "dyad", "key": "ISR\u0000IRN", "duration": "01:00:00"}""", "control characters")]
    [InlineData("""{"kind": "dyad", "key": "ISR-IRN", "duration": "01:00:00", "comment": "a\u0000b"}""", "U+0000")]
    public async Task A_silence_out_of_range_or_malformed_gets_400_with_a_detail_never_500(string json, string reason)
    {
        using var response = await Api.Authorized.PostAsync(new Uri("api/silences", UriKind.Relative), Json(json));
        await AssertBadRequestAsync(response, reason);
    }

    [Theory]
    [InlineData("""{"scope": "dyad", "key": "*", "threshold": 100, "clearThreshold": 50, "for": "10675199.00:00:00", "severity": "warning", "repeatInterval": "01:00:00"}""", "'for'")]
    [InlineData("""{"scope": "dyad", "key": "*", "threshold": 100, "clearThreshold": 50, "for": "00:00:00", "severity": "warning", "repeatInterval": "9000.00:00:00"}""", "repeat interval")]
    [InlineData("""{"scope": "dyad", "key": "A\u0001B", "threshold": 100, "clearThreshold": 50, "for": "00:00:00", "severity": "warning", "repeatInterval": "01:00:00"}""", "control characters")]
    public async Task A_rule_whose_times_would_overflow_or_whose_key_holds_control_characters_gets_400(string json, string reason)
    {
        using var response = await Api.Authorized.PutAsync(new Uri("api/rules/probe", UriKind.Relative), Json(json));
        await AssertBadRequestAsync(response, reason);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/risk")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/no/such/page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var response = await Api.Client.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative));
        AssertHeaders(response);
    }

    [Fact]
    public async Task Refusals_and_errors_carry_the_security_headers_too()
    {
        using var refused = await Api.Client.PostAsync(new Uri("api/articles", UriKind.Relative), Json("{}"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        AssertHeaders(refused);

        // Its body was never read: the connection is closed after the answer, not kept for the next request.
        Assert.True(refused.Headers.ConnectionClose, refused.Headers.ToString());
        using var invalid = await Api.Authorized.PostAsync(new Uri("api/articles", UriKind.Relative), Json("{"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        AssertHeaders(invalid);
    }

    [Theory]
    [InlineData("api/score", "text/plain")]
    [InlineData("api/score", "application/x-www-form-urlencoded")]
    [InlineData("api/articles", "text/plain")]
    [InlineData("api/silences", "multipart/form-data; boundary=x")]
    public async Task Json_endpoints_refuse_other_media_types_with_415_so_no_web_page_can_post_to_them_without_a_preflight(string path, string mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"articleId": "x", "body": "Troops massed at the border."}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        using var response = await Api.Authorized.PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Slow_and_aborted_bodies_are_logged_as_few_warning_lines_without_a_stack_trace()
    {
        // Twenty authorised clients that promise a body and hang up after a few bytes.
        for (var i = 0; i < 20; i++)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(Api.Address.Host, Api.Address.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST /api/articles HTTP/1.1\r\nHost: {Api.Address.Authority}\r\nAuthorization: Bearer {ApiProcess.Token}\r\n"
                + "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"articleId\": \"cut"));
            await Task.Delay(50);
        }

        var lines = await ApiProcess.EventuallyAsync(
            () => Task.FromResult(Api.Output.Split('\n').Where(l => l.Contains("client fault", StringComparison.Ordinal)).ToList() is { Count: > 0 } found ? found : null),
            "a client-fault line");
        await Task.Delay(1000);
        var output = Api.Output;
        var faults = output.Split('\n').Count(l => l.Contains("client fault", StringComparison.Ordinal));
        Assert.InRange(faults, 1, 10); // ClientFaultLog.PerMinute
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", output, StringComparison.Ordinal);
        Assert.NotEmpty(lines);
    }

    /// <summary>A 400 whose problem details name <paramref name="reason"/> in <c>detail</c>.</summary>
    private static async Task AssertBadRequestAsync(HttpResponseMessage response, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    internal static void AssertHeaders(HttpResponseMessage response)
    {
        string Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
        var policy = Header("Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header("Referrer-Policy"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
    }
}
