using System.Text;
using System.Text.Json;
using CsCheck;
using EscalationRisk.Alerting;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring;
using Microsoft.Extensions.Time.Testing;

namespace EscalationRisk.Security.Tests;

/// <summary>
/// Property-based fuzzing (CsCheck) of the two parsers that take input from outside: the article parser (Api, queue,
/// command line) and the rule parser (Api). 10,000 cases each, from valid documents mutated (fields set to random
/// text or other types, truncated, spliced with random characters), random text and random bytes.
/// </summary>
public sealed class ParserFuzzTests
{
    private const long Cases = 10_000;

    private static readonly string[] Fields = ["articleId", "body", "title", "source", "url", "language", "publishedAt"];

    private static readonly string[] Values =
    [
        "\"\"", "null", "0", "-1e309", "true", "[]", "{}", "\"\\u0000\"", "\"\\ud800\"", "\"\\u0007\"", "\"   \"",
        "\"/relative\"", "\"javascript:alert(1)\"", "\"https://example.org/a?b=c\"", "\"2026-12-06T10:00:00Z\"",
        "\"9999-99-99\"", "\"عاجل: الجيش يعلن الاستنفار\"", "\"\\\"quoted\\\"\"", "\"a\\nb\"",
    ];

    [Fact]
    public void The_article_parser_never_throws_and_whatever_it_accepts_meets_every_rule_and_round_trips()
    {
        var gen = Gen.Select(Gen.Int[0, 7], Gen.String, Gen.Int[0, int.MaxValue], ArticleCase);
        gen.Sample(bytes =>
        {
            var parsed = ArticleParser.Parse(bytes);
            Assert.True(parsed.Article is null != (parsed.Error is null), "exactly one of an article and an error");
            if (parsed.Article is not { } article)
            {
                Assert.False(string.IsNullOrWhiteSpace(parsed.Error));
                return;
            }

            Assert.Null(ArticleParser.Check(article));
            Assert.False(StoredText.HasControl(article.ArticleId));
            Assert.False(string.IsNullOrWhiteSpace(article.Body));
            Assert.True(article.Url is null || article.Url.Scheme is "http" or "https");

            // What was accepted, written as the contracts write it, reads back the same.
            var again = ArticleParser.Parse(JsonSerializer.SerializeToUtf8Bytes(article, ContractJson.Options));
            Assert.Equal(article, again.Article);
        }, iter: Cases, print: bytes => Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void The_one_pass_parser_gives_the_same_article_or_the_same_reason_as_reading_a_document()
    {
        var gen = Gen.Select(Gen.Int[0, 7], Gen.String, Gen.Int[0, int.MaxValue], ArticleCase);
        gen.Sample(bytes => Assert.Equal(ByDocument(bytes), ArticleParser.Parse(bytes)), iter: Cases, print: bytes => Encoding.UTF8.GetString(bytes));
    }

    [Theory]
    [InlineData("""{"articleId":"a","body":"first","body":"second"}""")]
    [InlineData("""{"articleId":"a","body":7,"body":"second"}""")]
    [InlineData("""{"articleId":"a","body":"first","body":null}""")]
    [InlineData("""{"articleId":"a","body":"x","extra":{"deep":[1,2,{"b":null}]},"title":"t"}""")]
    [InlineData("""{"a\u0072ticleId":"a","\u0062ody":"escaped names"}""")]
    [InlineData("""{"articleId":"a","body":"\ud800"}""")]
    [InlineData("""{"articleId":"a","body":"ok"} {"articleId":"b"}""")]
    [InlineData("""{"articleId":"a","body":"ok"}   """)]
    [InlineData("""[1,2,{"articleId":"a"}]""")]
    [InlineData("""   """)]
    [InlineData("")]
    [InlineData("""{"articleId":"a","body":"ok",}""")]
    [InlineData("""{"articleId":"a","body":"ok"/* c */}""")]
    [InlineData("""{"articleId":"a","body":"x","url":"https://example.org/a","publishedAt":"2026-12-06T10:00:00Z","language":"ar","source":"s","title":"t"}""")]
    [InlineData("""{"Body":"case","articleId":"a"}""")]
    public void The_one_pass_parser_agrees_with_a_document_on_duplicates_escapes_and_trailing_text(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.Equal(ByDocument(bytes), ArticleParser.Parse(bytes));
        byte[] withBom = [0xEF, 0xBB, 0xBF, .. bytes];
        Assert.Equal(ByDocument(withBom), ArticleParser.Parse(withBom));
    }

    [Fact]
    public void The_one_pass_parser_agrees_with_a_document_on_invalid_UTF8_and_depth()
    {
        byte[][] cases =
        [
            [.. "{\"articleId\":\"a\",\"body\":\""u8, 0xC3, 0x28, .. "\"}"u8],
            [.. "{\"articleId\":\"a\",\"body\":\"ok\",\"x\":\""u8, 0xFF, .. "\"}"u8],
            Encoding.UTF8.GetBytes("{\"articleId\":\"a\",\"body\":\"ok\",\"x\":" + new string('[', 15) + new string(']', 15) + "}"),
            Encoding.UTF8.GetBytes("{\"articleId\":\"a\",\"body\":\"ok\",\"x\":" + new string('[', 16) + new string(']', 16) + "}"),
        ];
        foreach (var bytes in cases)
        {
            Assert.Equal(ByDocument(bytes), ArticleParser.Parse(bytes));
        }
    }

    /// <summary>The article as the previous parser read it: a whole document first, then its members.</summary>
    private static ParsedArticle ByDocument(byte[] bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            var cut = ex.Message.IndexOf(". ", StringComparison.Ordinal);
            return new ParsedArticle(null, $"invalid JSON: {(cut > 0 ? ex.Message[..cut] : ex.Message.TrimEnd('.'))}");
        }

        using (document)
        {
            return ArticleParser.FromElement(document.RootElement);
        }
    }

    [Fact]
    public void The_rule_parser_throws_only_format_errors_and_every_rule_it_accepts_runs_in_an_engine()
    {
        var scored = new ArticleScorer().Score(new ArticleSubmitted("fuzz-1", "The army said warplanes struck rebel positions near the border overnight."));
        var gen = Gen.Select(Gen.Int[0, 7], Gen.String, Gen.Int[0, int.MaxValue], RuleCase);
        gen.Sample(c =>
        {
            RuleSet set;
            try
            {
                set = RuleSet.ParseRule(c.Name, c.Json);
            }
            catch (Exception ex) when (ex is FormatException || (ex is ArgumentException && string.IsNullOrWhiteSpace(c.Name)))
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                return;
            }

            Assert.Equal(1, set.IndexRules.Count + set.ArticleRules.Count);
            Assert.All(set.IndexRules, r => Assert.Empty(r.Problems()));
            Assert.All(set.ArticleRules, r => Assert.Empty(r.Problems()));

            // An accepted rule never breaks the engine: observe, evaluate, and evaluate again far later.
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
            var engine = new AlertEngine(new RiskIndex(TimeSpan.FromHours(6)), clock, set.IndexRules, set.ArticleRules);
            engine.Observe(scored with { ScoredAt = clock.GetUtcNow() });
            engine.Evaluate();
            clock.Advance(TimeSpan.FromDays(400));
            engine.Evaluate();
        }, iter: Cases, print: c => $"{c.Name}: {c.Json}");
    }

