using Microsoft.Extensions.Configuration;

namespace EscalationRisk.Messaging.Tests;

/// <summary>The one setting that says whether a host runs the workers (issue 17): <c>Hosting:Workers</c>.</summary>
public sealed class WorkerHostingTests
{
    private static IConfiguration Configuration(string? transport, string? workers) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Messaging:Transport"] = transport, [WorkerHosting.Key] = workers })
        .Build();

    [Theory]
    [InlineData(null, WorkerHostingMode.InProcess)]
    [InlineData("InMemory", WorkerHostingMode.InProcess)]
    [InlineData("RabbitMQ", WorkerHostingMode.Separate)]
    public void Unset_it_follows_the_transport(string? transport, WorkerHostingMode expected) =>
        Assert.Equal(expected, WorkerHosting.Mode(Configuration(transport, null)));

    [Theory]
    [InlineData("InMemory", "Separate", WorkerHostingMode.Separate)]
    [InlineData("RabbitMQ", "InProcess", WorkerHostingMode.InProcess)]
    [InlineData("RabbitMQ", "inprocess", WorkerHostingMode.InProcess)]
    [InlineData(null, " separate ", WorkerHostingMode.Separate)]
    public void Set_it_decides_whatever_the_transport(string? transport, string workers, WorkerHostingMode expected)
    {
        Assert.Equal(expected, WorkerHosting.Mode(Configuration(transport, workers)));
        Assert.Equal(expected == WorkerHostingMode.InProcess, WorkerHosting.InProcess(Configuration(transport, workers)));
    }

    [Theory]
    [InlineData("Both")]
    [InlineData("1")]
    public void Any_other_value_is_refused_with_the_key_and_the_values(string workers)
    {
        var error = Assert.Throws<InvalidOperationException>(() => WorkerHosting.Mode(Configuration(null, workers)));
        Assert.Contains("Hosting__Workers", error.Message, StringComparison.Ordinal);
        Assert.Contains("InProcess or Separate", error.Message, StringComparison.Ordinal);
    }
}
