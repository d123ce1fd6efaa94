using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting.Tests;

public sealed class RiskIndexTests
{
    private static readonly AlertScope Dyad = new(ScopeKind.Dyad, "IRN-USA");
    private static readonly TimeSpan HalfLife = TimeSpan.FromHours(6);

    [Fact]
    public void The_index_halves_every_half_life()
    {
        var index = new RiskIndex(HalfLife);
        index.Add(Scored.Article("a", 0.8), Scored.Start);
        Assert.Equal(80, index.ValueAt(Dyad, Scored.Start), 6);
        Assert.Equal(40, index.ValueAt(Dyad, Scored.Start + HalfLife), 6);
        Assert.Equal(20, index.ValueAt(Dyad, Scored.Start + (2 * HalfLife)), 6);
    }

    [Fact]
    public void Contributions_add_up_each_decayed_from_its_own_time()
    {
        var index = new RiskIndex(HalfLife);
        index.Add(Scored.Article("a", 0.8), Scored.Start);
        index.Add(Scored.Article("b", 0.6), Scored.Start + HalfLife);
        Assert.Equal(40 + 60, index.ValueAt(Dyad, Scored.Start + HalfLife), 6);
        Assert.Equal(20 + 30, index.ValueAt(Dyad, Scored.Start + (2 * HalfLife)), 6);
    }

    [Fact]
    public void A_redelivered_article_changes_nothing()
    {
        var index = new RiskIndex(HalfLife);
        Assert.True(index.Add(Scored.Article("a", 0.8), Scored.Start));
        Assert.False(index.Add(Scored.Article("a", 0.8), Scored.Start.AddMinutes(5)));
        Assert.Equal(80, index.ValueAt(Dyad, Scored.Start), 6);
    }

    [Fact]
    public void A_story_syndicated_by_many_outlets_counts_once_per_scope()
    {
        var index = new RiskIndex(HalfLife);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(index.Add(Scored.Article($"outlet-{i}", 0.8, story: "st-same"), Scored.Start.AddMinutes(i)));
        }

        Assert.Equal(80, index.ValueAt(Dyad, Scored.Start), 6);

        // The same story about another dyad still counts there.
        index.Add(Scored.Article("other", 0.8, story: "st-same", actors: ["ISR", "LBN"]), Scored.Start);
        Assert.Equal(80, index.ValueAt(new AlertScope(ScopeKind.Dyad, "ISR-LBN"), Scored.Start), 6);
    }

    [Fact]
    public void De_escalation_lowers_the_index_and_it_never_reads_below_zero()
    {
        var index = new RiskIndex(HalfLife);
        index.Add(Scored.Article("a", 0.8), Scored.Start);
        index.Add(Scored.Article("b", 0, deescalation: 0.6), Scored.Start);
        Assert.Equal(20, index.ValueAt(Dyad, Scored.Start), 6);
        index.Add(Scored.Article("c", 0, deescalation: 0.9), Scored.Start);
        Assert.Equal(0, index.ValueAt(Dyad, Scored.Start));
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
        Assert.True(index.ValueAt(Dyad, Scored.Start.AddDays(2)) >= 80);
    }
}