    private static byte[] ArticleCase(int shape, string text, int seed)
    {
        var random = new Random(seed);
        var fields = new Dictionary<string, string>
        {
            ["articleId"] = "\"fuzz-" + seed + "\"",
            ["body"] = "\"Troops massed at the border overnight, the army said.\"",
        };
        switch (shape)
        {
            case 0: // a field set to random text
                fields[Fields[random.Next(Fields.Length)]] = JsonSerializer.Serialize(text);
                break;
            case 1: // a field set to a value of another type or a known troublemaker
                fields[Fields[random.Next(Fields.Length)]] = Values[random.Next(Values.Length)];
                break;
            case 2: // several fields at once
                foreach (var field in Fields.Where(_ => random.Next(2) == 0))
                {
                    fields[field] = random.Next(2) == 0 ? Values[random.Next(Values.Length)] : JsonSerializer.Serialize(text);
                }

                break;
            case 3: // random text as the whole document
                return Encoding.UTF8.GetBytes(text);
            case 4: // random bytes
                var bytes = new byte[random.Next(0, 200)];
                random.NextBytes(bytes);
                return bytes;
            default:
                break;
        }

        var json = "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
        return shape switch
        {
            5 => Encoding.UTF8.GetBytes(json[..random.Next(json.Length)]), // truncated
            6 => Encoding.UTF8.GetBytes(json.Insert(random.Next(json.Length), text)), // spliced
            7 => Encoding.UTF8.GetBytes(new string('[', random.Next(1, 100)) + json), // nested
            _ => Encoding.UTF8.GetBytes(json),
        };
    }

    private static (string Name, string Json) RuleCase(int shape, string text, int seed)
    {
        var random = new Random(seed);
        var fields = new Dictionary<string, string>
        {
            ["scope"] = "\"dyad\"",
            ["key"] = "\"*\"",
            ["threshold"] = "100",
            ["clearThreshold"] = "50",
            ["for"] = "\"00:10:00\"",
            ["severity"] = "\"warning\"",
            ["repeatInterval"] = "\"01:00:00\"",
        };
        string[] troublemakers =
        [
            "\"10675199.02:48:05.47\"", "\"-00:00:01\"", "\"99999.00:00:00\"", "1e308", "-1", "0", "null", "\"\"", "\"\\u0000\"",
            "\"critical\"", "\"article\"", "\"global\"", "[\"Attack\"]", "[]", "0.5", "\"ISR-IRN\"", "{}", "\"\\u0007\"",
        ];
        string[] names = ["scope", "key", "threshold", "clearThreshold", "for", "severity", "repeatInterval", "categories", "minConfidence", "resolveAfter", "name"];
        var name = shape == 7 ? text : "fuzz-rule";
        switch (shape)
        {
            case 0:
                fields[names[random.Next(names.Length)]] = JsonSerializer.Serialize(text);
                break;
            case 1:
            case 2:
                foreach (var field in names.Where(_ => random.Next(3) == 0))
                {
                    fields[field] = troublemakers[random.Next(troublemakers.Length)];
                }

                break;
            case 3:
                return (name, text);
            case 4: // an article rule
                fields.Clear();
                fields["categories"] = random.Next(2) == 0 ? "[\"Attack\"]" : troublemakers[random.Next(troublemakers.Length)];
                fields["minConfidence"] = random.Next(2) == 0 ? "0.7" : troublemakers[random.Next(troublemakers.Length)];
                fields["severity"] = "\"critical\"";
                fields["resolveAfter"] = random.Next(2) == 0 ? "\"01:00:00\"" : troublemakers[random.Next(troublemakers.Length)];
                break;
            default:
                break;
        }

        var json = "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
        return shape switch
        {
            5 => (name, json[..random.Next(json.Length)]),
            6 => (name, json.Insert(random.Next(json.Length), text)),
            _ => (name, json),
        };
    }
}
