using EscalationRisk.ServiceDefaults;
using Microsoft.Extensions.Configuration.Json;

namespace EscalationRisk.Deploy.Tests;

/// <summary>The services' host builder does not watch its content root for configuration changes unless asked.</summary>
public sealed class ServiceHostTests
{
    private static List<JsonConfigurationSource> JsonSources(string[] args) =>
        [.. ServiceHost.CreateBuilder(args).Configuration.Sources.OfType<JsonConfigurationSource>()];

    [Fact]
    public void The_configuration_files_are_read_once_and_not_watched()
    {
        var sources = JsonSources([]);
        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.False(s.ReloadOnChange, s.Path));
    }

    [Fact]
    public void Reloading_can_be_turned_back_on_from_the_command_line()
    {
        var sources = JsonSources([$"--{ServiceHost.ReloadConfigOnChange}=true"]);
        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.True(s.ReloadOnChange, s.Path));
    }
}
