using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EscalationRisk.Contracts;

/// <summary>
/// Reads <see cref="ArticleSubmitted"/> from plain JSON with errors a person can act on ("missing 'body'",
/// "'publishedAt' must be an ISO 8601 date"), rather than a serializer's exception text.
/// </summary>
public static partial class ArticleParser
{
    /// <summary>The default limit on a body's size: 256 KiB of UTF-8.</summary>
    public const int DefaultMaxBodyBytes = 256 * 1024;

    /// <summary>The longest accepted article id.</summary>
    public const int MaxArticleIdLength = 512;

    /// <summary>
    /// The most bytes a JSON article whose body is at the limit can take: the body escaped (at most three times its
    /// UTF-8 size, as \uXXXX for three-byte characters) plus 64 KiB for the other fields. Every entry point (the
    /// Api's body limit, the command line's longest line) refuses more before reading it all.
    /// </summary>
    public static long EnvelopeBytes(int maxBodyBytes) => (long)maxBodyBytes * 3 + 65536;

    /// <summary>
    /// Parses one JSON document in one pass, without building a document: the whole input is checked as JSON first
    /// (a syntax error anywhere is the reason, as it would be for a parsed document), and of a property given twice the
    /// last one counts. The reasons are those of <see cref="FromElement"/>.
    /// </summary>
    public static ParsedArticle Parse(ReadOnlySpan<byte> utf8Json, int maxBodyBytes = DefaultMaxBodyBytes)
    {
        var fields = new ArticleFields();
        JsonValueKind rootKind;
        try
        {
            rootKind = ArticleFields.Read(utf8Json, ref fields);
        }
        catch (JsonException ex)
        {
            return Fail($"invalid JSON: {FirstSentence(ex.Message)}");
        }

        return rootKind != JsonValueKind.Object
            ? Fail($"expected a JSON object, found {Describe(rootKind)}")
            : FromFields(in fields, maxBodyBytes);
    }

    /// <summary>Parses one JSON document held in a string.</summary>
    public static ParsedArticle Parse(string json, int maxBodyBytes = DefaultMaxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(json);

        // Encoded into a pooled buffer: a line read as text costs no second array.
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(json));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, buffer);
            return Parse(buffer.AsSpan(0, length), maxBodyBytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads an article from a parsed JSON element.</summary>
    public static ParsedArticle FromElement(JsonElement root, int maxBodyBytes = DefaultMaxBodyBytes)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail($"expected a JSON object, found {Describe(root.ValueKind)}");
        }

        var fields = new ArticleFields();
        fields.ArticleId = FieldOf(root, "articleId");
        fields.Body = FieldOf(root, "body");
        fields.Source = FieldOf(root, "source");
        fields.Title = FieldOf(root, "title");
        fields.Language = FieldOf(root, "language");
        fields.Url = FieldOf(root, "url");
        fields.PublishedAt = FieldOf(root, "publishedAt");
        return FromFields(in fields, maxBodyBytes);
    }

    private static ParsedArticle FromFields(in ArticleFields fields, int maxBodyBytes)
    {
        if (!TryString(fields.ArticleId, "articleId", required: true, out var articleId, out var error)
            || !TryString(fields.Body, "body", required: true, out var body, out error)
            || !TryString(fields.Source, "source", required: false, out var source, out error)
            || !TryString(fields.Title, "title", required: false, out var title, out error)
            || !TryString(fields.Language, "language", required: false, out var language, out error)
            || !TryString(fields.Url, "url", required: false, out var urlText, out error)
            || !TryString(fields.PublishedAt, "publishedAt", required: false, out var publishedText, out error))
        {
            return Fail(error!);
        }

        Uri? url = null;
        if (urlText is not null && !Uri.TryCreate(urlText, UriKind.Absolute, out url))
        {
            return Fail("'url' must be an absolute http or https URL");
        }

        DateTimeOffset? publishedAt = null;
        if (publishedText is not null)
        {
            if (!DateTimeOffset.TryParse(publishedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Fail("'publishedAt' must be an ISO 8601 date and time");
            }

            publishedAt = parsed;
        }

        var article = new ArticleSubmitted(articleId!, body!, source, url, title, language, publishedAt);
        return Check(article, maxBodyBytes) is { } problem ? Fail(problem) : new ParsedArticle(article, null);
    }

    /// <summary>
    /// The rules every article meets, whichever way it came in (Api, queue, a file): why this one does not, or null.
    /// They refuse what a store or a subscriber could not hold, so nothing accepted is dropped later: an empty or
    /// over-long id or one with control characters, an empty body or one over the limit, U+0000 in any text, a url
    /// that is not absolute http(s).
    /// </summary>
    public static string? Check(ArticleSubmitted article, int maxBodyBytes = DefaultMaxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (string.IsNullOrWhiteSpace(article.ArticleId))
        {
            return "'articleId' must not be empty";
        }

        if (article.ArticleId.Length > MaxArticleIdLength)
        {
            return $"'articleId' is longer than {MaxArticleIdLength} characters";
        }

        if (StoredText.HasControl(article.ArticleId))
        {
            return "'articleId' must not hold control characters";
        }

        if (string.IsNullOrWhiteSpace(article.Body))
        {
            return "'body' must not be empty";
        }

        var bodyBytes = Encoding.UTF8.GetByteCount(article.Body);
        if (bodyBytes > maxBodyBytes)
        {
            return $"'body' is {bodyBytes} bytes, over the limit of {maxBodyBytes} bytes";
        }

        foreach (var (name, text) in (ReadOnlySpan<(string, string?)>)[("body", article.Body), ("title", article.Title), ("source", article.Source), ("language", article.Language)])
        {
            if (StoredText.HasNul(text))
            {
                return $"'{name}' must not hold U+0000";
            }
        }

        if (StoredText.HasControl(article.Source) || StoredText.HasControl(article.Language) || article.Source?.Length > MaxArticleIdLength || article.Language?.Length > 35)
        {
            return "'source' and 'language' must be short and without control characters";
        }

        if (article.Url is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || StoredText.HasNul(url.OriginalString)))
        {
            return "'url' must be an absolute http or https URL";
        }

        return null;

    }

    private static ArticleField FieldOf(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element))
        {
            return default;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return new ArticleField(element.ValueKind, null);
        }

        try
        {
            return new ArticleField(JsonValueKind.String, element.GetString());
        }
        catch (InvalidOperationException)
        {
            return new ArticleField(JsonValueKind.String, null);
        }
    }

    private static bool TryString(in ArticleField field, string name, bool required, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (field.Kind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            if (required)
            {
                error = $"missing '{name}'";
                return false;
            }

            return true;
        }

        if (field.Kind != JsonValueKind.String)
        {
            error = $"'{name}' must be a string, found {Describe(field.Kind)}";
            return false;
        }

        if (field.Text is null)
        {
            error = $"'{name}' is not valid UTF-16 text";
            return false;
        }

        value = field.Text;
        return true;
    }

    private static ParsedArticle Fail(string error) => new(null, error);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message.TrimEnd('.');
    }
}
