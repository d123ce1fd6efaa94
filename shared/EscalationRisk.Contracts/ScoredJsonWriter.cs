using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EscalationRisk.Contracts;

/// <summary>
/// Writes an <see cref="ArticleScored"/> member by member with the <see cref="Utf8JsonWriter"/>'s own methods, in the
/// order and with the null checks of the code System.Text.Json generates for <see cref="ContractJsonContext"/>: the
/// same bytes (the writer still escapes the strings and formats the numbers and dates). What it spares is the
/// serializer around that code: a nested <see cref="JsonSerializer"/> call with its own state for every enum, date,
/// url and nullable number (three a signal), each enum's name looked up in a concurrent dictionary, and the metadata
/// of every contract type built when the first article is written. An enum value without a wire name (not declared)
/// is still written by the serializer.
/// </summary>
internal static class ScoredJsonWriter
{
    private static readonly JsonEncodedText ArticleId = JsonEncodedText.Encode("articleId");
    private static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText Url = JsonEncodedText.Encode("url");
    private static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText PublishedAt = JsonEncodedText.Encode("publishedAt");
    private static readonly JsonEncodedText Language = JsonEncodedText.Encode("language");
    private static readonly JsonEncodedText Label = JsonEncodedText.Encode("label");
    private static readonly JsonEncodedText Risk = JsonEncodedText.Encode("risk");
    private static readonly JsonEncodedText Escalation = JsonEncodedText.Encode("escalation");
    private static readonly JsonEncodedText Deescalation = JsonEncodedText.Encode("deescalation");
    private static readonly JsonEncodedText Goldstein = JsonEncodedText.Encode("goldstein");
    private static readonly JsonEncodedText Signals = JsonEncodedText.Encode("signals");
    private static readonly JsonEncodedText Actors = JsonEncodedText.Encode("actors");
    private static readonly JsonEncodedText Dyads = JsonEncodedText.Encode("dyads");
    private static readonly JsonEncodedText StoryId = JsonEncodedText.Encode("storyId");
    private static readonly JsonEncodedText ModelVersion = JsonEncodedText.Encode("modelVersion");
    private static readonly JsonEncodedText LexiconVersion = JsonEncodedText.Encode("lexiconVersion");
    private static readonly JsonEncodedText ScoredAt = JsonEncodedText.Encode("scoredAt");
    private static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
    private static readonly JsonEncodedText EscalationProbability = JsonEncodedText.Encode("escalationProbability");
    private static readonly JsonEncodedText DeescalationProbability = JsonEncodedText.Encode("deescalationProbability");
    private static readonly JsonEncodedText ThirdParties = JsonEncodedText.Encode("thirdParties");
    private static readonly JsonEncodedText Topic = JsonEncodedText.Encode("topic");
    private static readonly JsonEncodedText Category = JsonEncodedText.Encode("category");
    private static readonly JsonEncodedText Polarity = JsonEncodedText.Encode("polarity");
    private static readonly JsonEncodedText Text = JsonEncodedText.Encode("text");
    private static readonly JsonEncodedText Start = JsonEncodedText.Encode("start");
    private static readonly JsonEncodedText End = JsonEncodedText.Encode("end");
    private static readonly JsonEncodedText Confidence = JsonEncodedText.Encode("confidence");
    private static readonly JsonEncodedText Cameo = JsonEncodedText.Encode("cameo");
    private static readonly JsonEncodedText Target = JsonEncodedText.Encode("target");
    private static readonly JsonEncodedText Rule = JsonEncodedText.Encode("rule");
    private static readonly JsonEncodedText ThirdParty = JsonEncodedText.Encode("thirdParty");
    private static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Mentions = JsonEncodedText.Encode("mentions");
    private static readonly JsonEncodedText Role = JsonEncodedText.Encode("role");

