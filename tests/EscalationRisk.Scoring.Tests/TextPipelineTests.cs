using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring.Tests;

public sealed class TextPipelineTests
{
    [Theory]
    [InlineData("الضَّرَبَاتُ", "ar", "الضربات")] // harakat removed
    [InlineData("تــهــديــد", "ar", "تهديد")] // tatweel removed
    [InlineData("إيران", "ar", "ايران")] // alef with hamza below folded
    [InlineData("أمريكا", "ar", "امريكا")]
    [InlineData("آمال", "ar", "امال")]
    [InlineData("مستشفى", "ar", "مستشفي")] // alef maqsura → ya
    [InlineData("التهدئة", "ar", "التهدئه")] // teh marbuta → heh
    [InlineData("ت\u200Dهديد", "ar", "تهديد")] // zero-width joiner removed
    [InlineData("\uFEF7\uFEE0\uFEE4", "ar", "لالم")] // presentation forms through NFKC (lam-alef ligature)
    [InlineData("Iran's", "en", "iran")]
    [InlineData("ＩＲＡＮ", "en", "iran")] // fullwidth through NFKC
    public void Normalises_for_matching(string word, string script, string expected)
    {
        var buffer = new char[64];
        var length = TextNormalizer.Normalize(word, script == "ar" ? Script.Arabic : Script.Latin, buffer);
        Assert.Equal(expected, new string(buffer, 0, length));
    }

    [Fact]
    public void Inflected_arabic_forms_share_a_stem()
    {
        var stemmer = new Stemmer();
        string Stem(string w)
        {
            var buffer = new char[64];
            var n = TextNormalizer.Normalize(w, Script.Arabic, buffer);
            return new string(buffer, 0, stemmer.Stem(buffer, n, Script.Arabic));
        }

        Assert.Equal(Stem("ضربة"), Stem("الضربات"));
        Assert.Equal(Stem("تهديد"), Stem("التهديدات"));
        Assert.NotEqual(Stem("ضربة"), Stem("إضراب")); // a labour strike is another word
    }

    [Fact]
    public void Sentences_split_on_arabic_and_latin_punctuation_and_line_breaks()
    {
        var counts = default(ScriptCounts);
        var tokens = new List<Token>();
        Tokenizer.Tokenize("هل ستضرب؟ لا أعرف؛ ربما. Mr. Smith met U.S. officials today\nثم غادر، وعاد", tokens, ref counts);
        var sentences = tokens.Select(t => t.Sentence).Distinct().Count();
        // هل ستضرب؟ | لا أعرف؛ | ربما. | Mr. Smith met U.S. officials today | ثم غادر، وعاد
        Assert.Equal(5, sentences);
        var last = tokens.Where(t => t.Sentence == 4).ToList();
        Assert.Equal(2, last.Select(t => t.Clause).Distinct().Count()); // ، splits clauses
        Assert.Contains(tokens, t => t.End - t.Start == 3 && t.Script == Script.Latin && t.Start > 0); // "U.S" is one word
    }

    [Fact]
    public void A_comma_that_groups_a_number_breaks_no_clause()
    {
        var counts = default(ScriptCounts);
        var tokens = new List<Token>();
        Tokenizer.Tokenize("They sent 3,000 troops, officials said.", tokens, ref counts);
        // They sent 3 000 troops | officials said
        Assert.Equal(2, tokens.Select(t => t.Clause).Distinct().Count());
        Assert.Equal(tokens[0].Clause, tokens[4].Clause);
    }

    [Fact]
    public void The_dot_of_an_acronym_does_not_end_the_sentence()
    {
        var counts = default(ScriptCounts);
        var tokens = new List<Token>();
        Tokenizer.Tokenize("U.S. President Trump met U.N. envoys. They talked.", tokens, ref counts);
        Assert.Equal(2, tokens.Select(t => t.Sentence).Distinct().Count());
        Assert.Equal(6, tokens.Count(t => t.Sentence == 0));
    }

    [Fact]
    public void Evidence_offsets_index_the_original_text_after_normalisation()
    {
        // Diacritics, tatweel, a right-to-left mark and a presentation-form word before the signal.
        var body = "\u200Fأَعْلَنَ الجَيْشُ الإسرائيــلي \uFE8D\uFEDF\uFEF4\uFEEE\uFEE1 رفعَ حالةِ التأهبِ على الحدود.";
        var scored = Scoring.Score(body);
        var signal = Assert.Single(scored.Signals, s => s.Category == SignalCategory.MilitaryMobilization);
        Assert.Equal(body[signal.Start..signal.End], signal.Text);
        Assert.StartsWith("رفعَ", signal.Text, StringComparison.Ordinal);
        Assert.EndsWith("التأهبِ", signal.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("أعلنت وزارة الخارجية أن الوزير سيزور القاهرة الأسبوع المقبل.", "ar")]
    [InlineData("The foreign minister will visit Cairo next week, the ministry said.", "en")]
    [InlineData("Russia attacks Ukraine", "en")]
    [InlineData("Le ministre des affaires étrangères se rendra au Caire la semaine prochaine.", "und")]
    [InlineData("El ministro de exteriores visitará El Cairo la próxima semana con una delegación.", "und")]
    [InlineData("وزیر امور خارجه ایران گفت که گفتگوها ادامه خواهد یافت و پیشنهاد کرد.", "fa")]
    [InlineData("外交部长下周将访问开罗。", "und")]
    public void Detects_arabic_and_english_and_nothing_else(string text, string expected)
    {
        Assert.Equal(expected, Scoring.Score(text).Language);
    }

    [Theory]
    [InlineData("Le président a menacé de frapper l'Iran et a ordonné des frappes contre les bases militaires.")]
    [InlineData("Президент пригрозил нанести удар по Ирану.")]
    public void Unsupported_language_is_neutral_with_a_reason_never_a_guess(string text)
    {
        var scored = Scoring.Score(text);
        Assert.Equal(ArticleLabel.Neutral, scored.Label);
        Assert.Equal(ArticleScorer.UnsupportedLanguageReason, scored.Reason);
        Assert.Empty(scored.Signals);
        Assert.Equal(0, scored.Risk);
    }

    [Fact]
    public void Declared_language_is_trusted_and_unsupported_declarations_are_refused()
    {
        Assert.Equal("en", Scoring.Score("Russia attacked Ukraine with missiles.", "EN").Language);
        var french = Scoring.Score("Russia attacked Ukraine with missiles.", "fr");
        Assert.Equal(ArticleScorer.UnsupportedLanguageReason, french.Reason);
    }
}
