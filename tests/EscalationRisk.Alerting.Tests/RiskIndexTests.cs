using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting.Tests;

public sealed class RiskIndexTests
{
    private static readonly AlertScope Dyad = new(ScopeKind.Dyad, "IRN-USA");
    private static readonly TimeSpan HalfLife = TimeSpan.FromHours(6);

    /// <summary>The pressure an article without signals adds: its escalation at the default weight.</summary>
    private static double P(double escalation) => 100 * escalation * RiskIndex.DefaultWeight;

    [Fact]
    public void Pressure_halves_every_half_life()
    {
        var index = new RiskIndex(HalfLife);
        index.Add(Scored.Article("a", 0.8), Scored.Start);
        Assert.Equal(P(0.8), index.ReadingAt(Dyad, Scored.Start).Pressure, 6);
        Assert.Equal(P(0.8) / 2, index.ReadingAt(Dyad, Scored.Start + HalfLife).Pressure, 6);
        Assert.Equal(P(0.8) / 4, index.ReadingAt(Dyad, Scored.Start + (2 * HalfLife)).Pressure, 6);
    }

    [Fact]
    public void Contributions_add_up_each_decayed_from_its_own_time()
    {
        var index = new RiskIndex(HalfLife);
        index.Add(Scored.Article("a", 0.8), Scored.Start);
        index.Add(Scored.Article("b", 0.6), Scored.Start + HalfLife);
        Assert.Equal((P(0.8) / 2) + P(0.6), index.ReadingAt(Dyad, Scored.Start + HalfLife).Pressure, 6);
        Assert.Equal((P(0.8) / 4) + (P(0.6) / 2), index.ReadingAt(Dyad, Scored.Start + (2 * HalfLife)).Pressure, 6);
    }

    [Fact]
    public void A_redelivered_article_changes_nothing()
    {
        var index = new RiskIndex(HalfLife);
        Assert.True(index.Add(Scored.Article("a", 0.8), Scored.Start));
        Assert.False(index.Add(Scored.Article("a", 0.8), Scored.Start.AddMinutes(5)));
        Assert.Equal(P(0.8), index.ReadingAt(Dyad, Scored.Start).Pressure, 6);
    }

    [Fact]
    public void A_story_syndicated_by_many_outlets_counts_once_per_scope()
    {
        var index = new RiskIndex(HalfLife);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(index.Add(Scored.Article($"outlet-{i}", 0.8, story: "st-same"), Scored.Start.AddMinutes(i)));
        }

        Assert.Equal(P(0.8), index.ReadingAt(Dyad, Scored.Start).Pressure, 6);

