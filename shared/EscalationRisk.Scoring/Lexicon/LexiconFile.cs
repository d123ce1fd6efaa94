using System.Globalization;
using EscalationRisk.Contracts;

namespace EscalationRisk.Scoring.Lexicon;

/// <summary>The lexicon data file, parsed and checked. Errors name the line and what is wrong with it.</summary>
internal sealed class LexiconFile
{
    /// <summary>Topic bits reserved for facts the scorer derives rather than reads: a named actor, two of them.</summary>
    public const int ActorTopic = 0;
    public const int DyadTopic = 1;

    private LexiconFile(string version, IReadOnlyList<LexiconEntry> entries, IReadOnlyList<string> topics)
    {
        Version = version;
        Entries = entries;
        Topics = topics;
        PlanTopicMask = TopicMask(topics, "plan") | TopicMask(topics, "military");
        PledgeTopicMask = TopicMask(topics, "pledge");
        FutureTopicMask = TopicMask(topics, "future");
        IntentTopicMask = TopicMask(topics, "intent") | TopicMask(topics, "plan");
        MoveTopicMask = TopicMask(topics, "move");
        ReportsOfTopicMask = TopicMask(topics, "reports_of");
        LiftTopicMask = TopicMask(topics, "lift");
        LiftableTopicMask = TopicMask(topics, "liftable");
        ForceTopicMask = TopicMask(topics, "force");
        NotSentTopicMask = TopicMask(topics, "peacekeeping") | TopicMask(topics, "accident") | TopicMask(topics, "moved_back");
        UnlessTopicMask = TopicMask(topics, "unless");
        LeaveTopicMask = TopicMask(topics, "leave");
        HaltTopicMask = TopicMask(topics, "halt");
        SubordinateTopicMask = TopicMask(topics, "subordinate");
        HeldObjectTopicMask = TopicMask(topics, "held_object");
        ActorWordTopicMask = TopicMask(topics, "actor_word");
        CoercionContextMask = TopicMask(topics, "crime") | TopicMask(topics, "domestic") | TopicMask(topics, "business");
        NotAllowTopicMask = TopicMask(topics, "not_allow");
        AnyTopicMask = TopicMask(topics, "any");
        var list = topics.ToList();
        DomainTopicMask = DomainTopics.Aggregate(0UL, (mask, name) => mask | TopicMask(topics, name));
        BackgroundTopicMask = TopicMask(topics, "background");
        ShowOfForceTopicMask = TopicMask(topics, "test_launch");
        AccidentTopicMask = TopicMask(topics, "accident");
        ConflictTopicMask = TopicMask(topics, "military") | TopicMask(topics, "casualty") | TopicMask(topics, "plan");
        Roles = new RoleTopics(list.IndexOf("between"), list.IndexOf("both_sides"), list.IndexOf("host"), list.IndexOf("mediated_by"), list.IndexOf("comment"), list.IndexOf("conjunction"));
    }

    /// <summary>The topics that show a third party's role and the parties it stands between (-1 where absent).</summary>
    public readonly record struct RoleTopics(int Between, int BothSides, int Host, int MediatedBy, int Comment, int Conjunction);

    /// <summary>The topics of reports about something other than conflict between states and armed groups.</summary>
    public static readonly string[] DomainTopics = ["sport", "business", "weather", "history", "fiction", "medical", "labour", "crime", "domestic"];

    /// <summary>The topics of <see cref="DomainTopics"/> as a mask.</summary>
    public ulong DomainTopicMask { get; }

    /// <summary>Words that place a sentence in the past of the story ("last year", "سبق أن"): background.</summary>
    public ulong BackgroundTopicMask { get; }

    /// <summary>Words of a weapons test or a show of force ("into the sea", "باتجاه البحر"): fire that hit nothing.</summary>
    public ulong ShowOfForceTopicMask { get; }

    /// <summary>Words of an accident, a crime or an industrial mishap ("crashed", "faulty wiring", "خلل فني").</summary>
    public ulong AccidentTopicMask { get; }

    /// <summary>Forces, weapons, casualties and plans: the words of a conflict story.</summary>
    public ulong ConflictTopicMask { get; }

    /// <summary>The bit indices of the role topics.</summary>
    public RoleTopics Roles { get; }

    public string Version { get; }
    public IReadOnlyList<LexiconEntry> Entries { get; }
    /// <summary>Topic names by bit index.</summary>
    public IReadOnlyList<string> Topics { get; }

    /// <summary>The topics (plans, forces) that make a deferral on its own a restraint signal: "froze its plans".</summary>
    public ulong PlanTopicMask { get; }

    /// <summary>Negations of the future ("will not", "لن"): an act negated so is renounced, not denied.</summary>
    public ulong PledgeTopicMask { get; }

    /// <summary>Markers of the future ("will", "would", "سوف"): an act so marked, with a condition after it, is a threat.</summary>
    public ulong FutureTopicMask { get; }

    /// <summary>Intent, plans and readiness ("intended to", "نية"): a denial of one renounces, a denial without one denies a fact.</summary>
    public ulong IntentTopicMask { get; }

    /// <summary>Verbs that lift a measure with words between (Arabic word order: "رفعت السلطات ... حظر التجول").</summary>
    public ulong LiftTopicMask { get; }

    /// <summary>Measures that can be lifted: curfews, bans, sanctions, sieges, states of emergency.</summary>
    public ulong LiftableTopicMask { get; }

    /// <summary>Reports, claims and accusations of something ("reports of", "التقارير عن"): what a denial in the sentence rejects.</summary>
    public ulong ReportsOfTopicMask { get; }

    /// <summary>Verbs that send or bring something somewhere ("sent", "moved", "flew", "أرسلت", "بنشر").</summary>
    public ulong MoveTopicMask { get; }

