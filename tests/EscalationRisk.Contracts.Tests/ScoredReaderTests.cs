using System.Text;
using System.Text.Json;

namespace EscalationRisk.Contracts.Tests;

/// <summary>
/// <see cref="ContractJson.ReadScored"/> reads the contract's own shape with a reader written for it, and leaves every
/// other shape to the generated metadata: what either reads is the same article, and what the metadata refuses is
/// refused with its error.
/// </summary>
public sealed class ScoredReaderTests
{
    private static string Canonical(ArticleScored scored) => JsonSerializer.Serialize(scored, ContractJson.Options);

    private static ArticleScored Full() => Examples.Scored() with
    {
        ThirdParties = [new ThirdParty("QAT", ThirdPartyRole.Mediator), new ThirdParty("OMN", ThirdPartyRole.Host)],
        Title = "ضربة \"quoted\" <b>&amp;</b> \u2028 line",
        Reason = "a reason",
        EscalationProbability = 0.91,
        DeescalationProbability = 1e-7,
        Topic = "sport",
        Url = new Uri("/relative/path?x=1", UriKind.Relative),
        PublishedAt = new DateTimeOffset(2026, 12, 7, 5, 0, 0, 123, TimeSpan.FromHours(3)),
        Signals =
        [
            .. Examples.Scored().Signals,
            new Signal(SignalCategory.CallForCalm, Polarity.Deescalation, "ضبط النفس", 0, 9, 0.849, "02", [], null, null, "rule-1", new ThirdParty("EGY", ThirdPartyRole.Caller)),
            new Signal(SignalCategory.MilitaryMobilization, Polarity.Escalation, "x", int.MaxValue, -1, 0.1 + 0.2, "15", ["A", "B"]),
        ],
    };

    [Fact]
    public void The_contracts_own_shape_is_read_directly_and_gives_the_same_article_as_the_generated_metadata()
    {
        foreach (var scored in new[] { Examples.Scored(), Full(), Examples.Scored() with { Url = null, PublishedAt = null, ScoredAt = null, Signals = [], Actors = [], Dyads = [] } })
        {
            var bytes = Encoding.UTF8.GetBytes(Canonical(scored));
            Assert.True(ContractJson.ReadsDirectly(bytes));
            var direct = ContractJson.ReadScored(bytes);
            Assert.Equal(Canonical(ContractJson.ReadScoredByMetadata(bytes)), Canonical(direct));
            Assert.Equal(Canonical(scored), Canonical(direct));

            // The collections are those the metadata makes (List<T>), so the records behave the same afterwards.
            Assert.IsType<List<Signal>>(direct.Signals);
            Assert.IsType<List<Actor>>(direct.Actors);
            Assert.IsType<List<string>>(direct.Dyads);
        }
    }

    [Theory]
    [InlineData("\"articleId\":\"a-1\"", "\"ArticleId\":\"a-1\"")] // another spelling of a name (the metadata ignores case)
    [InlineData("\"risk\":42.5", "\"risk\":\"42.5\"")] // a number as a string (the metadata reads it)
    [InlineData("\"risk\":42.5", "\"risk\":42.5,\"extra\":{\"a\":[1,2]}")] // an unknown member (skipped by the metadata)
    [InlineData("\"risk\":42.5", "\"risk\":42.5,\"risk\":43")] // a member twice
    [InlineData("\"label\":\"mixed\"", "\"label\":\"Mixed\"")] // an enum name spelled otherwise
    [InlineData("\"label\":\"mixed\"", "\"label\":3")] // an enum as a number
    [InlineData("\"start\":10", "\"start\":10.0")] // an integer written with a fraction (refused by the metadata)
    [InlineData("\"storyId\":\"st-0123456789abcdef\",", "")] // a required member missing (refused)
    [InlineData("\"storyId\":\"st-0123456789abcdef\"", "\"storyId\":null")] // null where null is not allowed (refused)
    [InlineData("\"dyads\":[\"IRN-USA\"]", "\"dyads\":[\"IRN-USA\",null]")] // a null in a list of texts
    [InlineData("\"url\":\"https://example.org/a-1\"", "\"url\":\"http://[bad\"")] // a URL the metadata refuses
    [InlineData("\"articleId\":\"a-1\"", "\"article\\u0049d\":\"a-1\"")] // an escaped name
    [InlineData("\"topic\":null}", "\"topic\":null,}")] // a trailing comma (refused)
    [InlineData("\"topic\":null}", "\"topic\":null} {}")] // more after the object (refused)
    [InlineData("\"scoredAt\":\"2026-11-29T06:01:00+00:00\"", "\"scoredAt\":\"yesterday\"")] // a time the metadata refuses
    public void Any_other_shape_is_left_to_the_generated_metadata_whose_answer_or_error_stands(string from, string to)
    {
        var canonical = Canonical(Examples.Scored());
        Assert.Contains(from, canonical, StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(canonical.Replace(from, to, StringComparison.Ordinal));
        Assert.False(ContractJson.ReadsDirectly(bytes));

        ArticleScored? expected = null;
        JsonException? refused = null;
        try
        {
            expected = ContractJson.ReadScoredByMetadata(bytes);
        }
        catch (JsonException ex)
        {
            refused = ex;
        }

        if (refused is null)
        {
            Assert.Equal(Canonical(expected!), Canonical(ContractJson.ReadScored(bytes)));
        }
        else
        {
            Assert.Equal(refused.Message, Assert.Throws<JsonException>(() => ContractJson.ReadScored(bytes)).Message);
        }
    }
}
