using EscalationRisk.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace EscalationRisk.Alerting.Tests;

/// <summary>The lifecycle with a fake clock: every time step is explicit, nothing sleeps.</summary>
public sealed class AlertEngineTests
{
    private static readonly AlertScope Dyad = new(ScopeKind.Dyad, "IRN-USA");

    private readonly FakeTimeProvider _clock = new(Scored.Start);
    private readonly RiskIndex _index = new(TimeSpan.FromHours(6));

    private static AlertRule Rule(TimeSpan? forDuration = null, TimeSpan? repeat = null, double threshold = 100, double clear = 50) =>
        new("dyad-rising", ScopeKind.Dyad, threshold, clear, forDuration ?? TimeSpan.FromMinutes(10), "warning", repeat ?? TimeSpan.FromHours(1));

    private void Add(string id, double escalation, double deescalation = 0) =>
        _index.Add(Scored.Article(id, escalation, deescalation), _clock.GetUtcNow());

    [Fact]
    public void An_alert_is_pending_for_its_for_duration_then_fires_once()
    {
        var engine = new AlertEngine(_index, _clock, [Rule()]);
        Add("a", 0.9);
        Add("b", 0.9);
        Assert.Empty(engine.Evaluate());
        Assert.Equal(AlertPhase.Pending, engine.PhaseOf("dyad-rising", Dyad));

        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty(engine.Evaluate());
        _clock.Advance(TimeSpan.FromMinutes(1));
        var fired = Assert.Single(engine.Evaluate());
        Assert.Equal(AlertStatus.Firing, fired.Status);
        Assert.Equal(Dyad, fired.Scope);
        Assert.Equal(_clock.GetUtcNow(), fired.StartsAt);
        Assert.Null(fired.EndsAt);
        Assert.Equal(AlertEngine.Fingerprint("dyad-rising", Dyad), fired.AlertId);
        Assert.Equal(["a", "b"], fired.Evidence.Select(e => e.ArticleId).Order());

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(engine.Evaluate());
    }

    [Fact]
    public void A_pending_alert_that_drops_below_the_threshold_never_fires()
    {
        var engine = new AlertEngine(_index, _clock, [Rule(threshold: 100, clear: 50)]);
        Add("a", 0.9);
        Add("b", 0.3);
        Assert.Empty(engine.Evaluate());
        Add("c", 0, deescalation: 0.5);
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(engine.Evaluate());
        Assert.Equal(AlertPhase.Inactive, engine.PhaseOf("dyad-rising", Dyad));
    }

    [Fact]
    public void A_firing_alert_repeats_every_repeat_interval_with_the_same_id()
    {
        var engine = new AlertEngine(_index, _clock, [Rule(forDuration: TimeSpan.Zero, repeat: TimeSpan.FromMinutes(30))]);
        Add("a", 0.9);
        Add("b", 0.9);
        Add("c", 0.9);
        var first = Assert.Single(engine.Evaluate());
        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Empty(engine.Evaluate());
        _clock.Advance(TimeSpan.FromMinutes(1));
        var again = Assert.Single(engine.Evaluate());
        Assert.Equal(first.AlertId, again.AlertId);
        Assert.Equal(first.StartsAt, again.StartsAt);
        Assert.Equal(AlertStatus.Firing, again.Status);
    }

    [Fact]
    public void Hysteresis_keeps_the_alert_firing_between_clear_and_threshold_then_it_resolves_once()
    {
        var engine = new AlertEngine(_index, _clock, [Rule(forDuration: TimeSpan.Zero, repeat: TimeSpan.FromDays(1), threshold: 100, clear: 50)]);
        Add("a", 0.8);
        Add("b", 0.8);
        Assert.Equal(AlertStatus.Firing, Assert.Single(engine.Evaluate()).Status);

        // 160 → 80 after one half-life: below the threshold, above the clear threshold: no flapping.
        _clock.Advance(TimeSpan.FromHours(6));
        Assert.Empty(engine.Evaluate());
        Assert.Equal(AlertPhase.Firing, engine.PhaseOf("dyad-rising", Dyad));

        // 80 → 40 after another: resolved, once.
        _clock.Advance(TimeSpan.FromHours(6));
        var resolved = Assert.Single(engine.Evaluate());
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(_clock.GetUtcNow(), resolved.EndsAt);
        Assert.Equal(Scored.Start, resolved.StartsAt);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(engine.Evaluate());
    }

