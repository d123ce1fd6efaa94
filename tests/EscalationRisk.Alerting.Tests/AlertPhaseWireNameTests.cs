using EscalationRisk.Contracts;
using EscalationRisk.Testing;

namespace EscalationRisk.Alerting.Tests;

public sealed class AlertPhaseWireNameTests
{
    [Fact]
    public void Every_phase_has_the_wire_name_json_writes_and_parses_back()
    {
        WireNameAssert.RoundTrips(typeof(AlertPhase));
        Assert.Equal(["inactive", "pending", "firing"], WireNames.All<AlertPhase>());
    }
}
