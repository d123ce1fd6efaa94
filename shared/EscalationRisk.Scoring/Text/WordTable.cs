using System.Numerics;
using System.Runtime.CompilerServices;

namespace EscalationRisk.Scoring.Text;

/// <summary>
/// A hash table from a word as written (looked up as a span of the body, stored as a string) to a value: the
/// workspace's cache of what the pipeline makes of each distinct word, consulted once per token. Open addressing
/// with linear probing over a power-of-two table at most half full, and a hash of two operations a character: the
/// general dictionary spent more on its comparer's interface calls and its hash than on the rest of the token's work.
/// The hash is not secret, so a hostile text could make many words collide: a word is only ever looked for, and kept,
/// within <see cref="MaxProbes"/> slots of where its hash starts, so a lookup costs at most that many comparisons
/// and a word that finds no room is simply not cached (the caller describes it again when it recurs). Not thread-safe
/// (one per workspace, so one per thread).
/// </summary>
internal sealed class WordTable<TValue>
{
    private const int MaxProbes = 32;

    // The words in the order added, and a slot table over them (each slot: a word's index plus one, or 0 when free),
    // so that a table at most half full costs four bytes a free slot, not a whole entry.
    private int[] _slots = new int[1024];
    private string[] _keys = new string[512];
    private int[] _hashes = new int[512];
    private TValue[] _values = new TValue[512];

    /// <summary>How many words the table holds.</summary>
    public int Count { get; private set; }

    /// <summary>The value of <paramref name="word"/>, if the table holds it.</summary>
    public bool TryGetValue(ReadOnlySpan<char> word, out TValue value)
    {
        // Asked once per token: the arrays are read into locals once, and the hash is inlined.
        var hash = Hash(word);
        var slots = _slots;
        var hashes = _hashes;
        var mask = slots.Length - 1;
        var slot = Slot(hash, mask);
        for (var probe = 0; probe < MaxProbes && slots[slot] - 1 is var i and >= 0; probe++, slot = (slot + 1) & mask)
        {
            if (hashes[i] == hash && word.SequenceEqual(_keys[i]))
            {
                value = _values[i];
                return true;
            }
        }

        value = default!;
        return false;
    }

    /// <summary>Adds <paramref name="word"/>, which the table must not hold yet, unless its probe run is full.</summary>
    public void Add(ReadOnlySpan<char> word, TValue value)
    {
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, Count * 2);
            Array.Resize(ref _hashes, Count * 2);
            Array.Resize(ref _values, Count * 2);
            _slots = new int[_slots.Length * 2];
            for (var i = 0; i < Count; i++)
            {
                Place(i); // a word that finds no room in the larger table is no longer found: it was only a cache
            }
        }

        _hashes[Count] = Hash(word);
        if (Place(Count))
        {
            (_keys[Count], _values[Count]) = (word.ToString(), value);
            Count++;
        }
    }

    /// <summary>Forgets every word.</summary>
    public void Clear()
    {
        Array.Clear(_slots);
        Array.Clear(_keys, 0, Count);
        Array.Clear(_values, 0, Count);
        Count = 0;
    }

    private bool Place(int index)
    {
        var mask = _slots.Length - 1;
        var slot = Slot(_hashes[index], mask);
        for (var probe = 0; probe < MaxProbes; probe++, slot = (slot + 1) & mask)
        {
            if (_slots[slot] == 0)
            {
                _slots[slot] = index + 1;
                return true;
            }
        }

        return false;
    }

    /// <summary>The slot a hash starts from: its top bits after a multiplicative mix, which spreads similar words apart.</summary>
    private static int Slot(int hash, int mask) => (int)(((uint)hash * 0x9E3779B1u) >> (32 - BitOperations.PopCount((uint)mask))) & mask;

    /// <summary>A cheap hash of the characters: a rotate and an exclusive-or each, mixed once more by <see cref="Slot"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<char> word)
    {
        var hash = (uint)word.Length;
        foreach (var c in word)
        {
            hash = BitOperations.RotateLeft(hash, 7) ^ c;
        }

        return (int)hash;
    }
}
