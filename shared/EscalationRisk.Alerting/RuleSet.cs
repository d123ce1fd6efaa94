using System.Text.Json;
using System.Text.Json.Serialization;

namespace EscalationRisk.Alerting;

/// <summary>
/// A rule set as operators write it: JSON with <c>indexRules</c> and <c>articleRules</c>; durations as
/// <c>hh:mm:ss</c> (or <c>d.hh:mm:ss</c>), scope kinds and signal categories as in the messages.
/// </summary>
public sealed record RuleSet(IReadOnlyList<AlertRule> IndexRules, IReadOnlyList<ArticleRule> ArticleRules)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    /// <summary>The shipped defaults.</summary>
    public static RuleSet Default { get; } = new(DefaultRules.IndexRules, [DefaultRules.ArticleAttack]);

    /// <summary>Reads a rule set, refusing unknown fields and invalid rules with every reason.</summary>
    public static RuleSet Parse(string json)
    {
        RuleSet? set;
        try
        {
            set = JsonSerializer.Deserialize<RuleSet>(json, Options);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new FormatException($"rule set: {ex.Message}", ex);
        }

        if (set is null)
        {
            throw new FormatException("rule set: empty");
        }

        var problems = set.Problems();
        return problems.Count > 0 ? throw new FormatException("rule set: " + string.Join("; ", problems)) : set;
    }

    /// <summary>
    /// Reads one rule, as an element of <c>indexRules</c> or <c>articleRules</c> (an article rule names
    /// <c>categories</c>), into a set holding only it. The name comes from <paramref name="name"/>; a body that names
    /// another is refused. Unknown fields and invalid values are refused with every reason.
    /// </summary>
    public static RuleSet ParseRule(string name, string json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(json) is not System.Text.Json.Nodes.JsonObject node)
            {
                throw new FormatException("rule: a JSON object is needed");
            }

            var given = node["name"]?.GetValue<string>();
            if (given is not null && !string.Equals(given, name, StringComparison.Ordinal))
            {
                throw new FormatException($"rule: the body names '{given}' but the address names '{name}'");
            }

            node["name"] = name;
            var set = node.ContainsKey("categories")
                ? new RuleSet([], [node.Deserialize<ArticleRule>(Options) ?? throw new FormatException("rule: empty")])
                : new RuleSet([node.Deserialize<AlertRule>(Options) ?? throw new FormatException("rule: empty")], []);
            var problems = set.Problems();
            return problems.Count > 0 ? throw new FormatException("rule: " + string.Join("; ", problems)) : set;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new FormatException($"rule: {ex.Message}", ex);
        }
    }

    /// <summary>What is wrong with each rule of the set (empty when nothing).</summary>
    private List<string> Problems() =>
        [.. IndexRules.SelectMany(r => r.Problems()), .. ArticleRules.SelectMany(r => r.Problems())];

    /// <summary>Writes the rule set as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);
}
