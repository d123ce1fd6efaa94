using System.Text.Json.Serialization;

namespace EscalationRisk.Scoring.Model;

/// <summary>
/// What <c>stacker.json</c> holds: the second stage over <see cref="SentenceEvidence"/>, either a multinomial logistic
/// regression (<c>kind</c> linear: <c>weights</c> per class, <c>biases</c>) or boosted trees (<c>kind</c> trees: an
/// ensemble per class, its <c>biases</c>, and a softmax over the classes' sums).
/// </summary>
internal sealed record StackerFile(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("evidence")] string Evidence,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("classes")] IReadOnlyList<string> Classes,
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("biases")] double[] Biases,
    [property: JsonPropertyName("weights")] IReadOnlyList<float[]>? Weights = null,
    [property: JsonPropertyName("trees")] IReadOnlyList<StackerTree[]>? Trees = null,
    [property: JsonPropertyName("calibration")] Calibration? Calibration = null);
