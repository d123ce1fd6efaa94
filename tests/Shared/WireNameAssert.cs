using System.Reflection;
using System.Text.Json;
using EscalationRisk.Contracts;
using Xunit;

namespace EscalationRisk.Testing;

/// <summary>Checks an enum's wire names against <see cref="WireNames"/> and System.Text.Json.</summary>
public static class WireNameAssert
{
    /// <summary>The public enums of an assembly, by full name.</summary>
    public static IReadOnlyList<Type> PublicEnums(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return [.. assembly.GetExportedTypes().Where(t => t.IsEnum).OrderBy(t => t.FullName, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Every value of <paramref name="type"/> has a wire name, the one <see cref="ContractJson.Options"/> writes, and
    /// <see cref="WireNames.TryParse"/> gives the value back; <see cref="WireNames.All"/> lists them in order, each once.
    /// </summary>
    public static void RoundTrips(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var of = typeof(WireNames).GetMethod(nameof(WireNames.Of))!.MakeGenericMethod(type);
        var tryParse = typeof(WireNames).GetMethod(nameof(WireNames.TryParse))!.MakeGenericMethod(type);
        var all = (IReadOnlyList<string>)typeof(WireNames).GetMethod(nameof(WireNames.All))!.MakeGenericMethod(type).Invoke(null, null)!;
        var names = new List<string>();
        foreach (var value in Enum.GetValuesAsUnderlyingType(type).Cast<object>().Select(v => Enum.ToObject(type, v)))
        {
            var name = (string)of.Invoke(null, [value])!;
            Assert.False(string.IsNullOrEmpty(name), $"{type.Name}.{value} has no wire name");
            Assert.Equal(JsonSerializer.Serialize(value, type, ContractJson.Options), "\"" + name + "\"");
            object?[] arguments = [name, null];
            Assert.True((bool)tryParse.Invoke(null, arguments)!, $"{name} does not parse as {type.Name}");
            Assert.Equal(value, arguments[1]);
            names.Add(name);
        }

        Assert.NotEmpty(names);
        Assert.Equal(names, all);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        object?[] unknown = ["no such name", null];
        Assert.False((bool)tryParse.Invoke(null, unknown)!);
    }
}