    public static void Write(Utf8JsonWriter writer, ArticleScored? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            writer.Flush();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString(ArticleId, Required(value.ArticleId, "articleId", nameof(ArticleScored)));
        writer.WriteString(Source, value.Source);
        writer.WritePropertyName(Url);
        WriteUri(writer, value.Url);
        writer.WriteString(Title, value.Title);
        writer.WritePropertyName(PublishedAt);
        WriteDate(writer, value.PublishedAt);
        writer.WriteString(Language, Required(value.Language, "language", nameof(ArticleScored)));
        writer.WritePropertyName(Label);
        Names<ArticleLabel>.Write(writer, value.Label);
        writer.WriteNumber(Risk, value.Risk);
        writer.WriteNumber(Escalation, value.Escalation);
        writer.WriteNumber(Deescalation, value.Deescalation);
        writer.WriteNumber(Goldstein, value.Goldstein);
        var signals = Required(value.Signals, "signals", nameof(ArticleScored));
        writer.WritePropertyName(Signals);
        writer.WriteStartArray();
        if (signals is Signal[] signalArray)
        {
            foreach (var signal in signalArray)
            {
                WriteSignal(writer, signal);
            }
        }
        else
        {
            foreach (var signal in signals)
            {
                WriteSignal(writer, signal);
            }
        }

        writer.WriteEndArray();
        var actors = Required(value.Actors, "actors", nameof(ArticleScored));
        writer.WritePropertyName(Actors);
        writer.WriteStartArray();
        foreach (var actor in actors)
        {
            WriteActor(writer, actor);
        }

        writer.WriteEndArray();
        writer.WritePropertyName(Dyads);
        WriteStrings(writer, Required(value.Dyads, "dyads", nameof(ArticleScored)));
        writer.WriteString(StoryId, Required(value.StoryId, "storyId", nameof(ArticleScored)));
        writer.WriteString(ModelVersion, Required(value.ModelVersion, "modelVersion", nameof(ArticleScored)));
        writer.WriteString(LexiconVersion, Required(value.LexiconVersion, "lexiconVersion", nameof(ArticleScored)));
        writer.WritePropertyName(ScoredAt);
        WriteDate(writer, value.ScoredAt);
        writer.WriteString(Reason, value.Reason);
        writer.WritePropertyName(EscalationProbability);
        WriteNumber(writer, value.EscalationProbability);
        writer.WritePropertyName(DeescalationProbability);
        WriteNumber(writer, value.DeescalationProbability);
        writer.WritePropertyName(ThirdParties);
        if (value.ThirdParties is { } thirdParties)
        {
            writer.WriteStartArray();
            foreach (var party in thirdParties)
            {
                WriteThirdParty(writer, party);
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteString(Topic, value.Topic);
        writer.WriteEndObject();

        // As the serializer does when it is done with a value.
        writer.Flush();
    }

    private static void WriteSignal(Utf8JsonWriter writer, Signal? signal)
    {
        if (signal is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WritePropertyName(Category);
        Names<SignalCategory>.Write(writer, signal.Category);
        writer.WritePropertyName(Polarity);
        Names<Polarity>.Write(writer, signal.Polarity);
        writer.WriteString(Text, Required(signal.Text, "text", nameof(Signal)));
        writer.WriteNumber(Start, signal.Start);
        writer.WriteNumber(End, signal.End);
        writer.WriteNumber(Confidence, signal.Confidence);
        writer.WriteString(Cameo, Required(signal.Cameo, "cameo", nameof(Signal)));
        writer.WritePropertyName(Actors);
        WriteStrings(writer, Required(signal.Actors, "actors", nameof(Signal)));
        writer.WriteString(Source, signal.Source);
        writer.WriteString(Target, signal.Target);
        writer.WriteString(Rule, signal.Rule);
        writer.WritePropertyName(ThirdParty);
        WriteThirdParty(writer, signal.ThirdParty);
        writer.WriteEndObject();
    }

    private static void WriteActor(Utf8JsonWriter writer, Actor? actor)
    {
        if (actor is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString(Code, Required(actor.Code, "code", nameof(Actor)));
        writer.WriteString(Name, Required(actor.Name, "name", nameof(Actor)));
        writer.WriteNumber(Mentions, actor.Mentions);
        writer.WriteEndObject();
    }

    private static void WriteThirdParty(Utf8JsonWriter writer, ThirdParty? party)
    {
        if (party is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString(Code, Required(party.Code, "code", nameof(Contracts.ThirdParty)));
        writer.WritePropertyName(Role);
        Names<ThirdPartyRole>.Write(writer, party.Role);
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, IReadOnlyList<string> values)
    {
        writer.WriteStartArray();
        if (values is string[] array)
        {
            foreach (var text in array)
            {
                writer.WriteStringValue(text);
            }
        }
        else
        {
            foreach (var text in values)
            {
                writer.WriteStringValue(text);
            }
        }

        writer.WriteEndArray();
    }

    // The serializer's converters for these types call exactly these writer methods (Uri: its OriginalString).
    private static void WriteUri(Utf8JsonWriter writer, Uri? uri)
    {
        if (uri is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(uri.OriginalString);
        }
    }

    private static void WriteDate(Utf8JsonWriter writer, DateTimeOffset? date)
    {
        if (date is { } value)
        {
            writer.WriteStringValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, double? number)
    {
        if (number is { } value)
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private static T Required<T>(T? value, string property, string type)
        where T : class =>
        value ?? throw new JsonException($"The property or field '{property}' on type '{type}' doesn't allow getting null values. Consider updating its nullability annotation.");

    /// <summary>
    /// Each declared value's wire name, encoded once, by value (the contracts' enums count from 0); any other value
    /// goes to the serializer, which writes what it writes for it.
    /// </summary>
    private static class Names<T>
        where T : struct, Enum
    {
        private static readonly JsonEncodedText?[] ByValue = Build();

        public static void Write(Utf8JsonWriter writer, T value)
        {
            if (Unsafe.SizeOf<T>() == sizeof(int) && (uint)Unsafe.BitCast<T, int>(value) is var index
                && index < (uint)ByValue.Length && ByValue[index] is { } name)
            {
                writer.WriteStringValue(name);
            }
            else
            {
                JsonSerializer.Serialize(writer, value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)ContractJsonContext.Default.GetTypeInfo(typeof(T))!);
            }
        }

        private static JsonEncodedText?[] Build()
        {
            if (Enum.GetUnderlyingType(typeof(T)) != typeof(int))
            {
                return [];
            }

            var values = Enum.GetValues<T>();
            var names = new JsonEncodedText?[values.Length];
            foreach (var value in values)
            {
                var index = (uint)Unsafe.BitCast<T, int>(value);
                if (index < (uint)names.Length && WireNames.TryName(value, out var name))
                {
                    // Encoded as the serializer's enum converter encodes its names (the context's default encoder).
                    names[index] = JsonEncodedText.Encode(name, JavaScriptEncoder.Default);
                }
            }

            return names;
        }
    }
}
