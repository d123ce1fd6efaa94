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
        TryName(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(T).Name} has no wire name for this value");

    /// <summary>The wire name of a value; false when it has none.</summary>
    internal static bool TryName<T>(T value, out string name)
        where T : struct, Enum
    {
        foreach (var (candidate, wireName) in Cache<T>.Pairs)
        {
            if (EqualityComparer<T>.Default.Equals(candidate, value))
            {
                name = wireName;
                return true;
            }
        }

        name = null!;
        return false;
    }

    /// <summary>The value whose wire name is <paramref name="text"/> (ordinal, case-sensitive); false when none is.</summary>
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        if (text is not null)
        {
            foreach (var (candidate, wireName) in Cache<T>.Pairs)
            {
                if (string.Equals(wireName, text, StringComparison.Ordinal))
                {
                    value = candidate;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }

    /// <summary>The value whose wire name is the UTF-8 text <paramref name="utf8"/> (byte for byte); false when none is.</summary>
    internal static bool TryParse<T>(ReadOnlySpan<byte> utf8, out T value)
        where T : struct, Enum
    {
        var names = Cache<T>.Utf8;
        for (var i = 0; i < names.Length; i++)
        {
            if (utf8.SequenceEqual(names[i]))
            {
                value = Cache<T>.Pairs[i].Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The wire names of every declared value that has one, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>()
        where T : struct, Enum => Cache<T>.InOrder;

    /// <summary>
    /// Each enum's few values and names, searched in order: a dozen at most, so a loop costs no more than a hash
    /// lookup, and building it at start-up compiles no dictionary code for each enum type (a frozen dictionary keyed
    /// by each enum cost about 25 ms of start-up per enum in the command line, most of it compiling).
    /// </summary>
    private static class Cache<T>
        where T : struct, Enum
    {
        public static readonly (T Value, string Name)[] Pairs = Build();

        public static readonly IReadOnlyList<string> InOrder = Array.AsReadOnly(Array.ConvertAll(Pairs, p => p.Name));

        /// <summary>The names of <see cref="Pairs"/> as UTF-8, in the same order, for readers of JSON bytes.</summary>
        public static readonly byte[][] Utf8 = Array.ConvertAll(Pairs, p => System.Text.Encoding.UTF8.GetBytes(p.Name));

        private static (T Value, string Name)[] Build()
        {
            var pairs = new List<(T, string)>();
            foreach (var field in typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name is { } name)
                {
                    pairs.Add(((T)field.GetValue(null)!, name));
                }
            }

            return [.. pairs];
        }
    }
}