    [Fact]
    public void De_escalation_can_resolve_a_firing_alert()
    {
        var engine = new AlertEngine(_index, _clock, [Rule(forDuration: TimeSpan.Zero)]);
        Add("a", 0.9);
        Add("b", 0.9);
        Assert.Single(engine.Evaluate());

        // Effort damps the combined risk (P²/(P+E)); it takes about twice the pressure in effort to halve it.
        Add("talks", 0, deescalation: 0.7);
        Add("ceasefire", 0, deescalation: 0.9);
        Assert.Empty(engine.Evaluate());
        Add("withdrawal", 0, deescalation: 0.9);
        Add("hotline", 0, deescalation: 0.9);
        Add("summit", 0, deescalation: 0.9);
        var resolved = Assert.Single(engine.Evaluate());
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.True(resolved.Pressure > resolved.Effort / 3 && resolved.Effort > 0, $"{resolved.Pressure} {resolved.Effort}");
    }

    [Fact]
    public void A_silence_mutes_notifications_until_it_expires_and_no_resolve_is_sent_for_an_unsent_firing()
    {
        var engine = new AlertEngine(_index, _clock, [Rule(forDuration: TimeSpan.Zero)]);
        engine.AddSilence(new Silence(ScopeKind.Dyad, "IRN-USA", _clock.GetUtcNow().AddHours(1), "known exercise"));
        Add("a", 0.9);
        Add("b", 0.9);
        Assert.Empty(engine.Evaluate());
        Assert.Equal(AlertPhase.Firing, engine.PhaseOf("dyad-rising", Dyad));

        _clock.Advance(TimeSpan.FromHours(1));
        var afterExpiry = Assert.Single(engine.Evaluate());
        Assert.Equal(AlertStatus.Firing, afterExpiry.Status);
        Assert.Empty(engine.Silences);

        // A second episode that starts and ends inside a silence sends nothing at all.
        for (var i = 0; i < 5; i++)
        {
            Add($"talks-{i}", 0, deescalation: 0.95);
        }

        Assert.Equal(AlertStatus.Resolved, Assert.Single(engine.Evaluate()).Status);
        engine.AddSilence(new Silence(ScopeKind.Dyad, "*", _clock.GetUtcNow().AddHours(1)));
        Add("c", 0.9);
        Add("d", 0.9);
        Add("e", 0.9);
        Assert.Empty(engine.Evaluate());
        Assert.Equal(AlertPhase.Firing, engine.PhaseOf("dyad-rising", Dyad));
        for (var i = 0; i < 40; i++)
        {
            Add($"calm-{i}", 0, deescalation: 0.95);
        }

        Assert.Empty(engine.Evaluate());
        Assert.Equal(AlertPhase.Inactive, engine.PhaseOf("dyad-rising", Dyad));
    }

    [Fact]
    public void Rules_change_at_run_time_a_removed_rule_resolves_its_alert_and_bad_rules_are_refused()
    {
        var engine = new AlertEngine(_index, _clock, [Rule(forDuration: TimeSpan.Zero)]);
        Add("a", 0.9);
        Add("b", 0.9);
        Assert.Single(engine.Evaluate());

        var bad = new AlertRule("x", ScopeKind.Dyad, 10, 20, TimeSpan.Zero, "loud", TimeSpan.Zero);
        var refused = Assert.Throws<ArgumentException>(() => engine.SetRules([bad]));
        Assert.Contains("clear threshold", refused.Message, StringComparison.Ordinal);
        Assert.Contains("severity", refused.Message, StringComparison.Ordinal);
        Assert.Contains("repeat interval", refused.Message, StringComparison.Ordinal);
        Assert.Equal("dyad-rising", Assert.Single(engine.Rules).Name);

        engine.SetRules([new AlertRule("country-high", ScopeKind.Country, 120, 75, TimeSpan.Zero, "critical", TimeSpan.FromHours(1), "IRN")]);
        var changes = engine.Evaluate();
        var resolved = Assert.Single(changes, a => a.Rule == "dyad-rising");
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        var country = Assert.Single(changes, a => a.Rule == "country-high");
        Assert.Equal(new AlertScope(ScopeKind.Country, "IRN"), country.Scope);
        Assert.Equal("critical", country.Severity);
    }

