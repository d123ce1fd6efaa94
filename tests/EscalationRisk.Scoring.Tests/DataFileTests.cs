using EscalationRisk.Scoring.Lexicon;

namespace EscalationRisk.Scoring.Tests;

/// <summary>The lexicon and gazetteer are data edited by people: a mistake must name the file, the line and the fault.</summary>
public sealed class DataFileTests
{
    private const string Header = "# version: test\n";

    [Theory]
    [InlineData("en\tattack\t0.9\n", "lexicon line 2: expected 4 to 6 tab-separated columns, found 3")]
    [InlineData("fr\tattack\t0.9\tattaque\n", "lexicon line 2: language must be 'ar' or 'en', not 'fr'")]
    [InlineData("en\tbombing\t0.9\tbomb\n", "lexicon line 2: unknown kind 'bombing'")]
    [InlineData("en\tattack\t1.5\tbomb\n", "lexicon line 2: weight must be a number from 0 to 1, not '1.5'")]
    [InlineData("en\tattack\t0\tbomb\n", "lexicon line 2: a signal entry needs a weight above 0")]
    [InlineData("en\tattack\t0.9\tbomb\tnavy\n", "lexicon line 2: unknown topic 'navy' (define it with a topic:navy row)")]
    [InlineData("en\tcue:maybe\t0\tperhaps\n", "lexicon line 2: unknown cue 'cue:maybe'")]
    public void Lexicon_errors_name_the_line_and_the_fault(string row, string message)
    {
        var error = Assert.Throws<FormatException>(() => LexiconFile.Parse(new StringReader(Header + row)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Data_files_need_a_version()
    {
        var error = Assert.Throws<FormatException>(() => LexiconFile.Parse(new StringReader("en\tattack\t0.9\tbomb\n")));
        Assert.Equal("lexicon: missing '# version:' line", error.Message);
    }

    [Theory]
    [InlineData("IRN\tstate\tname\tIran\n", "actors line 2: expected 5 tab-separated columns, found 4")]
    [InlineData("IRN\tcountry\tname\tIran\tإيران\n", "actors line 2: needs a code and a type of state, group or organisation")]
    [InlineData("IRN\tstate\tcapital\tTehran\tطهران\n", "actors: code IRN has forms but no 'name' row")]
    public void Gazetteer_errors_name_the_line_and_the_fault(string row, string message)
    {
        var error = Assert.Throws<FormatException>(() => GazetteerFile.Parse(new StringReader(Header + row)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Shipped_data_compiles_and_reports_its_versions()
    {
        var lexicon = Matching.CompiledLexicon.LoadEmbedded();
        Assert.Matches(@"^lexicon-\d{4}\.\d+\.\d+/actors-\d{4}\.\d+\.\d+$", lexicon.Version);
        Assert.True(lexicon.Matcher.PhraseCount > 1000);
        Assert.True(lexicon.ActorMatcher.PhraseCount > 3000);
        Assert.Equal(lexicon.Version, Scoring.Score("x").LexiconVersion);
    }
}
