using System.Text.Json.Serialization;
using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>
/// A threshold rule over a risk index, after Prometheus Alertmanager: the value must stay at or above
/// <see cref="Threshold"/> for <see cref="For"/> before the alert fires; it resolves only when the value falls below
/// <see cref="ClearThreshold"/> (hysteresis: no flapping in between); a firing alert is sent again every
/// <see cref="RepeatInterval"/>.
/// </summary>
/// <param name="Name">Unique name; part of every alert's fingerprint.</param>
/// <param name="Scope">Which indices the rule watches: dyad, country or global.</param>
/// <param name="Threshold">Fires at or above this index value.</param>
/// <param name="ClearThreshold">Resolves below this value; at most <paramref name="Threshold"/>.</param>
/// <param name="For">How long the value must hold before the alert fires (zero: at once).</param>
/// <param name="Severity"><c>critical</c>, <c>warning</c> or <c>info</c>: part of the routing key.</param>
/// <param name="RepeatInterval">How often a firing alert is sent again.</param>
/// <param name="Key">A scope key (<c>IRN-USA</c>) or <c>*</c> for every scope of the kind.</param>
/// <param name="Surge">
/// Absent: an absolute rule on the combined risk. Present: a surge rule on escalation pressure against the scope's
/// own baseline, whose value is given by <see cref="SurgeSpec"/>; thresholds, <c>for</c>, repeat and silences work
/// the same.
/// </param>
public sealed record AlertRule(
    string Name,
    ScopeKind Scope,
    double Threshold,
    double ClearThreshold,
    TimeSpan For,
    string Severity,
    TimeSpan RepeatInterval,
    string Key = "*",
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SurgeSpec? Surge = null)
{
    /// <summary>
    /// The value this rule compares with its thresholds: the combined risk, or for a surge rule its surge value;
    /// null when a surge rule cannot judge yet (the baseline is not known).
    /// </summary>
    public double? ValueOf(IndexReading reading, Baseline? baseline) =>
        Surge is not { } surge ? reading.Risk : baseline is null ? null : surge.ValueOf(reading.Pressure, baseline);

    /// <summary>The severities a rule may have (they appear in routing keys).</summary>
    public static readonly IReadOnlySet<string> Severities = new HashSet<string>(StringComparer.Ordinal) { "critical", "warning", "info" };

    /// <summary>True when the rule watches this scope.</summary>
    public bool Matches(AlertScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Kind == Scope && (Key == "*" || string.Equals(Key, scope.Key, StringComparison.Ordinal));
    }

    /// <summary>The longest 'for' or repeat interval a rule may ask for (beyond it, time arithmetic would overflow long before it means anything).</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromDays(366);

    /// <summary>The reasons the rule is not usable, empty when it is.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("a rule needs a name");
        }
        else if (Name.Length > 200 || StoredText.HasControl(Name))
        {
            problems.Add("a rule's name must be at most 200 characters without control characters");
        }

        if (Scope == ScopeKind.Article)
        {
            problems.Add($"rule '{Name}': article-scope rules are not index rules");
        }

        if (double.IsNaN(Threshold) || Threshold <= 0)
        {
            problems.Add($"rule '{Name}': threshold must be positive");
        }

        if (double.IsNaN(ClearThreshold) || ClearThreshold < 0 || ClearThreshold > Threshold)
        {
            problems.Add($"rule '{Name}': clear threshold must be between 0 and the threshold");
        }

        if (For < TimeSpan.Zero || For > LongestWait)
        {
            problems.Add($"rule '{Name}': 'for' must be between 0 and {LongestWait.TotalDays} days");
        }

        if (RepeatInterval <= TimeSpan.Zero || RepeatInterval > LongestWait)
        {
            problems.Add($"rule '{Name}': repeat interval must be positive and at most {LongestWait.TotalDays} days");
        }

        if (!Severities.Contains(Severity))
        {
            problems.Add($"rule '{Name}': severity must be critical, warning or info");
        }

        if (Surge is { } surge)
        {
            problems.AddRange(surge.Problems().Select(p => $"rule '{Name}': {p}"));
        }

        if (string.IsNullOrWhiteSpace(Key) || Key.Contains('.', StringComparison.Ordinal) || Key.Contains('#', StringComparison.Ordinal)
            || Key.Length > 200 || StoredText.HasControl(Key))
        {
            problems.Add($"rule '{Name}': key must be '*' or a scope key (at most 200 characters) without '.', '#' or control characters");
        }

        return problems;
    }
}

