using System.Text;

namespace EscalationRisk.Scoring.Tests;

/// <summary>Text built to break things: it must never throw, and the work must stay linear in its length.</summary>
public sealed class HostileTextTests
{
    private static readonly string[] Pieces =
    [
        "\u200F", "\u200E", "\u202B", "\u202E", "\u2066", "\u200D", "\u200C", "\uFEFF", // bidi and zero-width
        "\u0651", "\u064E", "\u0301", "\u0336", "\u20DD", // combining marks
        "\uD800", "\uDC00", "\uDBFF", "\uD83D\uDE00", // lone and paired surrogates
        "ضربة", "هجوم", "لم", "إذا", "تجميد", "إيران", "Iran", "attack", "not", "if", "U.S.", "strike",
        " ", "\n", ".", "،", "؟", "'", "\u0640", "\uFDFA", "\uFEF7", "\u0000", "\uFFFF", "1.5", "é",
    ];

    [Fact]
    public void Random_hostile_text_never_throws_and_evidence_slices_the_body()
    {
        var random = new Random(1234);
        for (var trial = 0; trial < 3000; trial++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 60);
            for (var i = 0; i < length; i++)
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
            }

            var body = text.ToString();
            var scored = Scoring.Score(body);
            Assert.NotNull(scored.StoryId);
            Assert.InRange(scored.Risk, 0, 100);
            Scoring.AssertEvidenceSlicesBody(body, scored);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\n\n\t  \u00A0")]
    [InlineData("\u200F\u200E\uFEFF")]
    public void Empty_and_blank_bodies_are_neutral_with_a_reason(string body)
    {
        var scored = Scoring.Score(body);
        Assert.Equal(ArticleLabel.Neutral, scored.Label);
        Assert.Equal(ArticleScorer.EmptyBodyReason, scored.Reason);
        Assert.Equal(0, scored.Risk);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("ض")]
    [InlineData("\u200F")]
    [InlineData(".")]
    [InlineData("\uD800")]
    [InlineData("هجوم ")]
    [InlineData("attack ")]
    [InlineData("لم ")]
    [InlineData("إيران ")]
    [InlineData("not attack if Iran ")]
    public void A_piece_repeated_a_million_times_takes_linear_work(string piece)
    {
        var body = string.Concat(Enumerable.Repeat(piece, 1_000_000 / piece.Length));
        var scored = Scoring.Scorer.Score(new ArticleSubmitted("big", body, Language: piece.Any(char.IsAsciiLetter) ? "en" : null), out var steps);
        Assert.InRange(steps, 0, 4L * body.Length);
        Assert.True(scored.Signals.Count <= ArticleScorer.MaxSignalsListed);
        Scoring.AssertEvidenceSlicesBody(body, scored);
    }

    [Fact]
    public void Matcher_work_grows_linearly_with_the_text()
    {
        var sentence = "قالت إيران إنها لن تتردد في الرد على أي هجوم، ولم يتخذ الرئيس قرارا نهائيا بعد بشأن الضربات. ";
        Scoring.Scorer.Score(new ArticleSubmitted("s", sentence), out var one);
        Scoring.Scorer.Score(new ArticleSubmitted("s", string.Concat(Enumerable.Repeat(sentence, 1000))), out var thousand);
        Assert.InRange(thousand, 999 * one, 1001 * one);
    }
}
