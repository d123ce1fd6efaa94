using System.Text;
using System.Text.Json;
using EscalationRisk.Scoring.Input;

namespace EscalationRisk.Cli.Tests;

/// <summary>
/// A <c>.jsonl</c> file is read as bytes, each line handed to the parser as it is; standard input and the replay
/// commands read text. Both must give the same items for any file: the same lines, numbers, articles and reasons.
/// </summary>
public sealed class JsonLinesFileTests : IDisposable
{
    private const int MaxBody = 1000;
    private static readonly long MaxLine = Contracts.ArticleParser.EnvelopeBytes(MaxBody);
    private readonly string _folder = Directory.CreateTempSubdirectory("er-lines-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Article(string id, string body = "قالت الوزارة إن القوات قصفت مواقع. The army struck positions.") =>
        JsonSerializer.SerializeToUtf8Bytes(new { articleId = id, body });

    private static byte[] Padded(long chars, string pad) =>
        Encoding.UTF8.GetBytes($$"""{"articleId":"p","body":"x","pad":"{{string.Concat(Enumerable.Repeat(pad, (int)chars))}}"}""");

    private static byte[] Join(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static TheoryData<string, byte[]> Files() => new()
    {
        { "utf-8 byte order mark", Join([0xEF, 0xBB, 0xBF], Article("a"), "\n"u8.ToArray(), Article("b")) },
        { "utf-16 byte order mark", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("{\"articleId\":\"u\",\"body\":\"Troops massed.\"}\n")).ToArray() },
        { "ends of line", Join(Article("a"), "\r\n"u8.ToArray(), Article("b"), "\r"u8.ToArray(), Article("c"), "\n\r"u8.ToArray(), Article("d"), "\r\n\r\n"u8.ToArray()) },
        { "no end of line at the end", Join(Article("a"), "\n"u8.ToArray(), Article("b")) },
        { "blank and white-space lines", Join("\n \t\n"u8.ToArray(), Article("a"), "\n\u00A0\n\u3000\n\u001F\n\v\n"u8.ToArray(), Article("b")) },
        {
            "not UTF-8",
            Join("{\"articleId\":\"i\",\"body\":\"a"u8.ToArray(), [0xFF, 0xFE], "b\"}\n"u8.ToArray(), [0xC0, 0x80], Article("c"),
                "\n{\"articleId\":\"j\",\"body\":\"x"u8.ToArray(), [0xED, 0xA0, 0x80], "\"}\n{\"articleId\":\"k\",\"body\":\"y"u8.ToArray(), [0xE0, 0xA0], "\"}"u8.ToArray())
        },
        {
            // Bytes that are not UTF-8 where the parser never decodes them (another member's name or value, a member
            // given again later), in every member it does decode, and outside any string.
            "not UTF-8 in each place",
            Join("{\"articleId\":\"a\",\"body\":\"x\",\"pad\":\"p"u8.ToArray(), [0xFF], "q\"}\n{\"articleId\":\"b\",\"body\":\"x\",\"p"u8.ToArray(), [0xC3, 0x28], "\":1}\n"u8.ToArray(),
                "{\"articleId\":\"c\",\"body\":\"o"u8.ToArray(), [0x80], "\",\"body\":\"later\"}\n{\"articleId\":\"d\",\"body\":\"x\"} "u8.ToArray(), [0xFE], "\n"u8.ToArray(),
                "{\"articleId\":\"e"u8.ToArray(), [0xF0, 0x9F], "\",\"body\":\"x\"}\n{\"articleId\":\"f\",\"body\":\"x\",\"title\":\"t"u8.ToArray(), [0xED, 0xBF, 0xBF], "\"}\n"u8.ToArray(),
                "{\"articleId\":\"g\",\"body\":\"x\",\"source\":\""u8.ToArray(), [0xC1, 0xBF], "\",\"language\":\"ar\"}\n{\"articleId\":\"h\",\"body\":\"x\",\"language\":\"a"u8.ToArray(), [0xE2, 0x82], "\"}\n"u8.ToArray(),
                "{\"articleId\":\"i\",\"body\":\"x\",\"url\":\"https://example.org/"u8.ToArray(), [0xFF], "\"}\n{\"articleId\":\"j\",\"body\":\"x\",\"publishedAt\":\"2026-12-01T00:00:00Z"u8.ToArray(), [0xBF], "\"}\n"u8.ToArray(),
                "{\"articleId\":\"k\",\"body\":5,\"x\":\""u8.ToArray(), [0xFF], "\"}\n{\"articleId\":\"l\""u8.ToArray(), [0xFF], ",\"body\":\"x\"}\n"u8.ToArray(), Article("m"))
        },
        { "bad JSON", Join("{\n[1,2]\n{\"articleId\":5,\"body\":\"x\"}\n  "u8.ToArray(), Article("s"), "   \nnul\0l\n"u8.ToArray()) },
        {
            "lines about the limit, in characters",
            Join(Padded(MaxLine - 40, "a"), "\n"u8.ToArray(), Padded(MaxLine - 60, "ب"), "\n"u8.ToArray(), Padded((MaxLine / 2) + 100, "ب"), "\n"u8.ToArray(),
                Padded((MaxLine / 3) + 10, "€"), "\n"u8.ToArray(), Padded(MaxLine * 4, "a"), "\n"u8.ToArray(), Article("after"), "\n"u8.ToArray(), Padded(MaxLine * 2, "b"))
        },
        { "a carriage return at the end of the first block", Join(Padded((1 << 16) - 38, "y"), "\r\n"u8.ToArray(), Article("b"), "\r"u8.ToArray()) },
        { "a carriage return at the start of the second block", Join(Padded((1 << 16) - 37, "y"), "\r\n"u8.ToArray(), Article("b"), "\r"u8.ToArray()) },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_file_read_as_bytes_gives_the_items_its_text_gives(string name, byte[] content)
    {
        var path = Path.Combine(_folder, "in.jsonl");
        File.WriteAllBytes(path, content);
        var asText = ArticleInput.ReadLines(path, File.OpenText(path), MaxBody).ToList();
        var asBytes = ArticleInput.Read(path, TextReader.Null, MaxBody).ToList();

        Assert.NotEmpty(asText);
        Assert.Equal(asText.Select(Describe), asBytes.Select(Describe));
        _ = name;
    }

    [Fact]
    public void Many_lines_with_every_end_of_line_across_block_boundaries_give_the_items_their_text_gives()
    {
        var random = new Random(7);
        string[] ends = ["\n", "\r\n", "\r", "\r\n\r\n", "\n\r"];
        var content = new MemoryStream();
        for (var i = 0; i < 600; i++)
        {
            content.Write(Article($"s{i}", string.Concat(Enumerable.Repeat("كلمة word ", random.Next(1, 300)))));
            content.Write(Encoding.ASCII.GetBytes(ends[random.Next(ends.Length)]));
        }

        var path = Path.Combine(_folder, "many.jsonl");
        File.WriteAllBytes(path, content.ToArray());
        var asText = ArticleInput.ReadLines(path, File.OpenText(path), MaxBody).ToList();
        var asBytes = ArticleInput.Read(path, TextReader.Null, MaxBody).ToList();

        Assert.Equal(600, asText.Count);
        Assert.Equal(asText.Select(Describe), asBytes.Select(Describe));
    }

    private static string Describe(InputItem item) =>
        $"{item.Where} | {item.Error} | {(item.Article is null ? "" : JsonSerializer.Serialize(item.Article, Contracts.ContractJson.Options))}";
}
