using System.Text.Json.Serialization;

namespace EscalationRisk.Scoring.Model;

/// <summary>What <c>model.json</c> says about the model beside it.</summary>
internal sealed record ModelCard(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("features")] string Features,
    [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels);
