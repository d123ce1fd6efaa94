namespace EscalationRisk.Scoring.Matching;

/// <summary>Stems used by any lexicon or gazetteer phrase, each with a dense id. Read-only after compilation.</summary>
internal sealed class TermDictionary
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public TermDictionary() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _ids.Count;

    public int GetOrAdd(ReadOnlySpan<char> stem)
    {
        if (_lookup.TryGetValue(stem, out var id))
        {
            return id;
        }

        id = _ids.Count;
        _lookup[stem] = id;
        return id;
    }

    /// <summary>The id of <paramref name="stem"/>, or -1 when no phrase uses it.</summary>
    public int Find(ReadOnlySpan<char> stem) => _lookup.TryGetValue(stem, out var id) ? id : -1;
}
