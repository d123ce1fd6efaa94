using System.Text.Json.Serialization;

namespace EscalationRisk.Scoring.Model;

/// <summary>One regression tree of a boosted ensemble, in ML.NET's layout: node i sends a value ≤ Threshold[i] of
/// Feature[i] to Left[i], else to Right[i]; a negative child c is the leaf ~c.</summary>
internal sealed record StackerTree(
    [property: JsonPropertyName("weight")] double Weight,
    [property: JsonPropertyName("feature")] int[] Feature,
    [property: JsonPropertyName("threshold")] float[] Threshold,
    [property: JsonPropertyName("left")] int[] Left,
    [property: JsonPropertyName("right")] int[] Right,
    [property: JsonPropertyName("leaf")] double[] Leaf);
