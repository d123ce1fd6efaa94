using System.Text.Json.Serialization;

namespace EscalationRisk.Contracts;

/// <summary>The ten categories of the signal taxonomy.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SignalCategory>))]
public enum SignalCategory
{
    [JsonStringEnumMemberName("strike_option")] StrikeOption,
    [JsonStringEnumMemberName("threat_to_respond")] ThreatToRespond,
    [JsonStringEnumMemberName("military_mobilization")] MilitaryMobilization,
    [JsonStringEnumMemberName("attack")] Attack,
    [JsonStringEnumMemberName("coercion")] Coercion,
    [JsonStringEnumMemberName("call_for_calm")] CallForCalm,
    [JsonStringEnumMemberName("mediation")] Mediation,
    [JsonStringEnumMemberName("dialogue")] Dialogue,
    [JsonStringEnumMemberName("ceasefire")] Ceasefire,
    [JsonStringEnumMemberName("restraint")] Restraint,
}

/// <summary>
/// How a state or organisation takes part in a signal without being one of its parties: it mediates or carries
/// messages, hosts the talks, calls on the parties for calm, or comments (condemns, welcomes, expresses concern).
/// A third party never forms a dyad with the parties it stands between.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ThirdPartyRole>))]
public enum ThirdPartyRole
{
    [JsonStringEnumMemberName("mediator")] Mediator,
    [JsonStringEnumMemberName("host")] Host,
    [JsonStringEnumMemberName("caller")] Caller,
    [JsonStringEnumMemberName("commentator")] Commentator,
}

/// <summary>The direction a signal pushes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Polarity>))]
public enum Polarity
{
    [JsonStringEnumMemberName("escalation")] Escalation,
    [JsonStringEnumMemberName("deescalation")] Deescalation,
}

/// <summary>An article's overall label.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ArticleLabel>))]
public enum ArticleLabel
{
    [JsonStringEnumMemberName("neutral")] Neutral,
    [JsonStringEnumMemberName("escalation")] Escalation,
    [JsonStringEnumMemberName("deescalation")] Deescalation,
    [JsonStringEnumMemberName("mixed")] Mixed,
}

/// <summary>What an alert is about.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScopeKind>))]
public enum ScopeKind
{
    [JsonStringEnumMemberName("dyad")] Dyad,
    [JsonStringEnumMemberName("country")] Country,
    [JsonStringEnumMemberName("global")] Global,
    [JsonStringEnumMemberName("article")] Article,
}

/// <summary>An alert's state as published.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertStatus>))]
public enum AlertStatus
{
    [JsonStringEnumMemberName("firing")] Firing,
    [JsonStringEnumMemberName("resolved")] Resolved,
}
