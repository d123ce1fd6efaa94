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
        var exit = OfflineReplay.Run(Stream, rules, TimeSpan.FromHours(6), TimeSpan.FromMinutes(1), TimeSpan.FromHours(12), "text", stdout, stderr);

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
        Assert.Matches(@"^replay: \d+ articles over [\d.]+ simulated hours in \d+ s; \d+ alerts; working set sampled every 15 simulated minutes, highest \d+ MB\r?\n$", error);

        // Where a resolve comes from the decay alone, its minute moves with the scores' last decimals whenever the
        // model is retrained: those are checked as windows (and a repeat just before such a resolve may or may not come).
        Window(alerts, "resolved warning country-elevated country USA", "18:00", "18:45");
        // Iran's resolve moved from 18:45–19:45 to 18:14 when "stood down from maximum alert" (deesc-05) stopped counting
        // the alert it came down from as a mobilisation (lexicon 2026.12.6): the stand-down is restraint alone. It moved to
        // 17:54 when missile launchers moved (crisis-03) became a mobilisation of the rules (0.7) instead of the model's, and
        // back inside the window when "raised their alert level" became a mobilisation word (lexicon 2026.12.7).
        Window(alerts, "resolved warning country-elevated country IRN", "18:00", "19:00");
        Window(alerts, "resolved warning dyad-elevated dyad IRN-USA", "20:15", "21:15");
        alerts.RemoveAll(a => a.StartsWith("2026-03-01T19:06:00Z firing warning", StringComparison.Ordinal));

        // A "for" of two hours fires once the index has held over its threshold that long, so the minute of the United
        // States' country warning moves with the minute its pressure first crossed, which the scores' last decimals set.
        Near(alerts, "firing warning country-elevated country USA", ["11:10", "15:10"], TimeSpan.FromMinutes(4));
        Assert.Equal(
        [
            // Nothing in the calm night. The burst: an attack reported, then ten distinct stories in eighteen minutes;
            // the dyad and both states were quiet all night, so each surges against its own baseline too.
            "2026-03-01T09:10:00Z firing critical article-attack article crisis-06",
            "2026-03-01T09:12:00Z firing critical dyad-burst dyad IRN-USA",
            "2026-03-01T09:12:00Z firing critical dyad-surge dyad IRN-USA",
            "2026-03-01T09:19:00Z firing warning country-surge country IRN",
            "2026-03-01T09:21:00Z firing warning country-surge country USA",
            "2026-03-01T10:10:00Z resolved critical article-attack article crisis-06",
            "2026-03-01T10:12:00Z firing critical dyad-burst dyad IRN-USA",
            // The slower rules once their two hours have passed.
            "2026-03-01T11:06:00Z firing warning dyad-elevated dyad IRN-USA",
            "2026-03-01T11:06:00Z firing warning country-elevated country IRN",
            "near 11:10 firing warning country-elevated country USA",
            "2026-03-01T11:12:00Z firing critical dyad-burst dyad IRN-USA",
            "2026-03-01T11:12:00Z firing critical dyad-surge dyad IRN-USA",
            "2026-03-01T12:12:00Z firing critical dyad-burst dyad IRN-USA",
            // Mediation from 13:00 is effort: it damps the combined risk (P²/(P+E)) but no longer subtracts from it.
            "2026-03-01T13:12:00Z firing critical dyad-burst dyad IRN-USA",
            "2026-03-01T13:12:00Z firing critical dyad-surge dyad IRN-USA",
            "2026-03-01T13:19:00Z firing warning country-surge country IRN",
            "2026-03-01T13:21:00Z firing warning country-surge country USA",
            "2026-03-01T14:12:00Z firing critical dyad-burst dyad IRN-USA",
            "2026-03-01T15:06:00Z firing warning dyad-elevated dyad IRN-USA",
            "2026-03-01T15:06:00Z firing warning country-elevated country IRN",
            "near 15:10 firing warning country-elevated country USA",
            "2026-03-01T15:12:00Z firing critical dyad-burst dyad IRN-USA",
            "2026-03-01T15:12:00Z firing critical dyad-surge dyad IRN-USA",
            // The ceasefire brings effort level with pressure: the risk halves and the burst ends.
            "2026-03-01T15:30:00Z resolved critical dyad-burst dyad IRN-USA",
            "2026-03-01T17:12:00Z firing critical dyad-surge dyad IRN-USA",
            "2026-03-01T17:19:00Z firing warning country-surge country IRN",
            "2026-03-01T17:21:00Z firing warning country-surge country USA",
            // By 18:00 the crisis hours outnumber the quiet ones watched since 00:30: it is this dyad's baseline now.
            "2026-03-01T18:01:00Z resolved critical dyad-surge dyad IRN-USA",
            "2026-03-01T18:01:00Z resolved warning country-surge country IRN",
            "2026-03-01T18:01:00Z resolved warning country-surge country USA",
            // The warnings hold in their hysteresis band until the decay ends them (the windows above).
            "window resolved warning country-elevated country USA",
            "window resolved warning country-elevated country IRN",
            "window resolved warning dyad-elevated dyad IRN-USA",
        ], alerts);
    }

    [Fact]
    public void A_quiet_dyad_that_heats_up_surges_within_30_minutes_and_a_dyad_that_stays_high_never_surges()
    {
        var stream = Path.Combine(AppContext.BaseDirectory, "Streams", "crisis_day_surge.jsonl");
        var stdout = new StringWriter();
        var series = new StringWriter();
        var exit = OfflineReplay.Run(stream, null, TimeSpan.FromHours(6), TimeSpan.FromMinutes(1), TimeSpan.FromHours(12), "text", stdout, new StringWriter(), series: series);
        Assert.Equal(0, exit);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Armenia and Azerbaijan: nothing all day, then threats and shelling from 18:00.
        var surge = lines.First(l => l.Contains("firing   critical dyad-surge         dyad ARM-AZE", StringComparison.Ordinal));
        var at = DateTimeOffset.Parse(surge[..20], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, DateTimeOffset.Parse("2026-03-01T18:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2026-03-01T18:30:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("baseline 0", surge, StringComparison.Ordinal);

        // Israel and Lebanon: a strike every 45 minutes from midnight. High all day (the absolute rules fire), but
        // never a surge, for that is its usual.
        Assert.Contains(lines, l => l.Contains("dyad-burst         dyad ISR-LBN", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("surge", StringComparison.Ordinal) && (l.Contains("ISR", StringComparison.Ordinal) || l.Contains("LBN", StringComparison.Ordinal)));

        // The scripted day's own transitions still happen beside them.
        foreach (var expected in new[] { "09:12:00Z firing   critical dyad-burst         dyad IRN-USA", "09:12:00Z firing   critical dyad-surge         dyad IRN-USA", "15:30:00Z resolved critical dyad-burst         dyad IRN-USA" })
        {
            Assert.Contains(lines, l => l.Contains(expected, StringComparison.Ordinal));
        }

        // Both series, every 15 minutes, for every scope.
        var rows = series.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("time\tkind\tkey\tpressure\teffort\trisk\tbaseline", rows[0]);
        var steady = rows.Where(r => r.Contains("\tdyad\tISR-LBN\t", StringComparison.Ordinal) && r.StartsWith("2026-03-01T18:00", StringComparison.Ordinal)).Single().Split('\t');
        Assert.True(double.Parse(steady[3], System.Globalization.CultureInfo.InvariantCulture) > 400);
        Assert.True(double.Parse(steady[6], System.Globalization.CultureInfo.InvariantCulture) > 300);
        var mediated = rows.Where(r => r.Contains("\tdyad\tIRN-USA\t", StringComparison.Ordinal) && r.StartsWith("2026-03-01T16:00", StringComparison.Ordinal)).Single().Split('\t');
        Assert.True(double.Parse(mediated[4], System.Globalization.CultureInfo.InvariantCulture) > 100, "effort after the ceasefire");
    }

    /// <summary>Checks that <paramref name="line"/> occurs once between two times of the day, and puts a marker in its place.</summary>
    /// <summary>
    /// Every alert ending with <paramref name="line"/> comes within <paramref name="slack"/> of its expected minute, in
    /// order; each is replaced in place by "near <i>minute</i> <i>line</i>".
    /// </summary>
    private static void Near(List<string> alerts, string line, string[] expected, TimeSpan slack)
    {
        var found = alerts.Select((a, i) => (a, i)).Where(x => x.a.EndsWith(line, StringComparison.Ordinal)).ToList();
        Assert.Equal(expected.Length, found.Count);
        for (var k = 0; k < expected.Length; k++)
        {
            var at = DateTimeOffset.Parse(found[k].a.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            var want = DateTimeOffset.Parse($"2026-03-01T{expected[k]}:00Z", System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(at, want - slack, want + slack);
            alerts[found[k].i] = $"near {expected[k]} {line}";
        }
    }

    private static void Window(List<string> alerts, string line, string from, string to)
    {
        var found = Assert.Single(alerts, a => a.EndsWith(line, StringComparison.Ordinal));
        var at = DateTimeOffset.Parse(found.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, DateTimeOffset.Parse($"2026-03-01T{from}:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse($"2026-03-01T{to}:00Z", System.Globalization.CultureInfo.InvariantCulture));
        alerts.Remove(found);
        alerts.Add("window " + line);
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

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void Through_a_store_the_replay_journals_every_step_and_sends_the_same_alerts_at_the_same_times(string kind)
    {
        var connection = kind == "sqlite" ? $"Data Source={Path.Combine(_folder, "replay.db")};Pooling=False" : EscalationRisk.Testing.TestPostgres.Fresh();
        var inMemory = new StringWriter();
        Assert.Equal(0, OfflineReplay.Run(Stream, null, TimeSpan.FromHours(6), TimeSpan.FromMinutes(1), TimeSpan.FromHours(12), "jsonl", inMemory, new StringWriter()));
        var journaled = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, OfflineReplay.Run(Stream, null, TimeSpan.FromHours(6), TimeSpan.FromMinutes(1), TimeSpan.FromHours(12), "jsonl", journaled, stderr, store: connection));
        Assert.StartsWith("replay: ", stderr.ToString(), StringComparison.Ordinal);

        // Every alert, with its evidence, values and times, byte for byte.
        var expected = inMemory.ToString();
        Assert.True(expected.Split('\n').Length > 20, expected);
        Assert.Equal(expected, journaled.ToString());

        // The store holds what a worker starting on it needs: the same engine, and every article in the read model.
        using var store = Alerting.AlertStores.Open(connection);
        var (revision, snapshot) = Alerting.AlertStores.Read(store);
        Assert.True(revision > 0);
        Assert.NotNull(snapshot);
        var counted = File.ReadLines(Stream).Count(l => l.Trim().Length > 0);
        Assert.Equal(counted, store.Articles(new Alerting.ArticleQuery(Limit: 500)).Items.Count);
    }
}
