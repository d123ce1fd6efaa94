using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace EscalationRisk.Contracts;

/// <summary>
/// The wire names of enum values, the one source being each value's <see cref="JsonStringEnumMemberNameAttribute"/>
/// (what <see cref="ContractJson.Options"/> writes): <c>dyad</c>, <c>strike_option</c>, <c>firing</c>. Labels,
/// summaries, routing keys, metric tags, table columns and query parameters use these names, never a hand-written copy.
/// </summary>
public static class WireNames
{
    /// <summary>The wire name of a value; throws when the value has none (not a declared member, or no attribute).</summary>
    public static string Of<T>(T value)
        where T : struct, Enum =>
        Cache<T>.Names.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(T).Name} has no wire name for this value");

    /// <summary>The wire name of a value; false when it has none.</summary>
    internal static bool TryName<T>(T value, out string name)
        where T : struct, Enum => Cache<T>.Names.TryGetValue(value, out name!);

    /// <summary>The value whose wire name is <paramref name="text"/> (ordinal, case-sensitive); false when none is.</summary>
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        if (text is not null && Cache<T>.Values.TryGetValue(text, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The wire names of every declared value that has one, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>()
        where T : struct, Enum => Cache<T>.InOrder;

    private static class Cache<T>
        where T : struct, Enum
    {
        private static readonly (T Value, string Name)[] Pairs = [.. typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (Value: (T)f.GetValue(null)!, f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name))
            .Where(p => p.Name is not null)
            .Select(p => (p.Value, p.Name!))];

        public static readonly IReadOnlyList<string> InOrder = [.. Pairs.Select(p => p.Name)];
        public static readonly FrozenDictionary<T, string> Names = Pairs.ToFrozenDictionary(p => p.Value, p => p.Name);
        public static readonly FrozenDictionary<string, T> Values = Pairs.ToFrozenDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
    }
}
