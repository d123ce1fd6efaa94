using System.Runtime.InteropServices;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Lexicon;
using EscalationRisk.Scoring.Matching;
using EscalationRisk.Scoring.Model;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring;

/// <summary>
/// Scores articles for escalation and de-escalation signals with their evidence, actors and a risk figure.
/// Build one per process (compiling the lexicon takes milliseconds) and share it: <see cref="Score"/> is
/// thread-safe, each thread working in buffers of its own.
/// </summary>
public sealed partial class ArticleScorer
{
    /// <summary>The most signals one <see cref="ArticleScored"/> lists; the scores count all of them.</summary>
    public const int MaxSignalsListed = 256;

    /// <summary>The reason given for a text in neither Arabic nor English.</summary>
    public const string UnsupportedLanguageReason = "unsupported language";

    /// <summary>The reason given for an empty or blank body.</summary>
    public const string EmptyBodyReason = "empty body";

    private readonly CompiledLexicon _lexicon;
    private readonly TimeProvider _time;
    private readonly LinearModel? _model;
    private readonly Stacker? _stacker;
    private readonly LinearModel? _topics;
    private readonly int _conflictTopic = -1;
    private readonly int[] _topicIndices;
    private readonly SignalCategory?[] _modelCategories = [];

    /// <summary>Each thread's buffers, bound to the scorer whose lexicon and model they were made for.</summary>
    [ThreadStatic]
    private static ThreadState? _threadState;

    /// <summary>Creates a scorer with the lexicon, gazetteer and model shipped in this library.</summary>
    public ArticleScorer(TimeProvider? timeProvider = null)
        : this(CompiledLexicon.LoadEmbedded(), timeProvider ?? TimeProvider.System, ModelFile.LoadEmbedded(), Stacker.LoadEmbedded(),
            ModelFile.LoadEmbedded("topics", SentenceFeatures.WordsOnlyVersion))
    {
    }

    internal ArticleScorer(CompiledLexicon lexicon, TimeProvider timeProvider, LinearModel? model, Stacker? stacker = null, LinearModel? topics = null)
    {
        _topics = topics;
        _conflictTopic = topics is null ? -1 : topics.Labels.ToList().IndexOf("conflict");
        _lexicon = lexicon;
        _time = timeProvider;
        _model = model;
        _stacker = model is null ? null : stacker;
        _topicIndices = SentenceEvidence.TopicIndices(lexicon.Lexicon);
        if (model is not null)
        {
            _modelCategories = [.. model.Labels.Select(LexiconFile.ParseCategory)];
        }

    }

    /// <summary>The version of the lexicon and gazetteer data, reported in every result.</summary>
    public string LexiconVersion => _lexicon.Version;

    /// <summary>The learned model taking part, or <c>none</c> when scoring by the lexicon alone.</summary>
    public string ModelVersion => _model is null ? "none" : _stacker is null ? _model.Version : $"{_model.Version}+{_stacker.Version}";

    /// <summary>Scores one article. Never throws for any text; throws only for a null article or body.</summary>
    public ArticleScored Score(ArticleSubmitted article) => Score(article, out _);

    /// <summary>Scores one article and reports how many matcher steps it took (linear in the text's length).</summary>
    internal ArticleScored Score(ArticleSubmitted article, out long matcherSteps)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(article.Body);
        matcherSteps = 0;
        var scoredAt = _time.GetUtcNow();
        var state = _threadState;
        if (state is null || !ReferenceEquals(state.Owner, this))
        {
            state = _threadState = new ThreadState(this, _model?.Labels.Count ?? 0, _stacker is null ? null : new StackerContext(_stacker, _topicIndices));
        }

        var (workspace, rules, signals, mentions) = (state.Workspace, state.Rules, state.Signals, state.Mentions);
        signals.Clear();
        mentions.Clear();
        state.SentenceTopics.Clear();
        state.Sentences = 0;

        workspace.Analyze(article.Body, _lexicon, _model, _topics);
        var storyId = StoryFingerprint.Compute(workspace.Tokens);
        if (workspace.Tokens.Count == 0 || string.IsNullOrWhiteSpace(article.Body))
        {
            return Unscored(article, article.Language ?? LanguageDetector.Unsupported, storyId, scoredAt, EmptyBodyReason);
        }

        var language = DeclaredOrDetected(article.Language, workspace);
        if (language is not (LanguageDetector.Arabic or LanguageDetector.English))
        {
            return Unscored(article, language, storyId, scoredAt, UnsupportedLanguageReason);
        }

        rules.BeginArticle(language == LanguageDetector.Arabic);
        matcherSteps = HitFinder.Find(_lexicon, workspace, language == LanguageDetector.Arabic);
        var tokens = CollectionsMarshal.AsSpan(workspace.Tokens);
        var hits = CollectionsMarshal.AsSpan(workspace.Hits);
        var h = 0;
        var sentenceStart = 0;
        while (sentenceStart < tokens.Length)
        {
            var hitStart = h;
            var sentenceEnd = NextSentence(tokens, hits, sentenceStart, ref h);

            if (tokens[sentenceStart].Dateline)
            {
                sentenceStart = sentenceEnd + 1;
                continue; // a dateline or byline: never evidence
            }

            ModelOpinion? opinion = null;
            if (_model is not null)
            {
                _model.Predict(tokens, CollectionsMarshal.AsSpan(workspace.WordScores), CollectionsMarshal.AsSpan(workspace.WordFeatures), sentenceStart, sentenceEnd, state.Probabilities);
                opinion = new ModelOpinion(state.Probabilities, _modelCategories);
            }

            if (h > hitStart || opinion is not null)
            {
                rules.Apply(_lexicon, workspace, hits[hitStart..h], sentenceStart, sentenceEnd, signals, mentions, opinion, state.Stacker);
                state.SentenceTopics[tokens[sentenceStart].Sentence] = rules.TopicMask;
                state.Sentences += sentenceEnd - sentenceStart + 1 >= MinSentenceWords ? 1 : 0;
            }
            else
            {
                state.SentenceTopics[tokens[sentenceStart].Sentence] = 0;
                state.Sentences += sentenceEnd - sentenceStart + 1 >= MinSentenceWords ? 1 : 0;
            }

            sentenceStart = sentenceEnd + 1;
        }

