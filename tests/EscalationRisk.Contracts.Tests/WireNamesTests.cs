using EscalationRisk.Testing;

namespace EscalationRisk.Contracts.Tests;

public sealed class WireNamesTests
{
    public static TheoryData<string> Enums() => [.. WireNameAssert.PublicEnums(typeof(ContractJson).Assembly).Select(t => t.FullName!)];

    [Fact]
    public void Contracts_has_the_public_enums() =>
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal) { nameof(ScopeKind), nameof(SignalCategory), nameof(ArticleLabel), nameof(AlertStatus), nameof(Polarity), nameof(ThirdPartyRole) },
            WireNameAssert.PublicEnums(typeof(ContractJson).Assembly).Select(t => t.Name).ToHashSet(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Enums))]
    public void Every_value_has_the_wire_name_json_writes_and_parses_back(string enumName) =>
        WireNameAssert.RoundTrips(typeof(ContractJson).Assembly.GetType(enumName, throwOnError: true)!);

    [Fact]
    public void Names_are_the_declared_ones()
    {
        Assert.Equal(["dyad", "country", "global", "article"], WireNames.All<ScopeKind>());
        Assert.Equal("strike_option", WireNames.Of(SignalCategory.StrikeOption));
        Assert.True(WireNames.TryParse("call_for_calm", out SignalCategory calm));
        Assert.Equal(SignalCategory.CallForCalm, calm);
        Assert.False(WireNames.TryParse("Dyad", out ScopeKind _));
        Assert.False(WireNames.TryParse<ScopeKind>(null, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => WireNames.Of((ScopeKind)42));
    }
}
