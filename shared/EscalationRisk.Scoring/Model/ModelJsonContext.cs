using System.Text.Json.Serialization;

namespace EscalationRisk.Scoring.Model;

/// <summary>
/// The JSON metadata of the model's files (<c>model.json</c>, <c>topics.json</c>, <c>stacker.json</c>) made at
/// compile time, with the serializer's default settings that reading them by reflection used: loading the scorer no
/// longer describes these records by reflection, nor compiles the code that does (about 5% of a one-article
/// <c>score</c>'s start-up went to reading <c>stacker.json</c>).
/// </summary>
[JsonSerializable(typeof(StackerFile))]
[JsonSerializable(typeof(ModelCard))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
