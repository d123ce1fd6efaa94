using System.Text.Json;
using EscalationRisk.Scoring.Model;

namespace EscalationRisk.Cli.Tests;

public sealed class TrainCommandTests : IDisposable
{
    private static readonly string[] Actors = ["Iran", "Israel", "Russia", "Ukraine", "Egypt", "Sudan", "India", "Pakistan"];
    private static readonly string[] ArabicActors = ["إيران", "إسرائيل", "روسيا", "أوكرانيا", "مصر", "السودان", "الهند", "باكستان"];
    private readonly string _folder = Directory.CreateTempSubdirectory("er-train-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A small corpus from templates the team wrote for this test: three classes, two languages.</summary>
    private string WriteCorpus()
    {
        var corpus = Path.Combine(_folder, "corpus");
        Directory.CreateDirectory(corpus);
        var lines = new List<string> { "id\tlanguage\tlabel\tcategories\ttext" };
        var n = 0;
        for (var i = 0; i < Actors.Length; i++)
        {
            var (a, b) = (Actors[i], Actors[(i + 3) % Actors.Length]);
            var (aa, bb) = (ArabicActors[i], ArabicActors[(i + 3) % ArabicActors.Length]);
            lines.Add($"t-{++n}\ten\tattack\tattack\t{a} shelled border villages in {b} overnight, killing four people.");
            lines.Add($"t-{++n}\ten\tattack\tattack\tWarplanes from {a} bombed positions held by {b} on Tuesday.");
            lines.Add($"t-{++n}\ten\tdialogue\tdialogue\tThe leaders of {a} and {b} held a phone call on Monday.");
            lines.Add($"t-{++n}\ten\tdialogue\tdialogue\tDiplomats from {a} met their counterparts from {b} for talks.");
            lines.Add($"t-{++n}\ten\tneutral\t\tThe central bank of {a} kept interest rates unchanged on Thursday.");
            lines.Add($"t-{++n}\ten\tneutral\t\tFootball fans in {a} celebrated the league title late into the night.");
            lines.Add($"t-{++n}\tar\tattack\tattack\tقصفت قوات {aa} قرى حدودية في {bb} ليلا ما أسفر عن مقتل أربعة أشخاص.");
            lines.Add($"t-{++n}\tar\tdialogue\tdialogue\tأجرى رئيسا {aa} و{bb} اتصالا هاتفيا يوم الاثنين.");
            lines.Add($"t-{++n}\tar\tneutral\t\tأبقى البنك المركزي في {aa} أسعار الفائدة دون تغيير يوم الخميس.");
        }

        File.WriteAllLines(Path.Combine(corpus, "test.tsv"), lines);
        return corpus;
    }

    [Fact]
    public void Same_corpus_and_seed_give_the_same_metrics_and_a_model_that_loads()
    {
        var corpus = WriteCorpus();
        var (out1, out2) = (Path.Combine(_folder, "m1"), Path.Combine(_folder, "m2"));
        var stdout = new StringWriter();
        Assert.Equal(0, TrainCommand.Run(corpus, out1, 3, 7, stdout, new StringWriter()));
        Assert.Equal(0, TrainCommand.Run(corpus, out2, 3, 7, new StringWriter(), new StringWriter()));
        Assert.Contains("3-fold cross-validation (seed 7)", stdout.ToString(), StringComparison.Ordinal);

        using var card1 = JsonDocument.Parse(File.ReadAllText(Path.Combine(out1, "model.json")));
        using var card2 = JsonDocument.Parse(File.ReadAllText(Path.Combine(out2, "model.json")));
        Assert.Equal(card1.RootElement.GetProperty("crossValidation").GetRawText(), card2.RootElement.GetProperty("crossValidation").GetRawText());
        Assert.Equal(card1.RootElement.GetProperty("version").GetString(), card2.RootElement.GetProperty("version").GetString());
        Assert.Equal(72, card1.RootElement.GetProperty("rowsByLanguage").GetProperty("en").GetInt32() + card1.RootElement.GetProperty("rowsByLanguage").GetProperty("ar").GetInt32());

        using var zip = File.OpenRead(Path.Combine(out1, "model.zip"));
        using var json = File.OpenRead(Path.Combine(out1, "model.json"));
        var model = ModelFile.Load(zip, json);
        Assert.Equal(["attack", "dialogue", "neutral"], model.Labels);

        // The loaded weights classify new sentences of the training kinds.
        var scorer = new Scoring.ArticleScorer(Scoring.Matching.CompiledLexicon.LoadEmbedded(), TimeProvider.System, model);
        Assert.Equal(model.Version, scorer.ModelVersion);
        var scored = scorer.Score(new Contracts.ArticleSubmitted("x", "Warplanes from Chad bombed positions held by Libya overnight."));
        Assert.Contains(scored.Signals, s => s.Category == Contracts.SignalCategory.Attack);
    }

    [Fact]
    public void A_bad_corpus_row_is_refused_with_its_file_and_line()
    {
        var corpus = Path.Combine(_folder, "bad");
        Directory.CreateDirectory(corpus);
        File.WriteAllLines(Path.Combine(corpus, "x.tsv"), ["id\tlanguage\tlabel\tcategories\ttext", "a\ten\tbombing\t\tSomething happened."]);
        var stderr = new StringWriter();
        Assert.Equal(ScoreCommand.ExitUsage, TrainCommand.Run(corpus, Path.Combine(_folder, "out"), 5, 1, new StringWriter(), stderr));
        Assert.Contains("x.tsv: line 2: unknown label 'bombing'", stderr.ToString(), StringComparison.Ordinal);
    }
}
