using System.Runtime.InteropServices;
using EscalationRisk.Scoring.Matching;

namespace EscalationRisk.Scoring.Text;

/// <summary>
/// Reusable buffers for analysing one text at a time: tokens, term ids, flags, and a cache from each distinct word
/// as written to what the pipeline makes of it (normalised hash, stem id, name id, flags). Normalising and stemming
/// therefore run once per distinct word per thread, not once per token. One per thread (see
/// <see cref="ArticleScorer"/>), so scoring allocates little beyond its result.
/// </summary>
internal sealed class Workspace
{
    private const int CacheLimit = 200_000;
    private const char ExactMark = '\u0001';
    private const string ExactMarkText = "\u0001";

    private static readonly HashSet<string> ObjectPrepositions = new(StringComparer.Ordinal)
    {
        "علي", "ضد", "الي", "نحو", "against", "on", "at", "toward", "towards", "into", "targeting",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ObjectPrepositionLookup =
        ObjectPrepositions.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly Stemmer _stemmer = new();
    private readonly WordTable<WordInfo> _words = new();
    private readonly char[] _norm = new char[256];
    private readonly char[] _word = new char[258];
    private CompiledLexicon? _cachedFor;
    private Model.LinearModel? _cachedModel;
    private Model.LinearModel? _cachedTopics;

    public List<Token> Tokens { get; } = [];
    /// <summary>The learned model's per-word features, parallel to <see cref="Tokens"/>.</summary>
    public List<int[]> WordFeatures { get; } = [];
    /// <summary>Each word's summed class weights under the scorer's model (empty without one), parallel to <see cref="Tokens"/>.</summary>
    public List<float[]> WordScores { get; } = [];

    /// <summary>Per token: the document-topic model's summed class weights of its word's features (empty without it).</summary>
    public List<float[]> TopicScores { get; } = [];
    public List<PhraseHit> Hits { get; } = [];
    public int[] Terms { get; private set; } = new int[1024];
    public int[] ActorTerms { get; private set; } = new int[1024];
    public bool[] ResetBefore { get; private set; } = new bool[1024];
    public TokenFlags[] Flags { get; private set; } = new TokenFlags[1024];
    public ScriptCounts Counts;

    /// <summary>
    /// Splits <paramref name="text"/> into tokens and gives each its stem's id among lexicon terms and its normalised
    /// form's id among actor names (-1 when none). Names are matched unstemmed: stemming folds لبنان onto لبن and
    /// Hamas onto hama.
    /// </summary>
    public void Analyze(string text, CompiledLexicon lexicon, Model.LinearModel? model = null, Model.LinearModel? topics = null)
    {
        if (!ReferenceEquals(_cachedFor, lexicon) || !ReferenceEquals(_cachedModel, model) || !ReferenceEquals(_cachedTopics, topics))
        {
            _cachedModel = model;
            _cachedTopics = topics;
            _words.Clear();
            _cachedFor = lexicon;
        }

        Tokens.Clear();
        WordFeatures.Clear();
        WordScores.Clear();
        TopicScores.Clear();
        Hits.Clear();
        Counts = default;
        Tokenizer.Tokenize(text, Tokens, ref Counts);
        EnsureTokenCapacity(Tokens.Count);
        var tokens = CollectionsMarshal.AsSpan(Tokens);
        // The per-token lists are sized once and written in place (three Adds per token cost more than the writes).
        CollectionsMarshal.SetCount(WordFeatures, tokens.Length);
        CollectionsMarshal.SetCount(WordScores, tokens.Length);
        CollectionsMarshal.SetCount(TopicScores, tokens.Length);
        var wordFeatures = CollectionsMarshal.AsSpan(WordFeatures);
        var wordScores = CollectionsMarshal.AsSpan(WordScores);
        var topicScores = CollectionsMarshal.AsSpan(TopicScores);
        for (var i = 0; i < tokens.Length; i++)
        {
            ref var token = ref tokens[i];
            var raw = text.AsSpan(token.Start, token.End - token.Start);
            if (!_words.TryGetValue(raw, out var info))
            {
                info = Describe(raw, token.Script, lexicon, model, topics);
                if (_words.Count >= CacheLimit)
                {
                    _words.Clear();
                }

                _words.Add(raw, info);
            }

            token.TermId = info.Term;
            token.ActorTermId = info.ActorTerm;
            token.Hash = info.Hash;
            token.NormLength = info.NormLength;
            token.Word = info.Flags;
            wordFeatures[i] = info.Features;
            wordScores[i] = info.Scores;
            topicScores[i] = info.TopicScores;
            Terms[i] = token.Dateline ? -1 : info.Term;
            ActorTerms[i] = token.Dateline ? -1 : info.ActorTerm;
            ResetBefore[i] = i > 0 && tokens[i - 1].Clause != token.Clause;
            var flags = (info.Flags & WordFlags.ObjectPreposition) != 0 ? TokenFlags.ObjectPreposition : TokenFlags.None;
            if (i > 0 && (tokens[i - 1].Word & WordFlags.Qad) != 0 && (info.Flags & WordFlags.PresentPrefix) != 0)
            {
                flags |= TokenFlags.Hypothetical;
            }

            Flags[i] = flags;
        }
    }

    /// <summary>
    /// The normalised words of a lexicon or gazetteer form, with their scripts (used when compiling). No dateline is
    /// looked for in a form: the words are the same, and the lexicon's forms had the dateline patterns built (about a
    /// tenth of a second of start-up) before any text was scored.
    /// </summary>
    public static List<(string Norm, Script Script)> NormalizedWords(string text)
    {
        var tokens = new List<Token>();
        var counts = default(ScriptCounts);
        Tokenizer.Tokenize(text, tokens, ref counts, findDatelines: false);
        var buffer = new char[256];
        return [.. tokens.Select(t =>
        {
            var length = TextNormalizer.Normalize(text.AsSpan(t.Start, Math.Min(t.End - t.Start, buffer.Length)), t.Script, buffer);
            return (new string(buffer, 0, length), t.Script);
        })];
    }

    /// <summary>The term id of an actor name's word when compiling the gazetteer: its normalised form.</summary>
    public static int AddName(ReadOnlySpan<char> norm, TermDictionary names) => names.GetOrAdd(norm);

    /// <summary>The term id of a phrase word the lexicon wants matched as written, not stemmed.</summary>
    public static int AddExactTerm(ReadOnlySpan<char> norm, TermDictionary terms) =>
        terms.GetOrAdd(string.Concat(ExactMarkText, norm));

    /// <summary>The term id of a phrase word when compiling the lexicon: stems it and adds the stem.</summary>
    public int AddTerm(ReadOnlySpan<char> norm, Script script, TermDictionary terms)
    {
        norm.CopyTo(_word);
        var length = _stemmer.Stem(_word, norm.Length, script);
        return terms.GetOrAdd(_word.AsSpan(0, length));
    }

    /// <summary>What the pipeline makes of one word as written: everything except its position.</summary>
    private WordInfo Describe(ReadOnlySpan<char> raw, Script script, CompiledLexicon lexicon, Model.LinearModel? model, Model.LinearModel? topics)
    {
        var length = TextNormalizer.Normalize(raw[..Math.Min(raw.Length, _norm.Length)], script, _norm);
        var norm = _norm.AsSpan(0, length);
        var flags = WordFlags.None;
        if (ObjectPrepositionLookup.Contains(norm))
        {
            flags |= WordFlags.ObjectPreposition;
        }

        if (norm is "قد")
        {
            flags |= WordFlags.Qad;
        }

        if (norm.Length >= 3 && norm[0] is 'ي' or 'ت' or 'ن')
        {
            flags |= WordFlags.PresentPrefix;
        }

        flags |= LanguageDetector.FunctionWord(norm);
        var actorTerm = LookupName(norm, script, lexicon.ActorTerms, out var objectClitic, out var conjoined);
        if (objectClitic)
        {
            flags |= WordFlags.ObjectClitic;
        }

        if (conjoined)
        {
            flags |= WordFlags.Conjoined;
        }

        var term = LookupStem(norm, script, lexicon.Terms);
        var hash = Hashing.Fnv1a(norm);
        var features = Model.SentenceFeatures.OfWord(norm, hash);
        return new WordInfo(term, actorTerm, hash, length, flags, features, model?.WordScores(features) ?? [], topics?.WordScores(features) ?? []);
    }

    private int LookupStem(ReadOnlySpan<char> norm, Script script, TermDictionary terms)
    {
        if (norm.Length == 0 || norm.Length >= _word.Length)
        {
            return -1;
        }

        // Words the lexicon wants as written (negations, conditionals) come first: "ولا" is "and not",
        // while the stem of "الولايات" is also "ولا".
        _word[0] = ExactMark;
        norm.CopyTo(_word.AsSpan(1));
        var exact = terms.Find(_word.AsSpan(0, norm.Length + 1));
        if (exact >= 0)
        {
            return exact;
        }

        norm.CopyTo(_word);
        var id = terms.Find(_word.AsSpan(0, _stemmer.Stem(_word, norm.Length, script)));
        if (id >= 0 || script != Script.Arabic)
        {
            return id;
        }

        // Proclitics Lucene's light stemmer leaves on (ب ل ف ك س, and و before them): strip up to two and retry.
        var rest = norm;
        for (var round = 0; round < 2 && rest.Length >= 4 && IsProclitic(rest[0]); round++)
        {
            rest = rest[1..];
            id = FindStem(rest, terms);
            if (id >= 0)
            {
                return id;
            }
        }

        // Verb endings and prefixes the light stemmer does not know: past plural -وا ("اغتالوا" → "اغتال"),
        // present tense ي ت ن ("يقصف" → "قصف").
        if (rest.Length >= 5 && rest.EndsWith("وا"))
        {
            id = FindStem(rest[..^2], terms);
            if (id >= 0)
            {
                return id;
            }
        }

        if (rest.Length >= 4 && rest[0] is 'ي' or 'ت' or 'ن')
        {
            var stem = rest[1..];
            id = FindStem(stem.EndsWith("ون") && stem.Length >= 5 ? stem[..^2] : stem, terms);
        }

        return id;
    }

    private int FindStem(ReadOnlySpan<char> word, TermDictionary terms)
    {
        word.CopyTo(_word);
        return terms.Find(_word.AsSpan(0, _stemmer.Stem(_word, word.Length, Script.Arabic)));
    }

    /// <summary>
    /// Finds a name as written, or after stripping up to two Arabic proclitics ("وإيران", "لإيران", "للعراق" → "العراق").
    /// A stripped ل or ب marks the name as the object of the sentence's action.
    /// </summary>
    private int LookupName(ReadOnlySpan<char> norm, Script script, TermDictionary names, out bool objectClitic, out bool conjoined)
    {
        objectClitic = false;
        conjoined = false;
        var id = names.Find(norm);
        if (id >= 0 || script != Script.Arabic || norm.Length > _word.Length)
        {
            return id;
        }

        norm.CopyTo(_word);
        var length = norm.Length;
        for (var round = 0; round < 2 && length >= 4 && IsProclitic(_word[0]); round++)
        {
            objectClitic = _word[0] is 'ل' or 'ب';
            conjoined |= round == 0 && _word[0] == 'و';
            if (_word[0] == 'ل' && _word[1] == 'ل')
            {
                _word[0] = 'ا'; // لل = ل + ال: "للعراق" → "العراق"
            }
            else
            {
                Array.Copy(_word, 1, _word, 0, --length);
            }

            id = names.Find(_word.AsSpan(0, length));
            if (id >= 0)
            {
                return id;
            }
        }

        objectClitic = false;
        conjoined = false;
        return -1;
    }

    private static bool IsProclitic(char c) => c is 'و' or 'ف' or 'ب' or 'ل' or 'ك' or 'س';

    private void EnsureTokenCapacity(int count)
    {
        if (Terms.Length < count)
        {
            var size = Math.Max(count, Terms.Length * 2);
            Terms = new int[size];
            ActorTerms = new int[size];
            ResetBefore = new bool[size];
            Flags = new TokenFlags[size];
            GapTerms = new int[size];
            GapResets = new bool[size];
            GapMap = new int[size];
        }
    }

    /// <summary>The terms with the tokens of named actors left out, for matching phrases across a subject (Arabic verb–subject–object).</summary>
    public int[] GapTerms { get; private set; } = new int[1024];

    /// <summary>Where each gapped term's token is in <see cref="Terms"/>.</summary>
    public int[] GapMap { get; private set; } = new int[1024];

    public bool[] GapResets { get; private set; } = new bool[1024];

    /// <summary>Hits found on the gapped terms, before they are mapped back.</summary>
    public List<PhraseHit> GapHits { get; } = [];

    private readonly record struct WordInfo(int Term, int ActorTerm, ulong Hash, int NormLength, WordFlags Flags, int[] Features, float[] Scores,
        float[] TopicScores);
}
