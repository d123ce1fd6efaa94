using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EscalationRisk.Testing;

namespace EscalationRisk.Api.Tests;

/// <summary>
/// <c>escalation-risk loadtest --api</c>: the articles go in through a real Api's <c>POST /api/articles</c> (on the
/// real broker, in the Api tests' own vhost) and are scored by a real scoring worker, so the ingest path's cost per
/// article is measured like the worker's.
/// </summary>
public sealed class IngestLoadTests
{
    private static Dictionary<string, string> Broker() => new()
    {
        ["Messaging:Transport"] = "RabbitMQ",
        ["RabbitMqTransport:Host"] = "127.0.0.1",
        ["RabbitMqTransport:Port"] = Environment.GetEnvironmentVariable("ER_RABBIT_PORT") ?? "5679",
        ["RabbitMqTransport:VHost"] = Environment.GetEnvironmentVariable("ER_RABBIT_API_VHOST") ?? "api-tests",
        ["RabbitMqTransport:User"] = "guest",
        ["RabbitMqTransport:Pass"] = "guest",
    };

    [Fact]
    public async Task Loadtest_through_the_api_reports_every_article_scored_and_the_api_cpu_per_article()
    {
        await using var scoring = await ApiProcess.StartServiceAsync("EscalationRisk.ScoringWorker", Broker());
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string>(Broker()) { ["Api:RateLimit:ArticlesPerSecond"] = "0" });

        var (exit, output) = await LoadTestAsync(ApiProcess.Token, "--count", "300", "--api", api.Address.ToString(),
            "--api-pid", api.ProcessId.ToString(CultureInfo.InvariantCulture), "--timeout", "120");

        Assert.True(exit == 0, output);
        using var report = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1]);
        var r = report.RootElement;
        Assert.Equal(300, r.GetProperty("count").GetInt32());
        Assert.Equal(0, r.GetProperty("lost").GetInt32());
        Assert.True(r.GetProperty("pipelineRate").GetDouble() > 0, output);
        Assert.True(r.GetProperty("cpu").GetProperty("pipeline").GetProperty("apiUs").GetDouble() > 20, output);
    }

    [Fact]
    public async Task Loadtest_through_the_api_with_a_wrong_token_says_what_the_api_answered_and_fails()
    {
        await using var api = await ApiProcess.StartAsync(Broker());

        var (exit, output) = await LoadTestAsync("not-the-token", "--count", "20", "--api", api.Address.ToString(), "--timeout", "30");

        Assert.Equal(1, exit);
        Assert.True(output.Contains("refused 20 of 20 articles; the first: 403 Forbidden", StringComparison.Ordinal) && output.Contains("the bearer token is not the one configured", StringComparison.Ordinal), output);
    }

    private static async Task<(int Exit, string Output)> LoadTestAsync(string token, params string[] args)
    {
        var dll = Path.Combine(RepoRoot.Path, "services", "EscalationRisk.Cli", "bin", RepoRoot.Configuration, "net10.0", "escalation-risk.dll");
        Assert.True(File.Exists(dll), $"the CLI is not built: {dll}");
        var start = new ProcessStartInfo("dotnet", [dll, "loadtest", .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in Broker())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Api__Token"] = token;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stderr + await stdout);
    }
}
