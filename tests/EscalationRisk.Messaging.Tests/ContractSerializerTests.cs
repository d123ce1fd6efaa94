using System.Text.Json;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring;
using MassTransit;
using MassTransit.Context;
using MassTransit.Serialization;

namespace EscalationRisk.Messaging.Tests;

/// <summary>The bus's writer of ArticleScored gives what MassTransit's raw JSON serializer gave: body and headers.</summary>
public sealed class ContractSerializerTests
{
    private const RawSerializerOptions PlainJson = RawSerializerOptions.AnyMessageType | RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders;

    [Fact]
    public void A_scored_article_is_written_byte_for_byte_with_the_same_headers_as_by_MassTransit()
    {
        var scorer = new ArticleScorer();
        var options = MessagingServiceCollectionExtensions.ConfigureJson(new JsonSerializerOptions(SystemTextJsonMessageSerializer.Options));
        ArticleSubmitted[] articles =
        [
            new("w-1", "قالت وزارة الدفاع إن طائرات حربية قصفت مواقع للمسلحين قرب الحدود. Iran warned it would respond \"forcefully\" <now>.", "wire", new Uri("https://example.org/w-1?a=1&b=2"), "عاجل", "ar", new DateTimeOffset(2026, 12, 7, 5, 0, 0, TimeSpan.Zero)),
            new("w-2", "The central bank left interest rates unchanged on Thursday."),
        ];
        foreach (var article in articles)
        {
            var scored = scorer.Score(article) with { ScoredAt = new DateTimeOffset(2026, 12, 7, 5, 1, 0, TimeSpan.FromHours(3)) };
            var ours = Context(scored);
            var theirs = Context(scored);
            var ourBody = new ContractMessageSerializer(PlainJson).GetMessageBody(ours).GetBytes();
            _ = new SystemTextJsonRawMessageSerializer(PlainJson).GetMessageBody(theirs);

            // MassTransit's raw body writes with its global options as the bus configures them (ConfigureJson); this
            // test has no bus, so it applies the same configuration to a copy.
            Assert.Equal(JsonSerializer.SerializeToUtf8Bytes<object>(scored, options), ourBody);
            Assert.Equal(Headers(theirs), Headers(ours));
        }
    }

    private static MessageSendContext<ArticleScored> Context(ArticleScored scored)
    {
        var context = new MessageSendContext<ArticleScored>(scored)
        {
            MessageId = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
            CorrelationId = new Guid("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
            ConversationId = new Guid("3f333df6-90a4-4fda-8dd3-9485d27cee36"),
            SourceAddress = new Uri("rabbitmq://localhost/source"),
        };
        context.Headers.Set("articleId", scored.ArticleId);
        return context;
    }

    private static List<string> Headers(MessageSendContext<ArticleScored> context) =>
        [.. context.Headers.GetAll().Select(h => $"{h.Key}={h.Value}").Order(StringComparer.Ordinal)];
}
