using System.Text.Json.Serialization;

namespace EscalationRisk.Cli.Training;

internal sealed record PolarityFigures(
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("accuracy")] double Accuracy,
    [property: JsonPropertyName("macroF1")] double MacroF1);