/// <summary>
/// How a surge rule measures escalation pressure <c>P</c> against the scope's baseline (median <c>B</c>, robust
/// spread <c>σ</c>, see <see cref="RiskIndex.BaselineAt"/>).
/// </summary>
/// <param name="By">
/// <c>factor</c>: the value is <c>P / max(B, floor)</c>, how many times its usual pressure the scope is under;
/// <c>deviations</c>: the value is <c>(P − B) / max(σ, floor)</c>, how many robust deviations above its usual.
/// </param>
/// <param name="Floor">
/// The least baseline (or spread) assumed, in pressure points, so that a scope with no history, whose baseline is
/// zero, surges only once its pressure reaches <c>threshold × floor</c> (about one and a half strong stories at the
/// defaults) rather than at its first article.
/// </param>
public sealed record SurgeSpec(string By, double Floor)
{
    /// <summary>The surge value of pressure <paramref name="pressure"/> against <paramref name="baseline"/>.</summary>
    public double ValueOf(double pressure, Baseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        return By == "deviations"
            ? (pressure - baseline.Median) / Math.Max(baseline.Spread, Floor)
            : pressure / Math.Max(baseline.Median, Floor);
    }

    /// <summary>What is wrong with the spec (empty when nothing).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (By is not ("factor" or "deviations"))
        {
            problems.Add("surge 'by' must be factor or deviations");
        }

        if (double.IsNaN(Floor) || Floor <= 0 || Floor > 1e6)
        {
            problems.Add("surge 'floor' must be positive (pressure points)");
        }

        return problems;
    }
}

/// <summary>Mutes the notifications of alerts about matching scopes until <see cref="Until"/>.</summary>
/// <param name="Kind">The scope kind silenced.</param>
/// <param name="Key">A scope key, or <c>*</c>.</param>
/// <param name="Until">When the silence expires.</param>
/// <param name="Comment">Why, for the next operator.</param>
/// <param name="Id">The silence's id (for removing it); given by <see cref="AlertEngine.AddSilence"/> when absent.</param>
public sealed record Silence(ScopeKind Kind, string Key, DateTimeOffset Until, string? Comment = null, string? Id = null)
{
    /// <summary>The longest a silence may last from now: beyond it an ops team should change the rule instead.</summary>
    public static readonly TimeSpan LongestDuration = TimeSpan.FromDays(366);

    /// <summary>The longest comment kept.</summary>
    public const int MaxCommentLength = 1000;

    /// <summary>What is wrong with this silence (empty when nothing).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Kind))
        {
            problems.Add("silence: unknown scope kind");
        }

        if (string.IsNullOrWhiteSpace(Key) || (Key != "*" && (Key.Contains('.', StringComparison.Ordinal) || Key.Contains('#', StringComparison.Ordinal))))
        {
            problems.Add("silence: key must be '*' or a scope key without '.' or '#'");
        }
        else if (Key.Length > 200 || StoredText.HasControl(Key))
        {
            problems.Add("silence: key must be at most 200 characters without control characters");
        }

        if (Comment is not null && (Comment.Length > MaxCommentLength || StoredText.HasNul(Comment)))
        {
            problems.Add($"silence: comment must be at most {MaxCommentLength} characters without U+0000");
        }

        return problems;
    }

    /// <summary>True when the silence covers this scope at time <paramref name="at"/>.</summary>
    public bool Covers(AlertScope scope, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return at < Until && scope.Kind == Kind && (Key == "*" || string.Equals(Key, scope.Key, StringComparison.Ordinal));
    }
}