        // The same story about another dyad still counts there.
        index.Add(Scored.Article("other", 0.8, story: "st-same", actors: ["ISR", "LBN"]), Scored.Start);
        Assert.Equal(P(0.8), index.ReadingAt(new AlertScope(ScopeKind.Dyad, "ISR-LBN"), Scored.Start).Pressure, 6);
    }

    [Fact]
    public void De_escalation_feeds_effort_and_damps_the_combined_risk_without_erasing_pressure()
    {
        var index = new RiskIndex(HalfLife);
        index.Add(Scored.Article("a", 0.8), Scored.Start);
        var before = index.ReadingAt(Dyad, Scored.Start);
        Assert.Equal(before.Pressure, before.Risk, 6);

        index.Add(Scored.Article("b", 0, deescalation: 0.8), Scored.Start);
        var after = index.ReadingAt(Dyad, Scored.Start);
        Assert.Equal(before.Pressure, after.Pressure, 6);
        Assert.Equal(P(0.8), after.Effort, 6);
        Assert.Equal(before.Pressure / 2, after.Risk, 6);

        // However much effort, the risk stays above zero while there is pressure, and never below it.
        for (var i = 0; i < 20; i++)
        {
            index.Add(Scored.Article($"calm-{i}", 0, deescalation: 0.9), Scored.Start);
        }

        var calmed = index.ReadingAt(Dyad, Scored.Start);
        Assert.InRange(calmed.Risk, 0.01, before.Pressure / 10);
        Assert.Equal(before.Pressure, calmed.Pressure, 6);
    }

    [Fact]
    public void A_strongly_mixed_article_raises_the_risk_by_half_its_pressure()
    {
        var index = new RiskIndex(HalfLife);
        index.Add(Scored.Article("mixed", 0.99, deescalation: 0.99, signals: [Scored.Signal(SignalCategory.StrikeOption, 0.9), Scored.Signal(SignalCategory.Mediation, 0.9)]), Scored.Start);
        var reading = index.ReadingAt(Dyad, Scored.Start);
        Assert.True(reading.Pressure > 90 && reading.Effort > 80, reading.ToString());
        Assert.InRange(reading.Risk, reading.Pressure * 0.45, reading.Pressure * 0.6);
    }

    [Fact]
    public void Severity_weighs_an_attack_over_a_warning_and_a_ceasefire_over_a_call_for_calm()
    {
        double Pressure(SignalCategory category) => RiskIndex.PointsOf(Scored.Article("x", 0.9, signals: [Scored.Signal(category, 0.9)])).Pressure;
        double Effort(SignalCategory category) => RiskIndex.PointsOf(Scored.Article("x", 0, 0.9, signals: [Scored.Signal(category, 0.9)])).Effort;
        Assert.True(Pressure(SignalCategory.Attack) > Pressure(SignalCategory.StrikeOption));
        Assert.True(Pressure(SignalCategory.StrikeOption) > Pressure(SignalCategory.ThreatToRespond));
        Assert.True(Effort(SignalCategory.Ceasefire) > Effort(SignalCategory.Mediation));
        Assert.True(Effort(SignalCategory.Mediation) > Effort(SignalCategory.CallForCalm));
        Assert.True(Effort(SignalCategory.CallForCalm) > Effort(SignalCategory.Dialogue));

        // The strongest signal of each polarity sets its weight.
        var both = RiskIndex.PointsOf(Scored.Article("y", 0.9, signals: [Scored.Signal(SignalCategory.ThreatToRespond, 0.9), Scored.Signal(SignalCategory.Attack, 0.9)]));
        Assert.Equal(Pressure(SignalCategory.Attack), both.Pressure, 6);
    }

    [Fact]
    public void No_article_ever_lowers_pressure_or_effort_for_any_combination_of_labels_and_signals()
    {
        var index = new RiskIndex(HalfLife);
        var at = Scored.Start;
        var scores = new[] { 0.0, 0.05, 0.3, 0.5, 0.8, 1.0 };
        var categories = Enum.GetValues<SignalCategory>();
        var n = 0;
        foreach (var escalation in scores)
        {
            foreach (var deescalation in scores)
            {
                foreach (var label in Enum.GetValues<ArticleLabel>())
                {
                    for (var mask = 0; mask < 8; mask++)
                    {
                        // No signal, one of each polarity, or two of different polarities, cycling through the categories.
                        var signals = new List<Signal>();
                        if ((mask & 1) != 0) { signals.Add(Scored.Signal(categories[n % 5], 0.9)); }
                        if ((mask & 2) != 0) { signals.Add(Scored.Signal(categories[5 + (n % 5)], 0.9)); }
                        if ((mask & 4) != 0) { signals.Add(Scored.Signal(categories[(n + 2) % categories.Length], 0.6)); }
                        var article = Scored.Article($"a-{n++}", escalation, deescalation, signals: signals) with { Label = label };
                        var scopes = RiskIndex.ScopesOf(article).ToList();
                        var before = scopes.Select(s => index.ReadingAt(s, at)).ToList();
                        index.Add(article, at);
                        var after = scopes.Select(s => index.ReadingAt(s, at)).ToList();
                        for (var i = 0; i < scopes.Count; i++)
                        {
                            Assert.True(after[i].Pressure >= before[i].Pressure - 1e-9, $"{label} {escalation}/{deescalation} lowered pressure on {scopes[i]}");
                            Assert.True(after[i].Effort >= before[i].Effort - 1e-9, $"{label} {escalation}/{deescalation} lowered effort on {scopes[i]}");
                        }
                    }
                }
            }

            at = at.AddMinutes(1);
        }

        Assert.True(n > 1000);
    }

    [Fact]
    public void An_article_counts_for_its_dyads_its_states_and_globally_not_for_groups()
    {
        var scopes = RiskIndex.ScopesOf(Scored.Article("a", 0.5, actors: ["IRN", "USA", "HEZBOLLAH"])).ToList();
        Assert.Contains(new AlertScope(ScopeKind.Dyad, "IRN-USA"), scopes);
        Assert.Contains(new AlertScope(ScopeKind.Country, "IRN"), scopes);
        Assert.Contains(new AlertScope(ScopeKind.Country, "USA"), scopes);
        Assert.Contains(new AlertScope(ScopeKind.Global, "global"), scopes);
        Assert.DoesNotContain(scopes, s => s.Key == "HEZBOLLAH");
    }

    [Fact]
    public void Pruning_forgets_old_ids_but_not_the_index()
    {
        var index = new RiskIndex(HalfLife, memory: TimeSpan.FromDays(1));
        index.Add(Scored.Article("a", 0.8), Scored.Start);
        index.Prune(Scored.Start.AddDays(2));
        Assert.True(index.Add(Scored.Article("a", 0.8), Scored.Start.AddDays(2)), "an id older than the memory is forgotten");
        Assert.True(index.ReadingAt(Dyad, Scored.Start.AddDays(2)).Pressure >= P(0.8));
    }

    [Fact]
    public void The_baseline_is_unknown_for_six_hours_then_counts_a_new_scopes_earlier_hours_as_zero()
    {
        var index = new RiskIndex(HalfLife);
        var other = new AlertScope(ScopeKind.Dyad, "ISR-LBN");
        index.Add(Scored.Article("first", 0.5, actors: ["ISR", "LBN"]), Scored.Start);
        Assert.Null(index.BaselineAt(Dyad, Scored.Start.AddHours(4)));
        Assert.NotNull(index.BaselineAt(other, Scored.Start.AddHours(7)));

        // A dyad first seen after ten quiet hours: its baseline is zero, whatever its pressure now.
        index.Add(Scored.Article("late", 0.9), Scored.Start.AddHours(10));
        var baseline = index.BaselineAt(Dyad, Scored.Start.AddHours(10.5))!;
        Assert.Equal(0, baseline.Median);
        Assert.Equal(11, baseline.Hours);
    }

    [Fact]
    public void A_steady_stream_makes_its_own_baseline_and_a_few_hours_of_surge_barely_move_it()
    {
        var index = new RiskIndex(HalfLife);
        var at = Scored.Start;
        for (var i = 0; i < 3 * 24 * 2; i++)
        {
            index.Add(Scored.Article($"steady-{i}", 0.6), at);
            at = at.AddMinutes(30);
        }

        var steady = index.BaselineAt(Dyad, at)!;
        var pressure = index.ReadingAt(Dyad, at).Pressure;
        Assert.InRange(pressure / steady.Median, 0.8, 1.3);

        // Six hours of ten times the stories.
        for (var i = 0; i < 6 * 20; i++)
        {
            index.Add(Scored.Article($"surge-{i}", 0.9), at);
            at = at.AddMinutes(3);
        }

        var during = index.BaselineAt(Dyad, at)!;
        Assert.True(index.ReadingAt(Dyad, at).Pressure > 4 * during.Median, $"{index.ReadingAt(Dyad, at)} against {during}");
        Assert.InRange(during.Median / steady.Median, 0.9, 1.25);
    }

    [Fact]
    public void History_gives_pressure_effort_risk_and_baseline_at_each_time()
    {
        var index = new RiskIndex(HalfLife);
        index.Add(Scored.Article("a", 0.8), Scored.Start);
        index.Add(Scored.Article("b", 0, 0.8), Scored.Start.AddHours(1));
        var history = index.History(Dyad, [Scored.Start.AddMinutes(30), Scored.Start.AddHours(2), Scored.Start.AddHours(8)]);
        Assert.Equal(0, history[0].Effort);
        Assert.Equal(history[0].Pressure, history[0].Risk, 6);
        Assert.True(history[1].Effort > 0 && history[1].Risk < history[1].Pressure);
        Assert.Null(history[1].Baseline);
        Assert.NotNull(history[2].Baseline);
    }

    [Fact]
    public void A_snapshot_of_the_previous_release_restores_with_pressure_and_effort_rebuilt_from_its_articles()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "engine-snapshot-2026-12-06.json"));
        Assert.Contains("\"sum\":", json, StringComparison.Ordinal);
        var snapshot = EngineSnapshot.FromJson(json);
        var index = RiskIndex.Import(snapshot.Index);
        var at = snapshot.Index.Scopes.Max(s => s.UpdatedAt);

        // The dyad of eight attacks and a mediation: pressure from the attacks, effort from the mediation.
        var reading = index.ReadingAt(Dyad, at);
        Assert.True(reading.Pressure > 300, reading.ToString());
        Assert.True(reading.Effort > 50, reading.ToString());
        Assert.True(reading.Risk < reading.Pressure);

        // The mixed article's dyad has both, where the old index had their difference.
        var mixed = index.ReadingAt(new AlertScope(ScopeKind.Dyad, "ISR-LBN"), at);
        Assert.True(mixed.Pressure > 0 && mixed.Effort > 0, mixed.ToString());

        // Written again, it is in the new form and reads back the same.
        var again = index.Export();
        Assert.All(again.Scopes, s => Assert.Null(s.Sum));
        Assert.Equal(reading, RiskIndex.Import(again).ReadingAt(Dyad, at));
        Assert.NotNull(again.Since);
    }

    [Fact]
    public void Only_the_contributions_that_weigh_most_keep_their_article_and_the_evidence_is_the_same_as_ranking_them_all()
    {
        var index = new RiskIndex(TimeSpan.FromHours(6));
        var random = new Random(7);
        var added = new List<(ArticleScored Article, DateTimeOffset At, double Pressure)>();
        for (var i = 0; i < 400; i++)
        {
            var at = Scored.Start.AddMinutes(i * 3);
            var article = Scored.Article($"a-{i:D3}", Math.Round(random.NextDouble(), 2), signals: [Scored.Signal(SignalCategory.Attack, 0.9)]);
            Assert.True(index.Add(article, at));
            added.Add((article, at, RiskIndex.PointsOf(article).Pressure));
        }

        var now = Scored.Start.AddMinutes(400 * 3);
        index.Prune(now);
        var kept = added.Where(a => a.At >= now - TimeSpan.FromHours(6 * RiskIndex.ContributionHalfLives)).ToList();
        var expected = kept.Where(a => a.Pressure > 0)
            .OrderByDescending(a => a.Pressure * Math.Pow(2, -(now - a.At).TotalHours / 6))
            .Take(AlertEngine.EvidenceCount)
            .Select(a => a.Article.ArticleId);
        Assert.Equal(expected, index.TopArticles(Dyad, now, AlertEngine.EvidenceCount).Select(a => a.ArticleId));

        // Every contribution stays for history; at most EvidenceHeld keep their article, in the snapshot too.
        var scope = index.Export().Scopes.Single(s => s.Scope == Dyad);
        Assert.Equal(kept.Count, scope.Recent.Count);
        Assert.All(scope.Recent, c => Assert.Null(c.Article));
        Assert.InRange(scope.Evidence!.Count, AlertEngine.EvidenceCount, RiskIndex.EvidenceHeld);
        Assert.All(scope.Evidence, c => Assert.NotNull(c.Article));
        var restored = RiskIndex.Import(index.Export());
        Assert.Equal(index.TopArticles(Dyad, now, AlertEngine.EvidenceCount), restored.TopArticles(Dyad, now, AlertEngine.EvidenceCount));

        // Later articles go on displacing in the restored index exactly as in the one that wrote the snapshot.
        foreach (var i in Enumerable.Range(400, 50))
        {
            var article = Scored.Article($"a-{i:D3}", Math.Round(random.NextDouble(), 2));
            index.Add(article, Scored.Start.AddMinutes(i * 3));
            restored.Add(article, Scored.Start.AddMinutes(i * 3));
        }

        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(index.Export(), ContractJson.Options),
            System.Text.Json.JsonSerializer.Serialize(restored.Export(), ContractJson.Options));
    }
}
