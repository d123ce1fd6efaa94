using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace EscalationRisk.Scoring.Tests.Behaviour;

/// <summary>
/// A behavioural test suite in the style of CheckList (Ribeiro et al., ACL 2020), in both languages, generated from
/// the team's templates and word lists: minimum functionality per category and per hard-negative domain, invariance
/// to the actors, numbers, days, places and an appended neutral sentence, and directional expectations (a denial,
/// negation, deferral or renunciation takes a sentence out of escalation; a conditional threat added to dialogue
/// raises escalation). Each failure is printed with its case; <see cref="Report_pass_rates"/> prints every rate.
/// </summary>
public sealed class BehaviourSuiteTests(ITestOutputHelper output)
{
    /// <summary>
    /// The share of a category's cases that must get the category and its polarity (the issue sets no figure; the
    /// lowest cells, 83%, are calls for calm after clashes, which the scorer reads as mixed with escalation stronger).
    /// </summary>
    public const double MinimumFunctionalityFloor = 0.80;
    /// <summary>The bound on hard-negative false positives, per domain and language.</summary>
    public const double HardNegativeCeiling = 0.01;
    /// <summary>The bound on invariance failures, per language.</summary>
    public const double InvarianceCeiling = 0.02;
    /// <summary>The floor for directional pass rates, per direction and language.</summary>
    public const double DirectionalFloor = 0.95;

    public static TheoryData<string, SignalCategory> Categories()
    {
        var data = new TheoryData<string, SignalCategory>();
        foreach (var language in BehaviourCases.Languages)
        {
            foreach (var category in BehaviourCases.CategoryTemplates(language).Keys)
            {
                data.Add(language, category);
            }
        }

        return data;
    }

    public static TheoryData<string, string> Domains()
    {
        var data = new TheoryData<string, string>();
        foreach (var language in BehaviourCases.Languages)
        {
            foreach (var domain in BehaviourCases.HardNegativeTemplates(language).Keys)
            {
                data.Add(language, domain);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Categories))]
    public void Minimum_functionality_finds_the_category_and_its_polarity(string language, SignalCategory category)
    {
        var result = MinimumFunctionality(language, category);
        Assert.True(result.Cases >= 20, $"only {result.Cases} cases");
        AssertRate(result, result.PassRate >= MinimumFunctionalityFloor, $">= {MinimumFunctionalityFloor:P0}");
    }

