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

        var problems = set.IndexRules.SelectMany(r => r.Problems()).Concat(set.ArticleRules.SelectMany(r => r.Problems())).ToList();
        return problems.Count > 0 ? throw new FormatException("rule set: " + string.Join("; ", problems)) : set;
    }

    /// <summary>Writes the rule set as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);
}
