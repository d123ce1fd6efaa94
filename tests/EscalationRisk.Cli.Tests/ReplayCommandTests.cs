namespace EscalationRisk.Cli.Tests;

/// <summary>Back-testing: a scripted day replayed through the scorer and the alert engine on a simulated clock.</summary>
public sealed class ReplayCommandTests : IDisposable
{
    private static readonly string Stream = Path.Combine(AppContext.BaseDirectory, "Streams", "crisis_day.jsonl");
    private readonly string _folder = Directory.CreateTempSubdirectory("er-replay-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Exit, List<string> Alerts, string Err) Replay(string? rules = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = ReplayCommand.Run(Stream, rules, TimeSpan.FromHours(6), TimeSpan.FromMinutes(1), TimeSpan.FromHours(12), "text", stdout, stderr);

        // "time status severity rule scope key", without the value.
        var alerts = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..6]))
            .ToList();
        return (exit, alerts, stderr.ToString());
    }

    [Fact]
    public void A_calm_night_a_crisis_burst_then_mediation_and_a_ceasefire_give_exactly_the_expected_alerts()
    {
        var (exit, alerts, error) = Replay();
        Assert.Equal(0, exit);
        Assert.Equal("", error);

        // The United States' country index leaves the band as the mediation articles decay it; the minute moves with
        // the scores' last decimals whenever the model is retrained, so it is checked as a window, not a minute.
        var usa = Assert.Single(alerts, a => a.EndsWith("resolved warning country-elevated country USA", StringComparison.Ordinal));
        var usaTime = DateTimeOffset.Parse(usa.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(usaTime, DateTimeOffset.Parse("2026-03-01T14:30:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2026-03-01T15:02:00Z", System.Globalization.CultureInfo.InvariantCulture));
        alerts[alerts.IndexOf(usa)] = "between 14:30 and 15:02 resolved warning country-elevated country USA";
        Assert.Equal(
        [
            // Nothing in the calm night. The burst: an attack reported, then ten distinct stories in eighteen minutes.
            "2026-03-01T09:10:00Z firing critical article-attack article crisis-06",
            "2026-03-01T09:12:00Z firing critical dyad-burst dyad IRN-USA",
            "2026-03-01T10:10:00Z resolved critical article-attack article crisis-06",
            "2026-03-01T10:12:00Z firing critical dyad-burst dyad IRN-USA",
            // The slower rules once their two hours have passed.
            "2026-03-01T11:02:00Z firing warning dyad-elevated dyad IRN-USA",
            "2026-03-01T11:06:00Z firing warning country-elevated country IRN",
            "2026-03-01T11:08:00Z firing warning country-elevated country USA",
            "2026-03-01T11:12:00Z firing critical dyad-burst dyad IRN-USA",
            "2026-03-01T12:12:00Z firing critical dyad-burst dyad IRN-USA",
            // Mediation from 13:00 brings the index down.
            "2026-03-01T13:12:00Z firing critical dyad-burst dyad IRN-USA",
            "2026-03-01T14:12:00Z firing critical dyad-burst dyad IRN-USA",
            "2026-03-01T14:30:00Z resolved critical dyad-burst dyad IRN-USA",
            "between 14:30 and 15:02 resolved warning country-elevated country USA",
            // Inside the hysteresis band the warnings hold (and repeat) until the ceasefire ends them. (Iran's index also
            // holds the Revolutionary Guards' alert of 09:04, which the scorer reads as mobilisation without a target.)
            "2026-03-01T15:02:00Z firing warning dyad-elevated dyad IRN-USA",
            "2026-03-01T15:06:00Z firing warning country-elevated country IRN",
            "2026-03-01T15:30:00Z resolved warning dyad-elevated dyad IRN-USA",
            "2026-03-01T15:30:00Z resolved warning country-elevated country IRN",
        ], alerts);
    }

    [Fact]
    public async Task A_live_replay_on_the_embedded_pipeline_prints_the_alerts_the_running_workers_publish()
    {
        // Real time, not the articles' times: the burst arrives within a second, so the instant rules fire at once
        // and the slow ones (two hours of "for") do not.
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await ReplayCommand.RunLiveAsync(Stream, rate: 100, TimeSpan.FromSeconds(3), "text", stdout, stderr,
            new Dictionary<string, string?> { ["Messaging:Transport"] = "InMemory" }, CancellationToken.None);
        Assert.True(exit == 0, stderr.ToString());
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..6]))
            .ToList();
        Assert.Contains("firing critical article-attack article crisis-06", lines);
        Assert.Contains("firing critical dyad-burst dyad IRN-USA", lines);
        Assert.DoesNotContain(lines, l => l.Contains("elevated", StringComparison.Ordinal));
        Assert.Contains("replayed 22 articles", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{lines.Count} alerts", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_replay_refuses_a_rate_that_is_not_positive()
    {
        var stderr = new StringWriter();
        var exit = await ReplayCommand.RunLiveAsync(Stream, rate: 0, TimeSpan.Zero, "text", new StringWriter(), stderr, null, CancellationToken.None);
        Assert.Equal(2, exit);
        Assert.Contains("--rate must be positive", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_rule_set_is_back_tested_before_it_is_used_and_a_bad_one_is_refused_with_reasons()
    {
        var stricter = Path.Combine(_folder, "stricter.json");
        File.WriteAllText(stricter, """
            {
              "indexRules": [
                { "name": "dyad-burst", "scope": "dyad", "threshold": 700, "clearThreshold": 150, "for": "00:00:00",
                  "severity": "critical", "repeatInterval": "01:00:00", "key": "*" }
              ],
              "articleRules": []
            }
            """);
        var (exit, alerts, _) = Replay(stricter);
        Assert.Equal(0, exit);
        Assert.Empty(alerts);

        var bad = Path.Combine(_folder, "bad.json");
        File.WriteAllText(bad, """
            { "indexRules": [ { "name": "x", "scope": "dyad", "threshold": 10, "clearThreshold": 20, "for": "00:00:00",
                "severity": "loud", "repeatInterval": "01:00:00", "key": "*" } ], "articleRules": [] }
            """);
        var (badExit, _, error) = Replay(bad);
        Assert.Equal(2, badExit);
        Assert.Contains("clear threshold", error, StringComparison.Ordinal);
        Assert.Contains("severity", error, StringComparison.Ordinal);
    }
}
