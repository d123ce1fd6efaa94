using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace EscalationRisk.Contracts;

/// <summary>
/// The one JSON shape of every message: camelCase, every member written (absent values as <c>null</c>, so the
/// schema can list them as required), required constructor members enforced when reading.
/// </summary>
public static class ContractJson
{
    /// <summary>
    /// The messages' metadata generated at compile time (<see cref="ArticleSubmitted"/>, <see cref="ArticleScored"/>,
    /// <see cref="EscalationAlert"/>), for other options that write them (the bus's) to use first.
    /// </summary>
    public static IJsonTypeInfoResolver Resolver => ContractJsonContext.Default;

    /// <summary>Options for reading and writing messages. Frozen: safe to share.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// Options for a <see cref="Utf8JsonWriter"/> that <see cref="Write"/> writes into: the characters escaped are
    /// those <see cref="Options"/> escapes.
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = Options.Encoder, MaxDepth = Options.MaxDepth };

    /// <summary>
    /// Writes <paramref name="scored"/> as <see cref="Options"/> writes it, byte for byte, member by member with the
    /// writer's own methods (<see cref="ScoredJsonWriter"/>: no serializer state per enum, date or nullable number, no
    /// metadata built). The escaping is the writer's: make it with <see cref="WriterOptions"/>.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, ArticleScored scored)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ScoredJsonWriter.Write(writer, scored);
    }

    /// <summary>
    /// Writes <paramref name="alert"/> as <see cref="Options"/> writes it, byte for byte, by the serialization code
    /// generated at compile time. The escaping is the writer's: make it with <see cref="WriterOptions"/>.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, EscalationAlert alert) =>
        JsonSerializer.Serialize(writer, alert, ContractJsonContext.Default.EscalationAlert);

    /// <summary>
    /// Reads a scored article from its UTF-8 JSON with the settings of <see cref="Options"/> (required members
    /// enforced), straight from the bytes: no document is built first. The contract's own shape (as the services write
    /// it) is read by a reader written for it; anything else by the metadata generated at compile time, whose answer
    /// or error stands (see <see cref="ScoredReader"/>).
    /// </summary>
    /// <exception cref="JsonException">The bytes are not a scored article.</exception>
    public static ArticleScored ReadScored(ReadOnlySpan<byte> utf8) =>
        ScoredReader.TryRead(utf8) ?? ReadScoredByMetadata(utf8);

    /// <summary>Reads a scored article with the metadata generated at compile time only (for tests and comparisons).</summary>
    /// <exception cref="JsonException">The bytes are not a scored article.</exception>
    public static ArticleScored ReadScoredByMetadata(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, ContractJsonContext.Default.ArticleScored) ?? throw new JsonException("a scored article that is null");

    /// <summary>True when <see cref="ReadScored"/> reads these bytes with its own reader, not the generated metadata (for tests).</summary>
    public static bool ReadsDirectly(ReadOnlySpan<byte> utf8) => ScoredReader.TryRead(utf8) is not null;

    /// <summary>The messages that cross process boundaries, with the file name of their schema.</summary>
    public static IReadOnlyList<(Type Type, string SchemaFile)> Messages { get; } =
    [
        (typeof(ArticleSubmitted), "article-submitted.schema.json"),
        (typeof(ArticleScored), "article-scored.schema.json"),
        (typeof(EscalationAlert), "escalation-alert.schema.json"),
    ];

    /// <summary>Builds the JSON Schema (draft 2020-12) of a message type from the type itself.</summary>
    public static JsonNode SchemaFor(Type messageType)
    {
        ArgumentNullException.ThrowIfNull(messageType);
        var exporterOptions = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
        };
        var schema = Options.GetJsonSchemaAsNode(messageType, exporterOptions);
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"urn:escalation-risk:{messageType.Name}",
            ["title"] = messageType.Name,
        };
        foreach (var (key, value) in schema.AsObject().ToList())
        {
            root[key] = value?.DeepClone();
        }
        return root;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        // The settings are those the generated context declares (ContractJsonContext's attribute), copied, so the
        // two cannot drift apart.
        var options = new JsonSerializerOptions(ContractJsonContext.Default.Options)
        {
            // Arabic stays readable in the JSON; characters unsafe in HTML are still escaped.
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),

            // The messages' metadata is generated at compile time; any other type (a test's, a tool's) is still
            // described by reflection.
            TypeInfoResolver = JsonTypeInfoResolver.Combine(ContractJsonContext.Default, new DefaultJsonTypeInfoResolver()),
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
