using System.Text.Json.Serialization;

namespace EscalationRisk.Cli.Training;

/// <summary>Cross-validation and dev figures of one second-stage trainer.</summary>
internal sealed record StackerFigures(
    [property: JsonPropertyName("trainer")] string Trainer,
    [property: JsonPropertyName("crossValidation")] IReadOnlyList<PolarityFigures> CrossValidation,
    [property: JsonPropertyName("dev")] IReadOnlyList<PolarityFigures> Dev);
