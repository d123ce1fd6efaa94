using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace EscalationRisk.Contracts.Tests;

public sealed class SchemaTests
{
    public static TheoryData<string> Messages() => [.. ContractJson.Messages.Select(m => m.Type.Name)];

    private static (Type Type, string File) Message(string name) => ContractJson.Messages.Single(m => m.Type.Name == name);

    [Theory]
    [MemberData(nameof(Messages))]
    public void Checked_in_schema_matches_the_record_type(string name)
    {
        var (type, file) = Message(name);
        var generated = ContractJson.SchemaFor(type).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var path = Path.Combine(RepoPaths.SchemaFolder, file);
        if (Environment.GetEnvironmentVariable("UPDATE_SCHEMAS") == "1")
        {
            File.WriteAllText(path, generated);
        }

        Assert.True(File.Exists(path), $"{path} is missing: run the tests once with UPDATE_SCHEMAS=1");
        var checkedIn = File.ReadAllText(path);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(checkedIn), JsonNode.Parse(generated)),
            $"{file} is out of step with {type.Name}: run the tests with UPDATE_SCHEMAS=1 and commit the result");
    }

    [Fact]
    public void Scored_article_as_serialised_validates_against_its_schema()
    {
        var scored = Examples.Scored();
        var json = JsonSerializer.SerializeToNode(scored, ContractJson.Options);
        var result = LoadSchema("article-scored.schema.json").Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("; ", result.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Values)));
    }

    [Fact]
    public void Alert_as_serialised_validates_against_its_schema()
    {
        var json = JsonSerializer.SerializeToNode(Examples.Alert(), ContractJson.Options);
        var result = LoadSchema("escalation-alert.schema.json").Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("; ", result.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))));
    }

    [Theory]
    [InlineData("""{"articleId":"a1","body":"text"}""", true)]
    [InlineData("""{"articleId":"a1","body":"text","language":"ar","publishedAt":"2026-11-29T06:00:00Z","url":"https://example.org/a"}""", true)]
    [InlineData("""{"body":"text"}""", false)]
    [InlineData("""{"articleId":"a1"}""", false)]
    [InlineData("""{"articleId":7,"body":"text"}""", false)]
    [InlineData("""{"articleId":"a1","body":["not","text"]}""", false)]
    public void Submitted_schema_accepts_valid_and_rejects_invalid_articles(string json, bool valid)
    {
        var result = LoadSchema("article-submitted.schema.json").Evaluate(JsonNode.Parse(json));
        Assert.Equal(valid, result.IsValid);
    }

    [Fact]
    public void Serialised_names_are_camel_case_and_categories_snake_case()
    {
        var json = JsonSerializer.Serialize(Examples.Scored(), ContractJson.Options);
        Assert.Contains("\"articleId\":\"a-1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"category\":\"strike_option\"", json, StringComparison.Ordinal);
        Assert.Contains("\"label\":\"mixed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"polarity\":\"escalation\"", json, StringComparison.Ordinal);
        Assert.Contains("ضربة", json, StringComparison.Ordinal); // Arabic is written as text, not \u escapes
        Assert.Contains("\"reason\":null", json, StringComparison.Ordinal); // absent values are explicit nulls
    }

    [Fact]
    public void The_generated_writer_writes_a_scored_article_byte_for_byte_as_the_options_do()
    {
        ArticleScored[] cases =
        [
            Examples.Scored(),
            Examples.Scored() with { Url = null, PublishedAt = null, ScoredAt = null, Title = "<b>\"quoted\" & 'single'</b>\u2028 ﷺ 😀", Reason = "unsupported language" },
            Examples.Scored() with { EscalationProbability = 0.1 + 0.2, DeescalationProbability = 1e-7, ThirdParties = [new ThirdParty("QAT", ThirdPartyRole.Mediator)], Topic = "conflict", Goldstein = -0.0 },
        ];
        AssertWrittenAsTheOptionsWrite(cases, ContractJson.Write);
    }

    [Fact]
    public void The_scored_article_writer_writes_every_kind_of_member_byte_for_byte_as_the_options_do()
    {
        // ContractJson.Write writes member by member (ScoredJsonWriter): each branch it takes against the serializer.
        var signal = Examples.Scored().Signals[0];
        var mediator = new ThirdParty("QAT", ThirdPartyRole.Mediator);
        ArticleScored[] cases =
        [
            // Every declared name of every enum.
            .. Enum.GetValues<SignalCategory>().Select((category, i) => Examples.Scored() with
            {
                Label = Enum.GetValues<ArticleLabel>()[i % 4],
                Signals = [signal with { Category = category, Polarity = (Polarity)(i % 2), ThirdParty = new ThirdParty("EGY", Enum.GetValues<ThirdPartyRole>()[i % 4]) }],
            }),

            // Values without a wire name are the serializer's to write.
            Examples.Scored() with
            {
                Label = (ArticleLabel)42,
                Signals = [signal with { Category = (SignalCategory)99, Polarity = (Polarity)(-1), ThirdParty = new ThirdParty("QAT", (ThirdPartyRole)7) }],
            },

            // Lists that are not arrays, empty lists, null list entries, absent optional members and third parties.
            Examples.Scored() with
            {
                Signals = new List<Signal> { signal with { Actors = new List<string> { "IRN", "\"q\"" }, ThirdParty = mediator, Rule = "r+1" }, null!, signal with { Actors = [] } },
                Actors = new List<Actor> { new("USA", "United States", 0), null! },
                Dyads = new List<string>(),
                ThirdParties = new List<ThirdParty> { mediator, null! },
                EscalationProbability = double.Epsilon,
                DeescalationProbability = -1e300,
            },
            Examples.Scored() with { Signals = [], Actors = [], Dyads = [], ThirdParties = [], Topic = "", Reason = "" },

            // A url written as given (not normalised), dates with offsets and every fraction of a second.
            Examples.Scored() with
            {
                Url = new Uri("https://example.org/ضربة?a=1&b=ü#x"),
                PublishedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(5.5)).AddTicks(1234567),
                ScoredAt = new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.FromHours(-3)).AddTicks(1200000),
                Risk = 100,
                Goldstein = double.MaxValue,
            },
        ];
        AssertWrittenAsTheOptionsWrite(cases, ContractJson.Write);
    }

    [Fact]
    public void The_scored_article_writer_refuses_a_missing_required_member_as_the_options_do()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer, ContractJson.WriterOptions);
        foreach (var (scored, member) in new[] { (Examples.Scored() with { StoryId = null! }, "'storyId'"), (Examples.Scored() with { Signals = [Examples.Scored().Signals[0] with { Cameo = null! }] }, "'cameo'") })
        {
            Assert.Contains(member, Assert.Throws<JsonException>(() => JsonSerializer.Serialize(scored, ContractJson.Options)).Message, StringComparison.Ordinal);
            writer.Reset();
            Assert.Contains(member, Assert.Throws<JsonException>(() => ContractJson.Write(writer, scored)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_generated_writer_writes_an_alert_byte_for_byte_as_the_options_do()
    {
        var evidence = new AlertEvidence("a-1", "<b>\"quoted\" & 'single'</b>\u2028 ﷺ 😀 ضربة", new Uri("https://example.org/a?b=1&c=ü"), 0.1 + 0.2, null, Examples.Scored().Signals);
        EscalationAlert[] cases =
        [
            new("f-1", "dyad-burst", new AlertScope(ScopeKind.Dyad, "IRN-USA"), AlertStatus.Firing, "critical", 412.5, 400, DateTimeOffset.Parse("2026-12-07T10:00:00+00:00", CultureInfo.InvariantCulture),
                null, "IRN-USA: risk 412.5 ≥ 400", [evidence], new Dictionary<string, string> { ["rule"] = "dyad-burst", ["scope"] = "IRN-USA", ["مفتاح"] = "قيمة" }, 500, 90.25, null),
            new("f-2", "article-attack", new AlertScope(ScopeKind.Article, "a-1"), AlertStatus.Resolved, "critical", 0.93, 0.7, DateTimeOffset.UnixEpoch,
                DateTimeOffset.UnixEpoch.AddHours(1), "", [], new Dictionary<string, string>(), Baseline: -0.0),
        ];
        AssertWrittenAsTheOptionsWrite(cases, ContractJson.Write);
    }

    [Fact]
    public void The_generated_reader_reads_a_scored_article_as_the_options_do_and_refuses_what_they_refuse()
    {
        var scored = Examples.Scored() with { ThirdParties = [new ThirdParty("QAT", ThirdPartyRole.Mediator)], Title = "ضربة" };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(scored, ContractJson.Options);
        Assert.Equal(bytes, JsonSerializer.SerializeToUtf8Bytes(ContractJson.ReadScored(bytes), ContractJson.Options));
        Assert.Throws<JsonException>(() => ContractJson.ReadScored("""{"articleId":"a"}"""u8));
        Assert.Throws<JsonException>(() => ContractJson.ReadScored("null"u8));
        Assert.Throws<JsonException>(() => ContractJson.ReadScored("{"u8));
    }

    [Fact]
    public void Round_trip_keeps_every_field()
    {
        var scored = Examples.Scored();
        var back = JsonSerializer.Deserialize<ArticleScored>(JsonSerializer.Serialize(scored, ContractJson.Options), ContractJson.Options)!;
        Assert.Equal(scored.ArticleId, back.ArticleId);
        Assert.Equal(scored.Signals[0], back.Signals[0] with { Actors = scored.Signals[0].Actors });
        Assert.Equal(scored.Signals[0].Actors, back.Signals[0].Actors);
        Assert.Equal(scored.Dyads, back.Dyads);
        Assert.Equal(scored.ScoredAt, back.ScoredAt);
    }

    [Fact]
    public void Missing_required_member_is_refused_when_deserialising()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ArticleSubmitted>("""{"articleId":"a"}""", ContractJson.Options));
    }

    /// <summary>Each case as <paramref name="write"/> writes it with <see cref="ContractJson.WriterOptions"/> is the bytes <see cref="ContractJson.Options"/> write.</summary>
    private static void AssertWrittenAsTheOptionsWrite<T>(IEnumerable<T> cases, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        foreach (var value in cases)
        {
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer, ContractJson.WriterOptions))
            {
                write(writer, value);
            }

            Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(value, ContractJson.Options), buffer.WrittenSpan.ToArray());
        }
    }

    private static JsonSchema LoadSchema(string file) => JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoPaths.SchemaFolder, file)));
}
