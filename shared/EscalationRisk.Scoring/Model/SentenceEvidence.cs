using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Lexicon;

namespace EscalationRisk.Scoring.Model;

/// <summary>
/// What the rule layer saw in one sentence, as a dense vector for the second-stage classifier (<see cref="Stacker"/>):
/// the n-gram model's three polarity probabilities, the strongest surviving lexicon signal of each category, what the
/// context rules did (negated, conditional, ruled out, deferred, turned into an option, dropped for another sense or
/// context), which cues and context topics occur, how many actors are named, and the sentence's length. The same
/// vector is built at training (from out-of-fold n-gram probabilities) and at scoring.
/// </summary>
internal static class SentenceEvidence
{
    /// <summary>Changes whenever the layout changes: a stacker trained on another layout must not load.</summary>
    public const string Version = "e2";

    public const int NgramEscalation = 0;
    public const int NgramDeescalation = 1;
    public const int NgramNeutral = 2;
    public const int CategoryBase = 3;
    public static readonly int CategoryCount = Taxonomy.Categories.Count;
    public static readonly int RuleBase = CategoryBase + CategoryCount;

    /// <summary>The rules whose effect is a feature, in order.</summary>
    public static readonly string[] Rules = ["negation", "conditional", "ruling_out", "deferral", "option", "undecided", "context", "denial"];

    public static readonly int CueBase = RuleBase + Rules.Length;
    public static readonly CueKind[] Cues = [CueKind.Negation, CueKind.RulingOut, CueKind.Deferral, CueKind.Undecided, CueKind.Conditional, CueKind.Option, CueKind.Denial];
    public static readonly int TopicBase = CueBase + Cues.Length;

    /// <summary>The lexicon's context topics that are features, by name (a topic the lexicon lacks stays 0).</summary>
    public static readonly string[] Topics = ["military", "casualty", "plan", "labour", "weather", "sport", "business", "crime", "medical", "history", "fiction", "demand", "talks_between"];

    public static readonly int ActorBase = TopicBase + Topics.Length;
    public static readonly int Length = ActorBase + 3;

    /// <summary>The feature names, for the model card.</summary>
    public static IReadOnlyList<string> Names { get; } = BuildNames();

    /// <summary>The index of each feature topic in a lexicon's topic list, or -1.</summary>
    public static int[] TopicIndices(LexiconFile lexicon) => [.. Topics.Select(t => lexicon.Topics.ToList().IndexOf(t))];

    /// <summary>The feature of a category: the categories are laid out in the order of their values (<see cref="Taxonomy.Categories"/>).</summary>
    public static int CategoryIndex(SignalCategory category) => CategoryBase + (int)category;

    public static int RuleIndex(string? rule) => rule is null ? -1 : Array.IndexOf(Rules, rule) is var i and >= 0 ? RuleBase + i : -1;

    /// <summary>The feature of signals dropped for another sense or context (looked up once, not per sentence).</summary>
    public static readonly int ContextRule = RuleIndex("context");

    public static int CueIndex(CueKind kind) => CueBase + CueFeature[(int)kind];

    private static readonly int[] CueFeature = [.. Enum.GetValues<CueKind>().Select(k => Array.IndexOf(Cues, k))];

    private static readonly int[] StrictOtherDomains = TopicFeatures("weather", "sport", "medical", "history", "fiction");
    private static readonly int[] OtherDomains = TopicFeatures("weather", "sport", "medical", "history", "fiction", "labour", "business", "crime");

    /// <summary>
    /// Whether the sentence names a domain where words of war have another sense: with <paramref name="strict"/>, only
    /// sport, weather, medicine, history and ceremony, and fiction (markets, labour and crime often share a sentence
    /// with a real attack); otherwise those and markets, labour and crime.
    /// </summary>
    public static bool OtherDomain(ReadOnlySpan<float> evidence, bool strict) => AnyOf(evidence, strict ? StrictOtherDomains : OtherDomains);

    private static readonly int[] ConflictTopics = TopicFeatures("military", "casualty", "plan");

    /// <summary>Whether the sentence names forces, weapons, casualties or military plans.</summary>
    public static bool ConflictContext(ReadOnlySpan<float> evidence) => AnyOf(evidence, ConflictTopics);

    private static bool AnyOf(ReadOnlySpan<float> evidence, int[] features)
    {
        foreach (var i in features)
        {
            if (evidence[i] > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static int[] TopicFeatures(params string[] names) => [.. names.Select(t => TopicBase + Array.IndexOf(Topics, t))];

    /// <summary>Combines two sentences' vectors into one (a corpus row the tokenizer split): the larger of each.</summary>
    public static void MaxInto(ReadOnlySpan<float> from, Span<float> into)
    {
        for (var i = 0; i < into.Length; i++)
        {
            into[i] = MathF.Max(into[i], from[i]);
        }
    }

    private static string[] BuildNames()
    {
        var names = new List<string> { "ngram:escalation", "ngram:deescalation", "ngram:neutral" };
        names.AddRange(Taxonomy.Categories.Select(c => "signal:" + c));
        names.AddRange(Rules.Select(r => "rule:" + r));
        names.AddRange(Cues.Select(c => "cue:" + c));
        names.AddRange(Topics.Select(t => "topic:" + t));
        names.AddRange(["actors:1+", "actors:2+", "length"]);
        return [.. names];
    }
}