    [Theory]
    [MemberData(nameof(Domains))]
    public void Hard_negatives_stay_neutral(string language, string domain)
    {
        var result = HardNegatives(language, domain);
        Assert.True(result.Cases >= 20, $"only {result.Cases} cases");
        AssertRate(result, 1 - result.PassRate <= HardNegativeCeiling, $"false positives <= {HardNegativeCeiling:P0}");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public void Swapping_actors_numbers_days_places_or_adding_a_neutral_sentence_keeps_the_label(string language)
    {
        var result = Invariance(language);
        AssertRate(result, 1 - result.PassRate <= InvarianceCeiling, $"failures <= {InvarianceCeiling:P0}");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public void Denial_negation_deferral_or_renunciation_moves_a_sentence_out_of_escalation(string language)
    {
        var result = Away(language);
        AssertRate(result, result.PassRate >= DirectionalFloor, $">= {DirectionalFloor:P0}");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public void A_conditional_threat_added_to_dialogue_moves_it_toward_escalation(string language)
    {
        var result = Toward(language);
        AssertRate(result, result.PassRate >= DirectionalFloor, $">= {DirectionalFloor:P0}");
    }

    [Fact]
    public void Report_pass_rates()
    {
        var rows = new List<Result>();
        foreach (var language in BehaviourCases.Languages)
        {
            rows.AddRange(BehaviourCases.CategoryTemplates(language).Keys.Select(c => MinimumFunctionality(language, c)));
            rows.AddRange(BehaviourCases.HardNegativeTemplates(language).Keys.Select(d => HardNegatives(language, d)));
            rows.Add(Invariance(language));
            rows.Add(Away(language));
            rows.Add(Toward(language));
        }

        var text = new StringBuilder("capability | language | group | cases | pass rate\n---|---|---|---:|---:\n");
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Capability} | {r.Language} | {r.Group} | {r.Cases} | {r.PassRate:P1}\n");
        }

        output.WriteLine(text.ToString());
        Assert.True(rows.Sum(r => r.Cases) >= 1000, $"the suite holds {rows.Sum(r => r.Cases)} cases");
        Assert.All(rows, r => Assert.True(r.Cases > 0, $"{r.Capability} {r.Language} {r.Group} has no case"));
    }

    internal sealed record Result(string Capability, string Language, string Group, int Cases, IReadOnlyList<string> Failures)
    {
        public double PassRate => Cases == 0 ? 0 : 1 - ((double)Failures.Count / Cases);
    }

    private void AssertRate(Result result, bool ok, string bound)
    {
        foreach (var failure in result.Failures)
        {
            output.WriteLine(failure);
        }

        Assert.True(ok, $"{result.Capability} {result.Language} {result.Group}: pass rate {result.PassRate:P1} over {result.Cases} cases, " +
            $"bound {bound}; failures:\n" + string.Join("\n", result.Failures.Take(12)));
    }

    internal static Result MinimumFunctionality(string language, SignalCategory category)
    {
        var polarity = Taxonomy.Of(category).Polarity == Polarity.Escalation ? "escalation" : "deescalation";
        var failures = new List<string>();
        var cases = BehaviourCases.Generate(language, category.ToString(), BehaviourCases.CategoryTemplates(language)[category]).ToList();
        foreach (var c in cases)
        {
            var scored = Scoring.Score(c.Text, language);
            if (BehaviourCases.Polarity(scored) != polarity || !scored.Signals.Any(s => s.Category == category))
            {
                failures.Add($"MFT {language} {category}: {c.Text}  =>  {BehaviourCases.Describe(scored)}");
            }
        }

        return new Result("minimum functionality", language, category.ToString(), cases.Count, failures);
    }

    internal static Result HardNegatives(string language, string domain)
    {
        var failures = new List<string>();
        var cases = BehaviourCases.Generate(language, domain, BehaviourCases.HardNegativeTemplates(language)[domain]).ToList();
        foreach (var c in cases)
        {
            var scored = Scoring.Score(c.Text, language);
            if (scored.Label != ArticleLabel.Neutral)
            {
                failures.Add($"HARD-NEGATIVE {language} {domain}: {c.Text}  =>  {BehaviourCases.Describe(scored)}");
            }
        }

        return new Result("hard negative", language, domain, cases.Count, failures);
    }

    /// <summary>
    /// Every category and hard-negative case against three variants: other states, other numbers, days and places,
    /// and a neutral sentence appended. The label must stay what the case itself got, right or wrong.
    /// </summary>
    internal static Result Invariance(string language)
    {
        var failures = new List<string>();
        var count = 0;
        var templates = BehaviourCases.CategoryTemplates(language).Select(kv => (kv.Key.ToString(), kv.Value))
            .Concat(BehaviourCases.HardNegativeTemplates(language).Select(kv => (kv.Key, kv.Value)));
        var tails = language == "ar" ? WordLists.ArabicNeutralTails : WordLists.EnglishNeutralTails;
        foreach (var (group, list) in templates)
        {
            foreach (var c in BehaviourCases.Generate(language, group, list))
            {
                var random = new Random(c.Text.Length * 7919);
                var baseLabel = BehaviourCases.Polarity(Scoring.Score(c.Text, language));
                var other = BehaviourCases.RandomFill(language, random);
                var actorsSwapped = new Dictionary<char, string>(c.Fill) { ['A'] = other['A'], ['B'] = other['B'], ['C'] = other['C'] };
                var detailsSwapped = new Dictionary<char, string>(c.Fill) { ['N'] = other['N'], ['D'] = other['D'], ['P'] = other['P'], ['X'] = other['X'], ['Y'] = other['Y'] };
                var variants = new[]
                {
                    ("actors", BehaviourCases.Apply(c.Template, actorsSwapped)),
                    ("details", BehaviourCases.Apply(c.Template, detailsSwapped)),
                    ("neutral sentence", c.Text + " " + tails[random.Next(tails.Length)]),
                };
                foreach (var (kind, text) in variants)
                {
                    count++;
                    var scored = Scoring.Score(text, language);
                    if (BehaviourCases.Polarity(scored) != baseLabel)
                    {
                        failures.Add($"INV {language} {group} ({kind}): '{c.Text}' was {baseLabel}; '{text}'  =>  {BehaviourCases.Describe(scored)}");
                    }
                }
            }
        }

        return new Result("invariance", language, "all", count, failures);
    }

    internal static Result Away(string language) =>
        Directional(language, BehaviourCases.AwayFromEscalation(language), "directional: out of escalation",
            "denial, negation, deferral, renunciation", (_, text) =>
            {
                var scored = Scoring.Score(text, language);
                return BehaviourCases.Polarity(scored) == "escalation" ? $"DIR-AWAY {language}: '{text}'  =>  {BehaviourCases.Describe(scored)}" : null;
            });

    internal static Result Toward(string language) =>
        Directional(language, BehaviourCases.TowardEscalation(language), "directional: toward escalation", "conditional threat", (baseText, text) =>
        {
            var before = Scoring.Score(baseText, language);
            var after = Scoring.Score(text, language);
            return after.Escalation <= before.Escalation || after.Label is not (ArticleLabel.Escalation or ArticleLabel.Mixed)
                ? $"DIR-TOWARD {language}: '{baseText}' ({BehaviourCases.Describe(before)}) -> '{text}'  =>  {BehaviourCases.Describe(after)}"
                : null;
        });

    /// <summary>
    /// Every filling of every (base, changed) pair: <paramref name="failureOf"/> gets the base text and the changed text
    /// and returns the failure to report, or null.
    /// </summary>
    private static Result Directional(string language, (string Base, string Changed)[] pairs, string capability, string group,
        Func<string, string, string?> failureOf)
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var (baseTemplate, changed) in pairs)
        {
            foreach (var c in BehaviourCases.Generate(language, group, [baseTemplate]))
            {
                count++;
                if (failureOf(c.Text, BehaviourCases.Apply(changed, c.Fill)) is { } failure)
                {
                    failures.Add(failure);
                }
            }
        }

        return new Result(capability, language, group, count, failures);
    }
}
