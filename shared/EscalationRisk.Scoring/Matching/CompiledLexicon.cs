using EscalationRisk.Scoring.Lexicon;
using EscalationRisk.Scoring.Text;

namespace EscalationRisk.Scoring.Matching;

/// <summary>
/// The lexicon and gazetteer compiled once at start-up: every form analysed by the same pipeline as article text,
/// its stems given term ids, and all phrases put into one automaton.
/// </summary>
internal sealed class CompiledLexicon
{
    private CompiledLexicon(LexiconFile lexicon, GazetteerFile gazetteer, TermDictionary terms, PhraseMatcher matcher,
        TermDictionary actorTerms, PhraseMatcher actorMatcher, PhraseTarget[][] targets, ActorInfo[] actors)
    {
        Lexicon = lexicon;
        Gazetteer = gazetteer;
        Terms = terms;
        Matcher = matcher;
        ActorTerms = actorTerms;
        ActorMatcher = actorMatcher;
        Targets = targets;
        Actors = actors;
    }

    public LexiconFile Lexicon { get; }
    public GazetteerFile Gazetteer { get; }
    /// <summary>Stems of lexicon phrases.</summary>
    public TermDictionary Terms { get; }
    public PhraseMatcher Matcher { get; }
    /// <summary>Normalised, unstemmed words of actor names.</summary>
    public TermDictionary ActorTerms { get; }
    /// <summary>Actor names; its phrase ids follow the lexicon's in <see cref="Targets"/>.</summary>
    public PhraseMatcher ActorMatcher { get; }
    /// <summary>For each phrase id, what it stands for (one phrase may serve several entries).</summary>
    public PhraseTarget[][] Targets { get; }
    public ActorInfo[] Actors { get; }
    public string Version => $"lexicon-{Lexicon.Version}/actors-{Gazetteer.Version}";

    /// <summary>Loads the data files shipped inside this assembly.</summary>
    public static CompiledLexicon LoadEmbedded()
    {
        using var lexicon = OpenResource("lexicon.tsv");
        using var actors = OpenResource("actors.tsv");
        return Compile(LexiconFile.Parse(lexicon), GazetteerFile.Parse(actors));
    }

    public static CompiledLexicon Compile(LexiconFile lexicon, GazetteerFile gazetteer)
    {
        ArgumentNullException.ThrowIfNull(lexicon);
        ArgumentNullException.ThrowIfNull(gazetteer);
        var terms = new TermDictionary();
        var actorTerms = new TermDictionary();
        var workspace = new Workspace();
        // Words some entry wants matched as written are matched so in every phrase: a token has one term id.
        var asWritten = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in lexicon.Entries.Where(e => e.MatchAsWritten))
        {
            foreach (var form in entry.Forms)
            {
                asWritten.UnionWith(Workspace.NormalizedWords(form).Select(w => w.Norm));
            }
        }

        var asWrittenLookup = asWritten.GetAlternateLookup<ReadOnlySpan<char>>();
        var lexiconPhrases = new PhraseSet();
        for (var e = 0; e < lexicon.Entries.Count; e++)
        {
            foreach (var form in lexicon.Entries[e].Forms)
            {
                var ids = Analyze(form, $"lexicon line {lexicon.Entries[e].Line}", (norm, script) =>
                    asWrittenLookup.Contains(norm) ? Workspace.AddExactTerm(norm, terms) : workspace.AddTerm(norm, script, terms));
                lexiconPhrases.Add(ids, new PhraseTarget(false, e));
            }
        }

        var actors = gazetteer.Actors.Values.OrderBy(a => a.Code, StringComparer.Ordinal).ToArray();
        var actorIndex = actors.Select((a, i) => (a.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        var actorPhrases = new PhraseSet();
        foreach (var form in gazetteer.Forms)
        {
            var ids = Analyze(form.Form, $"actors {form.Code}", (norm, _) => Workspace.AddName(norm, actorTerms));
            actorPhrases.Add(ids, new PhraseTarget(true, actorIndex[form.Code], form.Role == "place"));
        }

        var matcher = PhraseMatcher.Build(lexiconPhrases.Phrases, terms.Count);
        var actorMatcher = PhraseMatcher.Build(actorPhrases.Phrases, actorTerms.Count);
        PhraseTarget[][] targets = [.. lexiconPhrases.Targets.Concat(actorPhrases.Targets).Select(t => t.ToArray())];
        return new CompiledLexicon(lexicon, gazetteer, terms, matcher, actorTerms, actorMatcher, targets, actors);
    }

    private static int[] Analyze(string form, string where, Func<string, Text.Script, int> termOf)
    {
        var words = Workspace.NormalizedWords(form);
        if (words.Count == 0 || words.Any(w => w.Norm.Length == 0))
        {
            throw new FormatException($"{where}: form '{form}' has no words, or a word that normalises to nothing");
        }

        return [.. words.Select(w => termOf(w.Norm, w.Script))];
    }

    /// <summary>Distinct phrases (as term-id sequences), each with everything it stands for.</summary>
    private sealed class PhraseSet
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

        public List<int[]> Phrases { get; } = [];
        public List<List<PhraseTarget>> Targets { get; } = [];

        public void Add(int[] ids, PhraseTarget target)
        {
            var key = string.Join(',', ids);
            if (!_ids.TryGetValue(key, out var phrase))
            {
                phrase = Phrases.Count;
                _ids[key] = phrase;
                Phrases.Add(ids);
                Targets.Add([]);
            }

            if (!Targets[phrase].Contains(target))
            {
                Targets[phrase].Add(target);
            }
        }
    }

    private static StreamReader OpenResource(string name)
    {
        var assembly = typeof(CompiledLexicon).Assembly;
        var stream = assembly.GetManifestResourceStream($"EscalationRisk.Scoring.Data.{name}")
            ?? throw new InvalidOperationException($"Embedded data file {name} is missing from {assembly.GetName().Name}.");
        return new StreamReader(stream, System.Text.Encoding.UTF8);
    }
}
