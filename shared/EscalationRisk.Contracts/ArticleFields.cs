using System.Text.Json;

namespace EscalationRisk.Contracts;

/// <summary>One member of an article as the JSON gave it: its kind, and its text when it is a readable string.</summary>
/// <param name="Kind"><see cref="JsonValueKind.Undefined"/> when the member is absent.</param>
/// <param name="Text">The string's text; null for a string that is not valid UTF-16 (or UTF-8) text.</param>
internal readonly record struct ArticleField(JsonValueKind Kind, string? Text);

/// <summary>
/// The members of an article that <see cref="ArticleParser"/> checks, read straight from the UTF-8 bytes by one
/// <see cref="Utf8JsonReader"/>: no document is built and no other member is copied out.
/// </summary>
internal struct ArticleFields
{
    // As for a parsed document: 16 levels at most, no comments, no trailing commas, one value only.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    public ArticleField ArticleId;
    public ArticleField Body;
    public ArticleField Source;
    public ArticleField Title;
    public ArticleField Language;
    public ArticleField Url;
    public ArticleField PublishedAt;

    /// <summary>
    /// Reads the whole input (throwing <see cref="JsonException"/> for anything that is not one JSON value) and
    /// returns the kind of its root; when the root is an object, its known members are in <paramref name="fields"/>,
    /// the last of each name counting, as for a parsed document.
    /// </summary>
    public static JsonValueKind Read(ReadOnlySpan<byte> utf8Json, ref ArticleFields fields)
    {
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        if (!reader.Read())
        {
            throw new JsonException("The input does not contain any JSON tokens.");
        }

        var rootKind = KindOf(reader.TokenType);
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = MemberOf(ref reader);
                reader.Read();
                if (member < 0)
                {
                    reader.Skip();
                    continue;
                }

                fields.Set(member, Value(ref reader));
            }
        }
        else if (reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        // Anything after the root value but white space is an error the reader reports here.
        while (reader.Read())
        {
        }

        return rootKind;
    }

    private static ArticleField Value(ref Utf8JsonReader reader)
    {
        var kind = KindOf(reader.TokenType);
        if (kind != JsonValueKind.String)
        {
            reader.Skip();
            return new ArticleField(kind, null);
        }

        try
        {
            return new ArticleField(kind, reader.GetString());
        }
        catch (InvalidOperationException)
        {
            return new ArticleField(kind, null);
        }
    }

    // The members read, in the order FromFields checks them; -1 for any other.
    private static int MemberOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("articleId"u8) ? 0
        : reader.ValueTextEquals("body"u8) ? 1
        : reader.ValueTextEquals("source"u8) ? 2
        : reader.ValueTextEquals("title"u8) ? 3
        : reader.ValueTextEquals("language"u8) ? 4
        : reader.ValueTextEquals("url"u8) ? 5
        : reader.ValueTextEquals("publishedAt"u8) ? 6
        : -1;

    private void Set(int member, ArticleField value)
    {
        switch (member)
        {
            case 0: ArticleId = value; break;
            case 1: Body = value; break;
            case 2: Source = value; break;
            case 3: Title = value; break;
            case 4: Language = value; break;
            case 5: Url = value; break;
            default: PublishedAt = value; break;
        }
    }

    private static JsonValueKind KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => JsonValueKind.Object,
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        JsonTokenType.Null => JsonValueKind.Null,
        _ => JsonValueKind.Undefined,
    };
}
