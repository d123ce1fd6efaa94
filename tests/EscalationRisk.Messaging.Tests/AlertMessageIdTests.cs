using EscalationRisk.Contracts;

namespace EscalationRisk.Messaging.Tests;

/// <summary>Alert message ids: one per decision, the same for every attempt at sending it (issue 14).</summary>
public sealed class AlertMessageIdTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static EscalationAlert Alert(AlertStatus status, DateTimeOffset startsAt, double value = 420) => new(
        "al-0123456789abcdef", "dyad-burst", new AlertScope(ScopeKind.Dyad, "IRN-USA"), status, "critical", value, 400, startsAt,
        status == AlertStatus.Resolved ? startsAt.AddHours(2) : null, "summary", [], new Dictionary<string, string>());

    [Fact]
    public void A_redelivery_has_the_same_id_a_repeat_a_resolve_and_the_next_episode_each_another()
    {
        var firing = AlertMessages.MessageId(Alert(AlertStatus.Firing, Start), 41);
        Assert.Equal(firing, AlertMessages.MessageId(Alert(AlertStatus.Firing, Start), 41));
        Assert.NotEqual(firing, AlertMessages.MessageId(Alert(AlertStatus.Firing, Start, 450), 57));
        Assert.NotEqual(firing, AlertMessages.MessageId(Alert(AlertStatus.Resolved, Start), 41));
        Assert.NotEqual(firing, AlertMessages.MessageId(Alert(AlertStatus.Firing, Start.AddHours(5)), 41));
        Assert.Equal(8, (firing.ToByteArray(bigEndian: true)[6] >> 4));
    }
}
