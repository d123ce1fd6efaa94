using System.Text.Json;
using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting.Tests;

/// <summary>
/// The text a store keeps for an article row and an alert is the contract JSON <see cref="ContractJson.Options"/>
/// writes, whoever writes it and whatever the thread's buffer held before.
/// </summary>
public sealed class ContractTextTests
{
    [Fact]
    public void Articles_and_alerts_are_kept_as_the_contract_options_write_them()
    {
        var longer = Scored.Article("long-one", 0.9, 0.3, signals: [.. Enumerable.Range(0, 40).Select(i => Scored.Signal(SignalCategory.Attack, 0.9, $"ضربة \"{i}\" <b>"))]);
        var shorter = Scored.Article("s", 0.1) with { Title = "😀\u2028" };
        var alert = new EscalationAlert("f-1", "article-attack", new AlertScope(ScopeKind.Article, "long-one"), AlertStatus.Firing, "critical", 0.9, 0.7, Scored.Start, null,
            "attack reported", [new AlertEvidence("long-one", "عنوان", null, 90, null, longer.Signals.Take(5).ToList())], new Dictionary<string, string> { ["rule"] = "article-attack" });

        // The longer first, so that a shorter text after it shows whether the reused buffer was started afresh.
        Assert.Equal(JsonSerializer.Serialize(longer, ContractJson.Options), ContractText.Of(longer));
        Assert.Equal(JsonSerializer.Serialize(shorter, ContractJson.Options), ContractText.Of(shorter));
        Assert.Equal(JsonSerializer.Serialize(alert, ContractJson.Options), ContractText.Of(alert));
        Assert.Equal(JsonSerializer.Serialize(shorter, ContractJson.Options), ContractText.Of(shorter));
    }
}