    [Fact]
    public void A_surge_rule_fires_for_a_quiet_dyad_that_heats_up_not_for_a_dyad_that_stays_high_and_waits_for_a_baseline()
    {
        var surge = new AlertRule("dyad-surge", ScopeKind.Dyad, 4, 2, TimeSpan.FromMinutes(10), "critical", TimeSpan.FromHours(2), Surge: new SurgeSpec("factor", 30));
        var engine = new AlertEngine(_index, _clock, [surge]);
        var steady = new AlertScope(ScopeKind.Dyad, "ISR-LBN");

        // A dyad with a strong story every 40 minutes from the start: nothing while the baseline is unknown (6 h),
        // and nothing after, for it is always like that.
        var sent = new List<EscalationAlert>();
        for (var minute = 0; minute < 12 * 60; minute += 5)
        {
            if (minute % 40 == 0)
            {
                _index.Add(Scored.Article($"steady-{minute}", 0.9, actors: ["ISR", "LBN"], signals: [Scored.Signal(SignalCategory.Attack, 0.9)]), _clock.GetUtcNow());
            }

            sent.AddRange(engine.Evaluate());
            _clock.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Empty(sent);
        Assert.True(_index.ReadingAt(steady, _clock.GetUtcNow()).Pressure > 400, "the steady dyad is high");

        // The quiet dyad: three threats in twenty minutes.
        var firstThreat = _clock.GetUtcNow();
        for (var minute = 0; minute < 60; minute += 5)
        {
            if (minute <= 20 && minute % 10 == 0)
            {
                Add($"threat-{minute}", 0.9);
            }

            sent.AddRange(engine.Evaluate());
            _clock.Advance(TimeSpan.FromMinutes(5));
        }

        var fired = Assert.Single(sent);
        Assert.Equal(Dyad, fired.Scope);
        Assert.Equal(AlertStatus.Firing, fired.Status);
        Assert.True(fired.StartsAt - firstThreat <= TimeSpan.FromMinutes(30), $"fired {fired.StartsAt - firstThreat} after the first threat");
        Assert.Equal(0, fired.Baseline);
        Assert.True(fired.Pressure >= 120, fired.Summary);
        Assert.Contains("surge", fired.Summary, StringComparison.Ordinal);

        // It resolves once the pressure is back under twice its baseline floor (hysteresis), not before.
        _clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal(AlertPhase.Firing, engine.PhaseOf("dyad-surge", Dyad));
        _clock.Advance(TimeSpan.FromHours(6));
        var resolved = engine.Evaluate().Single(a => a.Rule == "dyad-surge");
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
    }

    [Fact]
    public void A_deviations_surge_rule_measures_pressure_in_robust_spreads_above_the_median()
    {
        var spec = new SurgeSpec("deviations", 10);
        Assert.Equal(5, spec.ValueOf(150, new Baseline(100, 10, 48)), 6);
        Assert.Equal(5, spec.ValueOf(150, new Baseline(100, 2, 48)), 6);
        Assert.Equal(2, new SurgeSpec("factor", 30).ValueOf(60, new Baseline(0, 0, 12)), 6);
        Assert.Contains("surge 'by' must be factor or deviations", new SurgeSpec("ratio", 30).Problems());
        Assert.NotEmpty(new SurgeSpec("factor", 0).Problems());
    }

    [Fact]
    public void The_fingerprint_depends_on_rule_and_scope_only()
    {
        Assert.Equal(AlertEngine.Fingerprint("r", Dyad), AlertEngine.Fingerprint("r", new AlertScope(ScopeKind.Dyad, "IRN-USA")));
        Assert.NotEqual(AlertEngine.Fingerprint("r", Dyad), AlertEngine.Fingerprint("r2", Dyad));
        Assert.NotEqual(AlertEngine.Fingerprint("r", Dyad), AlertEngine.Fingerprint("r", new AlertScope(ScopeKind.Country, "IRN-USA")));
    }

    [Fact]
    public void Evaluating_forgets_ids_and_contributions_older_than_the_memory_so_a_long_running_state_stays_bounded()
    {
        var engine = new AlertEngine(_index, _clock, [Rule()]);
        engine.Observe(Scored.Article("old", 0.9));
        engine.Evaluate();
        Assert.Single(engine.Export().Index.Articles);

        // Eight half-lives (two days) later its contribution (with the article) is gone; its id is kept for the
        // whole memory, twenty half-lives (five days), then goes too.
        _clock.Advance(TimeSpan.FromHours(48) + TimeSpan.FromMinutes(2));
        engine.Evaluate();
        Assert.All(engine.Export().Index.Scopes, s => Assert.Empty(s.Recent));
        Assert.Single(engine.Export().Index.Articles);
        _clock.Advance(TimeSpan.FromDays(3));
        engine.Observe(Scored.Article("new", 0.9));
        engine.Evaluate();
        var snapshot = engine.Export().Index;
        Assert.Equal(["new"], snapshot.Articles.Select(a => a.Id));
        Assert.All(snapshot.Scopes, s => Assert.Single(s.Recent));
        Assert.All(snapshot.Scopes, s => Assert.Equal(["new"], s.Evidence!.Select(c => c.Article!.ArticleId)));
        Assert.All(snapshot.Scopes, s => Assert.DoesNotContain(s.Stories, story => story.Id == "st-old"));
    }

    [Fact]
    public void Visiting_only_the_scopes_counted_in_and_the_episodes_due_decides_exactly_what_visiting_all_decides()
    {
        var clock = new FakeTimeProvider(Scored.Start);
        var rules = DefaultRules.IndexRules.Concat([
            new AlertRule("slow-country", ScopeKind.Country, 60, 30, TimeSpan.FromMinutes(20), "warning", TimeSpan.FromMinutes(30))]).ToList();
        var shortcut = new AlertEngine(new RiskIndex(TimeSpan.FromHours(2)), clock, rules, [DefaultRules.ArticleAttack]);
        var everything = new AlertEngine(new RiskIndex(TimeSpan.FromHours(2)), clock, rules, [DefaultRules.ArticleAttack]) { VisitEveryScope = true };
        string[] states = ["ARM", "AZE", "IRN", "ISR", "LBN", "USA"];
        var random = new Random(11);
        var decided = 0;
        for (var step = 0; step < 3000; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(random.Next(5, 240)));
            if (random.NextDouble() < 0.6)
            {
                var pair = states.OrderBy(_ => random.Next()).Take(2).ToArray();
                var escalation = random.NextDouble() < 0.7 ? Math.Round(random.NextDouble(), 2) : 0;
                var article = Scored.Article($"r-{step}", escalation, deescalation: escalation == 0 ? 0.9 : 0, actors: pair,
                    signals: escalation > 0.5 ? [Scored.Signal(SignalCategory.Attack, escalation)] : []);
                shortcut.Observe(article);
                everything.Observe(article);
            }

            if (step == 1500)
            {
                var silence = new Silence(ScopeKind.Country, "*", clock.GetUtcNow().AddHours(3));
                shortcut.AddSilence(silence);
                everything.AddSilence(silence);
            }

            if (step == 2000)
            {
                var silence = shortcut.AddSilence(new Silence(ScopeKind.Dyad, "*", clock.GetUtcNow().AddHours(48)));
                everything.AddSilence(silence);
            }

            if (step == 2300)
            {
                var id = shortcut.Silences.Single(s => s.Kind == ScopeKind.Dyad).Id!;
                Assert.True(shortcut.RemoveSilence(id));
                Assert.True(everything.RemoveSilence(id));
            }

            var a = shortcut.Evaluate();
            var b = everything.Evaluate();
            Assert.Equal(
                System.Text.Json.JsonSerializer.Serialize(b, ContractJson.Options),
                System.Text.Json.JsonSerializer.Serialize(a, ContractJson.Options));
            decided += a.Count;
        }

        Assert.True(decided > 100, $"only {decided} alerts: the run tested too little");
        Assert.Contains(everything.Export().Episodes, e => e.Phase == AlertPhase.Pending || e.Sent);
        Assert.Equal(everything.Export().ToJson(), shortcut.Export().ToJson());
    }
}