        // The article's structure counts only sentences of some length: "«سي.آي.ايه»" is not three sentences.
        var structured = state.Sentences >= 3;
        var topic = structured ? DocumentTopic(workspace) : null;
        if (structured)
        {
            Gate(signals, state.SentenceTopics, topic);
        }

        return Build(article, language, storyId, scoredAt, workspace, signals, mentions, state.SentenceTopics, structured, state) with { Topic = topic?.Name };
    }

    /// <summary>The words a sentence needs to count towards an article's three sentences.</summary>
    public const int MinSentenceWords = 5;

    /// <summary>
    /// The rules' evidence for a text (<see cref="SentenceEvidence"/>), given the n-gram model's class probabilities for it
    /// (out-of-fold ones while training the second stage): one vector, the largest value of each feature over the
    /// text's sentences. Uses the lexicon only, never this scorer's own model or stacker.
    /// </summary>
    internal float[] Evidence(string text, float[] classProbabilities, IReadOnlyList<string> modelLabels)
    {
        var workspace = new Workspace();
        var rules = new SentenceRules();
        var signals = new List<SignalCandidate>();
        var mentions = new List<ActorMention>();
        var stack = new StackerContext(null, _topicIndices);
        var combined = new float[SentenceEvidence.Length];
        var opinion = new ModelOpinion(classProbabilities, [.. modelLabels.Select(LexiconFile.ParseCategory)]);
        workspace.Analyze(text, _lexicon);
        var arabic = LanguageDetector.Detect(workspace) == LanguageDetector.Arabic;
        rules.BeginArticle(arabic);
        HitFinder.Find(_lexicon, workspace, arabic);
        var tokens = CollectionsMarshal.AsSpan(workspace.Tokens);
        var hits = CollectionsMarshal.AsSpan(workspace.Hits);
        var h = 0;
        for (var start = 0; start < tokens.Length;)
        {
            var hitStart = h;
            var end = NextSentence(tokens, hits, start, ref h);
            if (!tokens[start].Dateline) // skipped as Score skips it
            {
                rules.Apply(_lexicon, workspace, hits[hitStart..h], start, end, signals, mentions, opinion, stack);
                SentenceEvidence.MaxInto(stack.Evidence, combined);
            }

            start = end + 1;
        }

        return combined;
    }

    /// <summary>The last token of the sentence starting at <paramref name="start"/>; moves <paramref name="h"/> past its hits.</summary>
    private static int NextSentence(ReadOnlySpan<Token> tokens, ReadOnlySpan<PhraseHit> hits, int start, ref int h)
    {
        var end = start;
        while (end + 1 < tokens.Length && tokens[end + 1].Sentence == tokens[start].Sentence)
        {
            end++;
        }

        while (h < hits.Length && hits[h].First <= end)
        {
            h++;
        }

        return end;
    }

    private static string DeclaredOrDetected(string? declared, Workspace workspace)
    {
        if (string.IsNullOrWhiteSpace(declared))
        {
            return LanguageDetector.Detect(workspace);
        }

        var tag = declared.Trim().ToLowerInvariant();
        var primary = tag.Split('-', '_')[0];
        return primary;
    }

    private sealed class ThreadState
    {
        public ThreadState(ArticleScorer owner, int modelClasses, StackerContext? stacker)
        {
            Owner = owner;
            Probabilities = new float[modelClasses];
            Stacker = stacker;
        }

        public StackerContext? Stacker { get; }

        public float[] Probabilities { get; }

        /// <summary>The scorer these buffers belong to: its lexicon's term ids and its model's classes.</summary>
        public ArticleScorer Owner { get; }
        public Workspace Workspace { get; } = new();
        public SentenceRules Rules { get; } = new();
        public List<SignalCandidate> Signals { get; } = [];
        public List<ActorMention> Mentions { get; } = [];

        /// <summary>The topics of each scored sentence of the article, by sentence number.</summary>
        public Dictionary<int, ulong> SentenceTopics { get; } = [];

        /// <summary>The actor codes of each sentence, for the article being built (<see cref="SentenceActors"/>).</summary>
        public Dictionary<int, string[]> SentenceActors { get; } = [];

        /// <summary>The article's signals as the risk formula weighs them.</summary>
        public List<RiskFormula.Weighted> Weighted { get; } = [];

        /// <summary>One sentence's codes while <see cref="SentenceActors"/> gathers them.</summary>
        public List<string> SentenceCodes { get; } = [];

        /// <summary>How many of the article's scored sentences have at least <see cref="MinSentenceWords"/> words.</summary>
        public int Sentences { get; set; }
    }
}
