using EscalationRisk.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace EscalationRisk.Alerting.Tests;

/// <summary>The lifecycle with a fake clock: every time step is explicit, nothing sleeps.</summary>
public sealed class AlertEngineTests
{
    private static readonly AlertScope Dyad = new(ScopeKind.Dyad, "IRN-USA");

    private readonly FakeTimeProvider clock = new(Scored.Start);
    private readonly RiskIndex index = new(TimeSpan.FromHours(6));

    private static AlertRule Rule(TimeSpan? forDuration = null, TimeSpan? repeat = null, double threshold = 100, double clear = 50) =>
        new("dyad-rising", ScopeKind.Dyad, threshold, clear, forDuration ?? TimeSpan.FromMinutes(10), "warning", repeat ?? TimeSpan.FromHours(1));

    private void Add(string id, double escalation, double deescalation = 0) =>
        index.Add(Scored.Article(id, escalation, deescalation), clock.GetUtcNow());

    [Fact]
    public void An_alert_is_pending_for_its_for_duration_then_fires_once()
    {
        var engine = new AlertEngine(index, clock, [Rule()]);
        Add("a", 0.9);
        Add("b", 0.9);
        Assert.Empty(engine.Evaluate());
        Assert.Equal(AlertPhase.Pending, engine.PhaseOf("dyad-rising", Dyad));

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Empty(engine.Evaluate());
        clock.Advance(TimeSpan.FromMinutes(1));
        var fired = Assert.Single(engine.Evaluate());
        Assert.Equal(AlertStatus.Firing, fired.Status);
        Assert.Equal(Dyad, fired.Scope);
        Assert.Equal(clock.GetUtcNow(), fired.StartsAt);
        Assert.Null(fired.EndsAt);
        Assert.Equal(AlertEngine.Fingerprint("dyad-rising", Dyad), fired.AlertId);
        Assert.Equal(["a", "b"], fired.Evidence.Select(e => e.ArticleId).Order());

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(engine.Evaluate());
    }

    [Fact]
    public void A_pending_alert_that_drops_below_the_threshold_never_fires()
    {
        var engine = new AlertEngine(index, clock, [Rule(threshold: 100, clear: 50)]);
        Add("a", 0.9);
        Add("b", 0.3);
        Assert.Empty(engine.Evaluate());
        Add("c", 0, deescalation: 0.5);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(engine.Evaluate());
        Assert.Equal(AlertPhase.Inactive, engine.PhaseOf("dyad-rising", Dyad));
    }

    [Fact]
    public void A_firing_alert_repeats_every_repeat_interval_with_the_same_id()
    {
        var engine = new AlertEngine(index, clock, [Rule(forDuration: TimeSpan.Zero, repeat: TimeSpan.FromMinutes(30))]);
        Add("a", 0.9);
        Add("b", 0.9);
        Add("c", 0.9);
        var first = Assert.Single(engine.Evaluate());
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Empty(engine.Evaluate());
        clock.Advance(TimeSpan.FromMinutes(1));
        var again = Assert.Single(engine.Evaluate());
        Assert.Equal(first.AlertId, again.AlertId);
        Assert.Equal(first.StartsAt, again.StartsAt);
        Assert.Equal(AlertStatus.Firing, again.Status);
    }

    [Fact]
    public void Hysteresis_keeps_the_alert_firing_between_clear_and_threshold_then_it_resolves_once()
    {
        var engine = new AlertEngine(index, clock, [Rule(forDuration: TimeSpan.Zero, repeat: TimeSpan.FromDays(1), threshold: 100, clear: 50)]);
        Add("a", 0.8);
        Add("b", 0.8);
        Assert.Equal(AlertStatus.Firing, Assert.Single(engine.Evaluate()).Status);

        // 160 → 80 after one half-life: below the threshold, above the clear threshold: no flapping.
        clock.Advance(TimeSpan.FromHours(6));
        Assert.Empty(engine.Evaluate());
        Assert.Equal(AlertPhase.Firing, engine.PhaseOf("dyad-rising", Dyad));

        // 80 → 40 after another: resolved, once.
        clock.Advance(TimeSpan.FromHours(6));
        var resolved = Assert.Single(engine.Evaluate());
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(clock.GetUtcNow(), resolved.EndsAt);
        Assert.Equal(Scored.Start, resolved.StartsAt);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(engine.Evaluate());
    }

