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
public sealed class ArticleScorer
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
    private static ThreadState? t_state;

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
        var state = t_state;
        if (state is null || !ReferenceEquals(state.Owner, this))
        {
            state = t_state = new ThreadState(this, _model?.Labels.Count ?? 0, _stacker is null ? null : new StackerContext(_stacker, _topicIndices));
        }

        var (workspace, rules, signals, mentions) = (state.Workspace, state.Rules, state.Signals, state.Mentions);
        signals.Clear();
        mentions.Clear();
        state.SentenceTopics.Clear();
        state.Sentences = 0;
        rules.BeginArticle();

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

        matcherSteps = FindHits(workspace, language == LanguageDetector.Arabic);
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
                _model.Predict(tokens, workspace.WordScores, workspace.WordFeatures, sentenceStart, sentenceEnd, state.Probabilities);
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

        return Build(article, language, storyId, scoredAt, workspace, signals, mentions, state.SentenceTopics, structured) with { Topic = topic?.Name };
    }

    /// <summary>The document-topic model's chance of conflict below which an article it places in another domain is gated.</summary>
    public const double ConflictFloor = 0.35;

    /// <summary>
    /// The document-topic classifier's reading of the whole text: its most likely topic and its chance of conflict;
    /// null without the classifier.
    /// </summary>
    private (string Name, float Conflict)? DocumentTopic(Workspace workspace)
    {
        if (_topics is null || _conflictTopic < 0 || workspace.Tokens.Count == 0)
        {
            return null;
        }

        Span<float> p = stackalloc float[_topics.Labels.Count];
        _topics.PredictWords(workspace.TopicScores, workspace.WordFeatures, 0, workspace.Tokens.Count - 1, p);
        var best = 0;
        for (var k = 1; k < p.Length; k++)
        {
            best = p[k] > p[best] ? k : best;
        }

        return (_topics.Labels[best], p[_conflictTopic]);
    }

    /// <summary>The confidence a signal needs to count in a report about another domain (with its two parties read from the clause).</summary>
    public const double AnchoredConfidence = 0.75;

    /// <summary>The classifier's chance of conflict below which the lexicon's domain words alone gate an article.</summary>
    public const double DomainWordsConflictCeiling = 0.5;

    /// <summary>The share of an article's sentences about another domain above which the article is about that domain.</summary>
    public const double OffTopicShare = 0.3;

    /// <summary>The words a sentence needs to count towards an article's three sentences.</summary>
    public const int MinSentenceWords = 5;

    /// <summary>How much the model's own signal (a sentence the lexicon had nothing to say about) counts for an article.</summary>
    public const double ModelGuessWeight = 0.6;

    /// <summary>How much a signal in a background sentence counts for the article, against one in its news.</summary>
    public const double BackgroundWeight = 0.5;

    /// <summary>
    /// Topic gating. An article of three or more sentences that names no force, weapon, casualty or plan and whose
    /// signals are only talks and visits (or the model's guesses) reports routine relations and keeps no signal; one the
    /// document-topic classifier calls routine state news keeps no talks, visits or model guesses. An
    /// article of three or more sentences that the document-topic classifier places in another domain, or of which at
    /// least <see cref="OffTopicShare"/> and two sentences are about one of sport, markets and business, history and
    /// ceremony, fiction, weather and disasters, medicine, labour, crime or domestic politics while the classifier gives
    /// conflict less than <see cref="DomainWordsConflictCeiling"/> (or runs without it), is a report about that domain; in
    /// it a signal counts only with strong, actor-anchored evidence: the lexicon's, not the model's guess, with two
    /// distinct actors read from its clause (not filled in as the nearest other actor), confidence at least
    /// <see cref="AnchoredConfidence"/>, in a sentence neither about the domain nor background. Signals that do not
    /// count are dropped: they are no evidence, and no rule or index sees them.
    /// </summary>
    private void Gate(List<SignalCandidate> signals, Dictionary<int, ulong> sentenceTopics, (string Name, float Conflict)? topic)
    {
        var (domain, background) = (_lexicon.Lexicon.DomainTopicMask, _lexicon.Lexicon.BackgroundTopicMask);

        // Routine relations: talks and visits in an article that names no force, weapon, casualty or plan are the
        // ordinary business of states, not de-escalation of anything; so are the model's guesses there, and a
        // "reinforcement" with no force named (تعزيز التعاون).
        var conflict = _lexicon.Lexicon.ConflictTopicMask;
        var conflictNamed = false;
        foreach (var topics in sentenceTopics.Values)
        {
            conflictNamed |= (topics & conflict) != 0;
        }

        if (!conflictNamed
            && signals.TrueForAll(static c => c.Category is SignalCategory.Dialogue or SignalCategory.MilitaryMobilization || c.Rule == "model"))
        {
            signals.Clear();
            return;
        }

        if (topic is { Name: "routine" })
        {
            // Routine state news by the classifier: its talks, visits and the model's guesses are not de-escalation.
            signals.RemoveAll(static c => c.Category == SignalCategory.Dialogue || c.Rule == "model");
        }

        // The article is about a domain when one domain's words run through enough of its sentences.
        var most = 0;
        for (var bits = domain; bits != 0; bits &= bits - 1)
        {
            var bit = bits & (~bits + 1);
            var n = 0;
            foreach (var topics in sentenceTopics.Values)
            {
                n += (topics & bit) != 0 ? 1 : 0;
            }

            most = Math.Max(most, n);
        }

        // The classifier's verdict, or the lexicon's domain words where the classifier is unsure the story is conflict.
        var domainWords = most >= Math.Max(2, OffTopicShare * sentenceTopics.Count);
        var aboutAnotherDomain = topic is { } t
            ? (t.Name is not ("conflict" or "routine") && t.Conflict < ConflictFloor) || (domainWords && t.Conflict < DomainWordsConflictCeiling)
            : domainWords;
        if (!aboutAnotherDomain)
        {
            return;
        }

        signals.RemoveAll(c => !(c.Source >= 0 && c.Target >= 0 && c.Source != c.Target && !c.PartyInferred && c.Rule != "model"
            && c.Confidence >= AnchoredConfidence && (sentenceTopics[c.Sentence] & (domain | background)) == 0));
    }

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
        FindHits(workspace, LanguageDetector.Detect(workspace) == LanguageDetector.Arabic);
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

    /// <summary>
    /// Runs the phrase and actor matchers over the analysed text and sorts the hits; returns the matcher steps. In Arabic,
    /// where the verb comes before its subject ("حذرت تركيا من رد", "قطعت مصر علاقاتها"), the signal phrases are matched
    /// a second time with the named actors' tokens left out, and a phrase found only that way is kept with the actor
    /// inside its span.
    /// </summary>
    private long FindHits(Workspace workspace, bool acrossActors)
    {
        var count = workspace.Tokens.Count;
        var resets = workspace.ResetBefore.AsSpan(0, count);
        var hits = workspace.Hits;
        var steps = _lexicon.Matcher.FindAll(workspace.Terms.AsSpan(0, count), resets, hits, phraseOffset: 0);
        var signalHits = hits.Count;
        steps += _lexicon.ActorMatcher.FindAll(workspace.ActorTerms.AsSpan(0, count), resets, hits, phraseOffset: _lexicon.Matcher.PhraseCount);
        if (acrossActors && hits.Count > signalHits)
        {
            steps += FindHitsAcrossActors(workspace, signalHits);
        }

        hits.Sort(static (a, b) => a.First != b.First ? a.First.CompareTo(b.First) : b.Last.CompareTo(a.Last));
        return steps;
    }

    private long FindHitsAcrossActors(Workspace workspace, int signalHits)
    {
        var count = workspace.Tokens.Count;
        var hits = workspace.Hits;
        Span<bool> actor = count <= 1024 ? stackalloc bool[count] : new bool[count];
        for (var k = signalHits; k < hits.Count; k++)
        {
            actor[hits[k].First..(hits[k].Last + 1)].Fill(true);
        }

        var (terms, map, resets) = (workspace.GapTerms, workspace.GapMap, workspace.GapResets);
        var n = 0;
        var pendingReset = false;
        for (var i = 0; i < count; i++)
        {
            if (actor[i])
            {
                pendingReset |= workspace.ResetBefore[i];
                continue;
            }

            terms[n] = workspace.Terms[i];
            resets[n] = workspace.ResetBefore[i] || pendingReset;
            map[n++] = i;
            pendingReset = false;
        }

        var gapHits = workspace.GapHits;
        gapHits.Clear();
        var steps = _lexicon.Matcher.FindAll(terms.AsSpan(0, n), resets.AsSpan(0, n), gapHits, phraseOffset: 0);
        foreach (var g in gapHits)
        {
            var (first, last) = (map[g.First], map[g.Last]);
            if (last - first != g.Last - g.First)
            {
                hits.Add(new PhraseHit(first, last, g.Phrase)); // spans an actor: found only this way
            }
        }

        return steps;
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

    private ArticleScored Build(ArticleSubmitted article, string language, string storyId, DateTimeOffset scoredAt,
        Workspace workspace, List<SignalCandidate> candidates, List<ActorMention> mentions, Dictionary<int, ulong> sentenceTopics, bool structured)
    {
        var body = article.Body;
        var tokens = workspace.Tokens;
        // Structure: in an article, evidence in background counts less than the news (each signal's reading of that is
        // made once, here, and the dyads and the listed signals below use it).
        var background = structured ? _lexicon.Lexicon.BackgroundTopicMask : 0;
        var weighted = new RiskFormula.Weighted[candidates.Count];
        for (var i = 0; i < weighted.Length; i++)
        {
            var c = candidates[i];
            var past = (sentenceTopics.GetValueOrDefault(c.Sentence) & background) != 0;
            var weight = (past ? BackgroundWeight : 1) * (c.Rule == "model" && structured ? ModelGuessWeight : 1);
            weighted[i] = new RiskFormula.Weighted(c.Category, c.Confidence * weight, c.Sentence, past);
        }

        var scores = RiskFormula.Compute(weighted, perEvent: structured);

        var signals = new List<Signal>(Math.Min(candidates.Count, MaxSignalsListed));
        var dyads = new SortedSet<string>(StringComparer.Ordinal);
        var weakDyads = new SortedSet<string>(StringComparer.Ordinal);
        List<ThirdParty>? thirdParties = null;
        var actorsBySentence = SentenceActors(mentions, tokens);
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var past = weighted[i].Background;
            var source = c.Source >= 0 ? _lexicon.Actors[c.Source].Code : null;
            var target = c.Target >= 0 ? _lexicon.Actors[c.Target].Code : null;
            if (source is not null && target is not null && source != target)
            {
                // In an article, the dyads are those of its news: a pair named only in background or only guessed (the
                // model's sentence, a party filled in as the nearest actor) is kept aside and used only if nothing else is.
                var firm = !structured || (!past && c.Rule != "model" && !c.PartyInferred);
                (firm ? dyads : weakDyads).Add(DyadKey(source, target));
            }

            ThirdParty? third = null;
            if (c.ThirdParty >= 0)
            {
                third = new ThirdParty(_lexicon.Actors[c.ThirdParty].Code, c.Role);
                thirdParties ??= [];
                AddThirdParty(thirdParties, third);
                if (c.ThirdPartner >= 0)
                {
                    AddThirdParty(thirdParties, new ThirdParty(_lexicon.Actors[c.ThirdPartner].Code, c.Role));
                }
            }

            if (signals.Count >= MaxSignalsListed)
            {
                continue;
            }

            var start = tokens[c.EvidenceFirst].Start;
            var end = tokens[c.EvidenceLast].End;
            var info = Taxonomy.Of(c.Category);
            // A signal in background is reported with the weight it has in the article, and says so.
            signals.Add(new Signal(
                c.Category,
                info.Polarity,
                body[start..end],
                start,
                end,
                Math.Round(past ? c.Confidence * BackgroundWeight : c.Confidence, 3),
                info.CameoRoot,
                actorsBySentence.TryGetValue(c.Sentence, out var actors) ? [.. actors] : [],
                source,
                target,
                c.Rule ?? (past ? "background" : null),
                third));
        }

        if (dyads.Count == 0)
        {
            dyads = weakDyads;
        }

        return new ArticleScored(
            article.ArticleId, article.Source, article.Url, article.Title, article.PublishedAt,
            language, scores.Label, scores.Risk, scores.Escalation, scores.Deescalation, scores.Goldstein,
            signals, ArticleActors(mentions), [.. dyads], storyId, ModelVersion, LexiconVersion, scoredAt,
            EscalationProbability: Calibrated(_stacker?.Calibration?.Escalation, scores.Escalation),
            DeescalationProbability: Calibrated(_stacker?.Calibration?.Deescalation, scores.Deescalation),
            ThirdParties: thirdParties);
    }

    private static void AddThirdParty(List<ThirdParty> list, ThirdParty party)
    {
        foreach (var t in list)
        {
            if (t.Code == party.Code)
            {
                return;
            }
        }

        list.Add(party);
    }

    /// <summary>A score as a probability: Platt-scaled when the shipped second stage carries a calibration, else absent.</summary>
    private static double? Calibrated(PlattScale? scale, double raw) => scale is null ? null : Math.Round(scale.Apply(raw), 4);

    /// <summary>A dyad key: the two codes sorted ordinally and joined by '-'.</summary>
    public static string DyadKey(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.CompareOrdinal(a, b) <= 0 ? $"{a}-{b}" : $"{b}-{a}";
    }

    /// <summary>
    /// The actor codes named in each sentence, in order of first mention, at most 16 per sentence: one pass over the
    /// mentions (a scan per signal cost a tenth of the scorer's time on a long article).
    /// </summary>
    private Dictionary<int, List<string>> SentenceActors(List<ActorMention> mentions, List<Token> tokens)
    {
        var bySentence = new Dictionary<int, List<string>>();
        foreach (var m in mentions)
        {
            var sentence = tokens[m.First].Sentence;
            if (!bySentence.TryGetValue(sentence, out var codes))
            {
                codes = [];
                bySentence[sentence] = codes;
            }

            var code = _lexicon.Actors[m.Actor].Code;
            if (codes.Count < 16 && !codes.Contains(code))
            {
                codes.Add(code);
            }
        }

        return bySentence;
    }

    private Actor[] ArticleActors(List<ActorMention> mentions)
    {
        var counts = new Dictionary<int, int>();
        var order = new List<int>();
        foreach (var m in mentions)
        {
            if (counts.TryGetValue(m.Actor, out var n))
            {
                counts[m.Actor] = n + 1;
            }
            else
            {
                counts[m.Actor] = 1;
                order.Add(m.Actor);
            }
        }

        return [.. order.Select(a => new Actor(_lexicon.Actors[a].Code, _lexicon.Actors[a].EnglishName, counts[a]))];
    }

    private ArticleScored Unscored(ArticleSubmitted article, string language, string storyId, DateTimeOffset scoredAt, string reason) =>
        new(article.ArticleId, article.Source, article.Url, article.Title, article.PublishedAt, language,
            ArticleLabel.Neutral, 0, 0, 0, 0, [], [], [], storyId, ModelVersion, LexiconVersion, scoredAt, reason);

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

        /// <summary>How many of the article's scored sentences have at least <see cref="MinSentenceWords"/> words.</summary>
        public int Sentences { get; set; }
    }
}
