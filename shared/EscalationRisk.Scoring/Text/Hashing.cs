using System.Runtime.CompilerServices;

namespace EscalationRisk.Scoring.Text;

/// <summary>The two non-cryptographic hashes the scorer uses: stable across runs and machines (unlike string.GetHashCode).</summary>
internal static class Hashing
{
    /// <summary>64-bit FNV-1a over UTF-16 code units.</summary>
    public static ulong Fnv1a(ReadOnlySpan<char> text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>SplitMix64's finaliser: a cheap bijective mix with good avalanche. Inlined: the story fingerprint mixes
    /// four times a token, and the JIT had left it a call (2% of the scorer's time).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