    [Fact]
    public void De_escalation_can_resolve_a_firing_alert()
    {
        var engine = new AlertEngine(index, clock, [Rule(forDuration: TimeSpan.Zero)]);
        Add("a", 0.9);
        Add("b", 0.9);
        Assert.Single(engine.Evaluate());
        Add("talks", 0, deescalation: 0.7);
        Add("ceasefire", 0, deescalation: 0.9);
        var resolved = Assert.Single(engine.Evaluate());
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
    }

    [Fact]
    public void A_silence_mutes_notifications_until_it_expires_and_no_resolve_is_sent_for_an_unsent_firing()
    {
        var engine = new AlertEngine(index, clock, [Rule(forDuration: TimeSpan.Zero)]);
        engine.AddSilence(new Silence(ScopeKind.Dyad, "IRN-USA", clock.GetUtcNow().AddHours(1), "known exercise"));
        Add("a", 0.9);
        Add("b", 0.9);
        Assert.Empty(engine.Evaluate());
        Assert.Equal(AlertPhase.Firing, engine.PhaseOf("dyad-rising", Dyad));

        clock.Advance(TimeSpan.FromHours(1));
        var afterExpiry = Assert.Single(engine.Evaluate());
        Assert.Equal(AlertStatus.Firing, afterExpiry.Status);
        Assert.Empty(engine.Silences);

        // A second episode that starts and ends inside a silence sends nothing at all.
        Add("talks", 0, deescalation: 0.95);
        Add("ceasefire", 0, deescalation: 0.95);
        Assert.Equal(AlertStatus.Resolved, Assert.Single(engine.Evaluate()).Status);
        engine.AddSilence(new Silence(ScopeKind.Dyad, "*", clock.GetUtcNow().AddHours(1)));
        Add("c", 0.9);
        Add("d", 0.9);
        Add("e", 0.9);
        Assert.Empty(engine.Evaluate());
        Add("f", 0, deescalation: 0.95);
        Add("g", 0, deescalation: 0.95);
        Add("h", 0, deescalation: 0.95);
        Assert.Empty(engine.Evaluate());
    }

    [Fact]
    public void Rules_change_at_run_time_a_removed_rule_resolves_its_alert_and_bad_rules_are_refused()
    {
        var engine = new AlertEngine(index, clock, [Rule(forDuration: TimeSpan.Zero)]);
        Add("a", 0.9);
        Add("b", 0.9);
        Assert.Single(engine.Evaluate());

        var bad = new AlertRule("x", ScopeKind.Dyad, 10, 20, TimeSpan.Zero, "loud", TimeSpan.Zero);
        var refused = Assert.Throws<ArgumentException>(() => engine.SetRules([bad]));
        Assert.Contains("clear threshold", refused.Message, StringComparison.Ordinal);
        Assert.Contains("severity", refused.Message, StringComparison.Ordinal);
        Assert.Contains("repeat interval", refused.Message, StringComparison.Ordinal);
        Assert.Equal("dyad-rising", Assert.Single(engine.Rules).Name);

        engine.SetRules([new AlertRule("country-high", ScopeKind.Country, 150, 75, TimeSpan.Zero, "critical", TimeSpan.FromHours(1), "IRN")]);
        var changes = engine.Evaluate();
        var resolved = Assert.Single(changes, a => a.Rule == "dyad-rising");
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        var country = Assert.Single(changes, a => a.Rule == "country-high");
        Assert.Equal(new AlertScope(ScopeKind.Country, "IRN"), country.Scope);
        Assert.Equal("critical", country.Severity);
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
        var engine = new AlertEngine(index, clock, [Rule()]);
        engine.Observe(Scored.Article("old", 0.9));
        engine.Evaluate();
        Assert.Single(engine.Export().Index.Articles);

        // Eight half-lives (two days) later its contribution (with the article) is gone; its id is kept for the
        // whole memory, twenty half-lives (five days), then goes too.
        clock.Advance(TimeSpan.FromHours(48) + TimeSpan.FromMinutes(2));
        engine.Evaluate();
        Assert.All(engine.Export().Index.Scopes, s => Assert.Empty(s.Recent));
        Assert.Single(engine.Export().Index.Articles);
        clock.Advance(TimeSpan.FromDays(3));
        engine.Observe(Scored.Article("new", 0.9));
        engine.Evaluate();
        var snapshot = engine.Export().Index;
        Assert.Equal(["new"], snapshot.Articles.Select(a => a.Id));
        Assert.All(snapshot.Scopes, s => Assert.DoesNotContain(s.Recent, c => c.Article.ArticleId == "old"));
        Assert.All(snapshot.Scopes, s => Assert.DoesNotContain(s.Stories, story => story.Id == "st-old"));
    }
}
