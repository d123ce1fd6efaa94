using EscalationRisk.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace EscalationRisk.Alerting.Tests;

public sealed class ArticleAndDefaultRuleTests
{
    private static readonly AlertScope Dyad = new(ScopeKind.Dyad, "IRN-USA");

    private readonly FakeTimeProvider _clock = new(Scored.Start);

    private AlertEngine DefaultEngine() =>
        new(new RiskIndex(TimeSpan.FromHours(6)), _clock, DefaultRules.IndexRules, [DefaultRules.ArticleAttack]);

    [Fact]
    public void An_article_reporting_an_attack_fires_a_critical_article_alert_at_once_and_resolves_once()
    {
        var engine = DefaultEngine();
        var article = Scored.Article("strike-1", 0.9, signals: [Scored.Signal(SignalCategory.Attack, 0.86)]);
        Assert.True(engine.Observe(article));
        var fired = Assert.Single(engine.Evaluate(), a => a.Scope.Kind == ScopeKind.Article);
        Assert.Equal(AlertStatus.Firing, fired.Status);
        Assert.Equal("critical", fired.Severity);
        Assert.Equal(new AlertScope(ScopeKind.Article, "strike-1"), fired.Scope);
        Assert.Equal("warplanes struck", Assert.Single(Assert.Single(fired.Evidence).Signals).Text);

        // A redelivery is not a new alert.
        Assert.False(engine.Observe(article));
        Assert.DoesNotContain(engine.Evaluate(), a => a.Scope.Kind == ScopeKind.Article);

        _clock.Advance(TimeSpan.FromHours(1));
        var resolved = Assert.Single(engine.Evaluate(), a => a.Scope.Kind == ScopeKind.Article);
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(fired.AlertId, resolved.AlertId);
        Assert.DoesNotContain(engine.Evaluate(), a => a.Scope.Kind == ScopeKind.Article);
    }

    [Fact]
    public void A_weak_or_de_escalatory_signal_fires_no_article_alert()
    {
        var engine = DefaultEngine();
        engine.Observe(Scored.Article("weak", 0.4, signals: [Scored.Signal(SignalCategory.Attack, 0.5)]));
        engine.Observe(Scored.Article("calm", 0, 0.8, signals: [Scored.Signal(SignalCategory.CallForCalm, 0.9, "urged calm")]));
        Assert.DoesNotContain(engine.Evaluate(), a => a.Scope.Kind == ScopeKind.Article);
    }

    [Fact]
    public void A_burst_of_ten_stories_about_one_dyad_fires_the_burst_rule_within_seconds()
    {
        var engine = DefaultEngine();
        for (var i = 0; i < 10; i++)
        {
            engine.Observe(Scored.Article($"burst-{i}", 0.6));
            _clock.Advance(TimeSpan.FromSeconds(20));
        }

        _clock.Advance(TimeSpan.FromSeconds(5));
        var alerts = engine.Evaluate();
        var burst = Assert.Single(alerts, a => a.Rule == "dyad-burst");
        Assert.Equal(Dyad, burst.Scope);
        Assert.Equal(AlertStatus.Firing, burst.Status);
        Assert.Equal(AlertEngine.EvidenceCount, burst.Evidence.Count);
    }

    [Fact]
    public void Ten_outlets_carrying_one_story_are_not_a_burst()
    {
        var engine = DefaultEngine();
        for (var i = 0; i < 10; i++)
        {
            engine.Observe(Scored.Article($"outlet-{i}", 0.9, story: "st-one-wire-story"));
        }

        Assert.DoesNotContain(engine.Evaluate(), a => a.Rule == "dyad-burst");
    }

    [Fact]
    public void A_slow_drift_never_fires_the_burst_rule_and_fires_the_elevated_rule_only_after_its_for_duration()
    {
        var engine = DefaultEngine();
        var index = new RiskIndex(TimeSpan.FromHours(6));
        DateTimeOffset? crossed = null;
        DateTimeOffset? fired = null;
        for (var minute = 0; minute <= 24 * 60; minute += 10)
        {
            if (minute % 120 == 0)
            {
                var article = Scored.Article($"drift-{minute}", 0.7);
                engine.Observe(article);
                index.Add(article, _clock.GetUtcNow());
            }

            crossed ??= index.ValueAt(Dyad, _clock.GetUtcNow()) >= 150 ? _clock.GetUtcNow() : null;
            var alerts = engine.Evaluate();
            Assert.DoesNotContain(alerts, a => a.Rule == "dyad-burst");
            if (fired is null && alerts.Any(a => a.Rule == "dyad-elevated" && a.Status == AlertStatus.Firing))
            {
                fired = _clock.GetUtcNow();
            }

            _clock.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.NotNull(crossed);
        Assert.NotNull(fired);
        Assert.True(fired - crossed >= TimeSpan.FromHours(2), $"crossed at {crossed}, fired at {fired}");
    }

    [Fact]
    public void The_shipped_rules_are_valid()
    {
        Assert.All(DefaultRules.IndexRules, r => Assert.Empty(r.Problems()));
        Assert.Empty(DefaultRules.ArticleAttack.Problems());
    }
}
