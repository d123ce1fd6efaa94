using System.Text.Json;

namespace EscalationRisk.Contracts;

/// <summary>
/// Reads a scored article written in the contract's own shape (member names as written, each once, values of the
/// member's JSON type, enum names as written) straight into the records, with no argument arrays and no boxing: the
/// generated metadata reads records through their constructors, which cost the alert worker about a tenth of its CPU.
/// Anything else (another spelling of a name, a number as a string, an unknown or repeated member, a missing or null
/// required member, invalid JSON) is not read here: <see cref="TryRead"/> answers null and the caller reads the bytes
/// with the generated metadata, whose answer (or error) stands. So what this reader accepts it reads exactly as the
/// generated metadata does (tested on every scored text of the test streams and on the shapes it declines).
/// </summary>
internal static class ScoredReader
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 32,
    };

    /// <summary>The article, or null when the bytes are not in the shape this reader reads.</summary>
    public static ArticleScored? TryRead(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var article = ReadArticle(ref reader);

            // Only white space may follow (anything else: the generated metadata says what is wrong).
            return article is not null && !reader.Read() ? article : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or OverflowException or UriFormatException)
        {
            return null;
        }
    }

    private static ArticleScored? ReadArticle(ref Utf8JsonReader reader)
    {
        string? articleId = null, source = null, title = null, language = null, storyId = null, modelVersion = null, lexiconVersion = null, reason = null, topic = null;
        Uri? url = null;
        DateTimeOffset? publishedAt = null, scoredAt = null;
        ArticleLabel label = default;
        double risk = 0, escalation = 0, deescalation = 0, goldstein = 0;
        double? escalationProbability = null, deescalationProbability = null;
        List<Signal>? signals = null;
        List<Actor>? actors = null;
        List<string>? dyads = null;
        List<ThirdParty>? thirdParties = null;
        var seen = 0;
        while (true)
        {
            var step = NextMember(ref reader, out var name);
            if (step == Step.End)
            {
                break;
            }

            if (step == Step.Invalid)
            {
                return null;
            }

            int bit;
            var ok = true;
            switch (name.Length > 0 ? name[0] : (byte)0)
            {
                case (byte)'a' when name.SequenceEqual("articleId"u8):
                    bit = 1 << 0; ok = Text(ref reader, out articleId);
                    break;
                case (byte)'a' when name.SequenceEqual("actors"u8):
                    bit = 1 << 1; ok = (actors = Actors(ref reader)) is not null;
                    break;
                case (byte)'s' when name.SequenceEqual("source"u8):
                    bit = 1 << 2; ok = NullableText(ref reader, out source);
                    break;
                case (byte)'s' when name.SequenceEqual("signals"u8):
                    bit = 1 << 3; ok = (signals = Signals(ref reader)) is not null;
                    break;
                case (byte)'s' when name.SequenceEqual("storyId"u8):
                    bit = 1 << 4; ok = Text(ref reader, out storyId);
                    break;
                case (byte)'s' when name.SequenceEqual("scoredAt"u8):
                    bit = 1 << 5; ok = NullableTime(ref reader, out scoredAt);
                    break;
                case (byte)'u' when name.SequenceEqual("url"u8):
                    bit = 1 << 6; ok = NullableUri(ref reader, out url);
                    break;
                case (byte)'t' when name.SequenceEqual("title"u8):
                    bit = 1 << 7; ok = NullableText(ref reader, out title);
                    break;
                case (byte)'t' when name.SequenceEqual("thirdParties"u8):
                    bit = 1 << 8;
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        ok = (thirdParties = ThirdParties(ref reader)) is not null;
                    }

                    break;
                case (byte)'t' when name.SequenceEqual("topic"u8):
                    bit = 1 << 9; ok = NullableText(ref reader, out topic);
                    break;
                case (byte)'p' when name.SequenceEqual("publishedAt"u8):
                    bit = 1 << 10; ok = NullableTime(ref reader, out publishedAt);
                    break;
                case (byte)'l' when name.SequenceEqual("language"u8):
                    bit = 1 << 11; ok = Text(ref reader, out language);
                    break;
                case (byte)'l' when name.SequenceEqual("label"u8):
                    bit = 1 << 12; ok = WireName(ref reader, out label);
                    break;
                case (byte)'l' when name.SequenceEqual("lexiconVersion"u8):
                    bit = 1 << 13; ok = Text(ref reader, out lexiconVersion);
                    break;
                case (byte)'r' when name.SequenceEqual("risk"u8):
                    bit = 1 << 14; ok = Number(ref reader, out risk);
                    break;
                case (byte)'r' when name.SequenceEqual("reason"u8):
                    bit = 1 << 15; ok = NullableText(ref reader, out reason);
                    break;
                case (byte)'e' when name.SequenceEqual("escalation"u8):
                    bit = 1 << 16; ok = Number(ref reader, out escalation);
                    break;
                case (byte)'e' when name.SequenceEqual("escalationProbability"u8):
                    bit = 1 << 17; ok = NullableNumber(ref reader, out escalationProbability);
                    break;
                case (byte)'d' when name.SequenceEqual("deescalation"u8):
                    bit = 1 << 18; ok = Number(ref reader, out deescalation);
                    break;
                case (byte)'d' when name.SequenceEqual("deescalationProbability"u8):
                    bit = 1 << 19; ok = NullableNumber(ref reader, out deescalationProbability);
                    break;
                case (byte)'d' when name.SequenceEqual("dyads"u8):
                    bit = 1 << 20; ok = (dyads = Texts(ref reader)) is not null;
                    break;
                case (byte)'g' when name.SequenceEqual("goldstein"u8):
                    bit = 1 << 21; ok = Number(ref reader, out goldstein);
                    break;
                case (byte)'m' when name.SequenceEqual("modelVersion"u8):
                    bit = 1 << 22; ok = Text(ref reader, out modelVersion);
                    break;
                default:
                    // An unknown member, or a known one spelled otherwise: the generated metadata decides.
                    return null;
            }

            if (!ok || (seen & bit) != 0)
            {
                return null;
            }

            seen |= bit;
        }

        // Every member without a default in the constructor must be there (a null where null is allowed).
        const int Required = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 10)
            | (1 << 11) | (1 << 12) | (1 << 13) | (1 << 14) | (1 << 16) | (1 << 18) | (1 << 20) | (1 << 21) | (1 << 22);
        if ((seen & Required) != Required)
        {
            return null;
        }

        return new ArticleScored(articleId!, source, url, title, publishedAt, language!, label, risk, escalation, deescalation, goldstein,
            signals!, actors!, dyads!, storyId!, modelVersion!, lexiconVersion!, scoredAt, reason, escalationProbability,
            deescalationProbability, thirdParties, topic);
    }

    private enum Step
    {
        Member,
        End,
        Invalid,
    }

    /// <summary>
    /// Moves to an object's next member: <see cref="Step.Member"/> with the reader on its value and its unescaped name in
    /// <paramref name="name"/>, <see cref="Step.End"/> at the object's end, <see cref="Step.Invalid"/> otherwise (the end of
    /// the input, or a name with escapes, which this reader leaves to the generated metadata).
    /// </summary>
    private static Step NextMember(ref Utf8JsonReader reader, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (!reader.Read())
        {
            return Step.Invalid;
        }

        if (reader.TokenType == JsonTokenType.EndObject)
        {
            return Step.End;
        }

        if (reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped)
        {
            return Step.Invalid;
        }

        name = reader.ValueSpan;
        return reader.Read() ? Step.Member : Step.Invalid;
    }

    private static List<Signal>? Signals(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var list = new List<Signal>();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return list;
            }

            if (reader.TokenType != JsonTokenType.StartObject || ReadSignal(ref reader) is not { } signal)
            {
                return null;
            }

            list.Add(signal);
        }

        return null;
    }

    private static Signal? ReadSignal(ref Utf8JsonReader reader)
    {
        SignalCategory category = default;
        Polarity polarity = default;
        string? text = null, cameo = null, source = null, target = null, rule = null;
        int start = 0, end = 0;
        double confidence = 0;
        List<string>? actors = null;
        ThirdParty? thirdParty = null;
        var seen = 0;
        while (true)
        {
            var step = NextMember(ref reader, out var name);
            if (step == Step.End)
            {
                break;
            }

            if (step == Step.Invalid)
            {
                return null;
            }

            int bit;
            bool ok;
            if (name.SequenceEqual("category"u8))
            {
                bit = 1 << 0; ok = WireName(ref reader, out category);
            }
            else if (name.SequenceEqual("polarity"u8))
            {
                bit = 1 << 1; ok = WireName(ref reader, out polarity);
            }
            else if (name.SequenceEqual("text"u8))
            {
                bit = 1 << 2; ok = Text(ref reader, out text);
            }
            else if (name.SequenceEqual("start"u8))
            {
                bit = 1 << 3; ok = Integer(ref reader, out start);
            }
            else if (name.SequenceEqual("end"u8))
            {
                bit = 1 << 4; ok = Integer(ref reader, out end);
            }
            else if (name.SequenceEqual("confidence"u8))
            {
                bit = 1 << 5; ok = Number(ref reader, out confidence);
            }
            else if (name.SequenceEqual("cameo"u8))
            {
                bit = 1 << 6; ok = Text(ref reader, out cameo);
            }
            else if (name.SequenceEqual("actors"u8))
            {
                bit = 1 << 7; ok = (actors = Texts(ref reader)) is not null;
            }
            else if (name.SequenceEqual("source"u8))
            {
                bit = 1 << 8; ok = NullableText(ref reader, out source);
            }
            else if (name.SequenceEqual("target"u8))
            {
                bit = 1 << 9; ok = NullableText(ref reader, out target);
            }
            else if (name.SequenceEqual("rule"u8))
            {
                bit = 1 << 10; ok = NullableText(ref reader, out rule);
            }
            else if (name.SequenceEqual("thirdParty"u8))
            {
                bit = 1 << 11;
                ok = true;
                if (reader.TokenType != JsonTokenType.Null)
                {
                    ok = (thirdParty = ReadThirdParty(ref reader)) is not null;
                }
            }
            else
            {
                return null;
            }

            if (!ok || (seen & bit) != 0)
            {
                return null;
            }

            seen |= bit;
        }

        const int Required = (1 << 8) - 1;
        return (seen & Required) == Required
            ? new Signal(category, polarity, text!, start, end, confidence, cameo!, actors!, source, target, rule, thirdParty)
            : null;
    }

    private static List<Actor>? Actors(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var list = new List<Actor>();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return list;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? code = null, name = null;
            var mentions = 0;
            var seen = 0;
            while (true)
            {
                var step = NextMember(ref reader, out var member);
                if (step == Step.End)
                {
                    break;
                }

                if (step == Step.Invalid)
                {
                    return null;
                }

                int bit;
                bool ok;
                if (member.SequenceEqual("code"u8))
                {
                    bit = 1; ok = Text(ref reader, out code);
                }
                else if (member.SequenceEqual("name"u8))
                {
                    bit = 2; ok = Text(ref reader, out name);
                }
                else if (member.SequenceEqual("mentions"u8))
                {
                    bit = 4; ok = Integer(ref reader, out mentions);
                }
                else
                {
                    return null;
                }

                if (!ok || (seen & bit) != 0)
                {
                    return null;
                }

                seen |= bit;
            }

            if (seen != 7)
            {
                return null;
            }

            list.Add(new Actor(code!, name!, mentions));
        }

        return null;
    }

    private static List<ThirdParty>? ThirdParties(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var list = new List<ThirdParty>();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return list;
            }

            if (ReadThirdParty(ref reader) is not { } party)
            {
                return null;
            }

            list.Add(party);
        }

        return null;
    }

    private static ThirdParty? ReadThirdParty(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? code = null;
        ThirdPartyRole role = default;
        var seen = 0;
        while (true)
        {
            var step = NextMember(ref reader, out var member);
            if (step == Step.End)
            {
                return seen == 3 ? new ThirdParty(code!, role) : null;
            }

            if (step == Step.Invalid)
            {
                return null;
            }

            int bit;
            bool ok;
            if (member.SequenceEqual("code"u8))
            {
                bit = 1; ok = Text(ref reader, out code);
            }
            else if (member.SequenceEqual("role"u8))
            {
                bit = 2; ok = WireName(ref reader, out role);
            }
            else
            {
                return null;
            }

            if (!ok || (seen & bit) != 0)
            {
                return null;
            }

            seen |= bit;
        }
    }

    private static List<string>? Texts(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var list = new List<string>();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return list;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                return null;
            }

            list.Add(reader.GetString()!);
        }

        return null;
    }

    private static bool Text(ref Utf8JsonReader reader, out string? value)
    {
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return value is not null;
    }

    private static bool NullableText(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        return Text(ref reader, out value);
    }

    private static bool NullableTime(ref Utf8JsonReader reader, out DateTimeOffset? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var time))
        {
            return false;
        }

        value = time;
        return true;
    }

    private static bool NullableUri(ref Utf8JsonReader reader, out Uri? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        return reader.TokenType == JsonTokenType.String && Uri.TryCreate(reader.GetString(), UriKind.RelativeOrAbsolute, out value);
    }

    private static bool Number(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out value);
    }

    private static bool NullableNumber(ref Utf8JsonReader reader, out double? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (!Number(ref reader, out var number))
        {
            return false;
        }

        value = number;
        return true;
    }

    private static bool Integer(ref Utf8JsonReader reader, out int value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out value);
    }

    /// <summary>An enum value written as its wire name (<see cref="WireNames"/>, the one source of the names), unescaped.</summary>
    private static bool WireName<T>(ref Utf8JsonReader reader, out T value)
        where T : struct, Enum
    {
        value = default;
        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && WireNames.TryParse(reader.ValueSpan, out value);
    }
}
