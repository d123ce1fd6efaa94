using System.Text.Json;
using System.Text.Json.Serialization;

namespace EscalationRisk.Contracts;

/// <summary>
/// The messages' JSON metadata made at compile time, with the settings of <see cref="ContractJson.Options"/>: no
/// reflection to build it when a process starts, and the same for every reader and writer of the contracts.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    MaxDepth = 32)]
[JsonSerializable(typeof(ArticleSubmitted))]
[JsonSerializable(typeof(ArticleScored))]
[JsonSerializable(typeof(EscalationAlert))]
internal sealed partial class ContractJsonContext : JsonSerializerContext;