    /// <summary>Forces and weapons that can be sent ("troops", "tanks", "regiments", "عنصر", "مدمرتان").</summary>
    public ulong ForceTopicMask { get; }

    /// <summary>What makes forces sent no mobilisation: peacekeeping, an accident, forces brought back or home.</summary>
    public ulong NotSentTopicMask { get; }

    /// <summary>Conditions in the negative ("unless", "ما لم"): what follows them is only the condition.</summary>
    public ulong UnlessTopicMask { get; }

    /// <summary>Soldiers' and officers' leave: cancelled or suspended, it is a mobilisation.</summary>
    public ulong LeaveTopicMask { get; }

    /// <summary>
    /// Words that open a concessive, contrasting or earlier clause ("despite", "even as", "after", "رغم", "بينما",
    /// "بعدما"): what stands there is not the sentence's main news.
    /// </summary>
    public ulong SubordinateTopicMask { get; }

    /// <summary>Words that stop or freeze something ("froze", "suspended", "called off", "جمّدت", "علّقت").</summary>
    public ulong HaltTopicMask { get; }

    /// <summary>
    /// What a state holds back from another by freezing or suspending it: assets, accounts, visas, the internet, a
    /// visit ("الأصول", "التأشيرات"). Frozen or suspended, it is coercion, not a deferral.
    /// </summary>
    public ulong HeldObjectTopicMask { get; }

    /// <summary>Words naming an unnamed party ("the two sides", "the authorities", "الطرفان"): they satisfy an entry's actor requirement.</summary>
    public ulong ActorWordTopicMask { get; }

    /// <summary>Domains that often come with coercion (courts, elections, firms): they do not make a freeze another sense.</summary>
    public ulong CoercionContextMask { get; }

    /// <summary>"Will not allow", "لن نسمح": a warning, not a renunciation.</summary>
    public ulong NotAllowTopicMask { get; }

    /// <summary>"Any", "no", "أي": a ruling-out that starts so ("any intention of", "أي نية") lives under a negation.</summary>
    public ulong AnyTopicMask { get; }

    private static ulong TopicMask(IReadOnlyList<string> topics, string name)
    {
        var index = topics.ToList().IndexOf(name);
        return index < 0 ? 0 : 1UL << index;
    }

    public static LexiconFile Parse(TextReader reader)
    {
        var topics = new List<string> { "actor", "dyad" };
        var (version, rows) = DataFile.Read(reader, "lexicon", 4, 6);
        foreach (var (_, cells) in rows)
        {
            if (cells[1].StartsWith("topic:", StringComparison.Ordinal) && !topics.Contains(cells[1][6..]))
            {
                topics.Add(cells[1][6..]);
            }
        }

        if (topics.Count > 64)
        {
            throw new FormatException("lexicon: at most 64 topics are supported");
        }

        var entries = rows.Select(r => ParseRow(r.Line, r.Cells, topics)).ToList();
        return new LexiconFile(version, entries, topics);
    }

    private static LexiconEntry ParseRow(int line, string[] cells, List<string> topics)
    {
        var language = cells[0];
        if (language is not ("ar" or "en"))
        {
            throw new FormatException($"lexicon line {line}: language must be 'ar' or 'en', not '{language}'");
        }

        var kindText = cells[1];
        var kind = EntryKind.Signal;
        var category = default(SignalCategory);
        var cue = default(CueKind);
        var topic = -1;
        if (kindText.StartsWith("cue:", StringComparison.Ordinal))
        {
            kind = EntryKind.Cue;
            cue = kindText[4..] switch
            {
                "negation" => CueKind.Negation,
                "ruling_out" => CueKind.RulingOut,
                "deferral" => CueKind.Deferral,
                "undecided" => CueKind.Undecided,
                "conditional" => CueKind.Conditional,
                "option" => CueKind.Option,
                "denial" => CueKind.Denial,
                _ => throw new FormatException($"lexicon line {line}: unknown cue '{kindText}'"),
            };
        }
        else if (kindText.StartsWith("topic:", StringComparison.Ordinal))
        {
            kind = EntryKind.Topic;
            topic = topics.IndexOf(kindText[6..]);
        }
        else if (kindText == "sense:other")
        {
            kind = EntryKind.OtherSense;
        }
        else
        {
            category = ParseCategory(kindText) ?? throw new FormatException($"lexicon line {line}: unknown kind '{kindText}'");
        }

        if (!double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || weight is < 0 or > 1)
        {
            throw new FormatException($"lexicon line {line}: weight must be a number from 0 to 1, not '{cells[2]}'");
        }

        if (kind == EntryKind.Signal && weight <= 0)
        {
            throw new FormatException($"lexicon line {line}: a signal entry needs a weight above 0");
        }

        var forms = cells[3].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (forms.Length == 0)
        {
            throw new FormatException($"lexicon line {line}: no forms");
        }

        var requires = cells.Length > 4 ? ParseTopics(line, cells[4], topics) : 0;
        var excludes = cells.Length > 5 ? ParseTopics(line, cells[5], topics) : 0;
        return new LexiconEntry(line, language, kind, category, cue, topic, weight, forms, requires, excludes);
    }

    private static ulong ParseTopics(int line, string cell, List<string> topics)
    {
        ulong mask = 0;
        foreach (var name in cell.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var index = topics.IndexOf(name);
            if (index < 0)
            {
                throw new FormatException($"lexicon line {line}: unknown topic '{name}' (define it with a topic:{name} row)");
            }

            mask |= 1UL << index;
        }

        return mask;
    }

    public static SignalCategory? ParseCategory(string text) => WireNames.TryParse<SignalCategory>(text, out var category) ? category : null;
}
