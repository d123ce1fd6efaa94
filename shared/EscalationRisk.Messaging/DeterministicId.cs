using System.Security.Cryptography;
using System.Text;

namespace EscalationRisk.Messaging;

/// <summary>
/// Message ids derived from content, so a redelivered input yields an output with the same id and downstream
/// deduplication works. The id is a name-based UUID (RFC 9562 version 8 layout) of SHA-256 over the parts.
/// </summary>
public static class DeterministicId
{
    /// <summary>The id for the given parts, joined with a separator that cannot occur in them unescaped.</summary>
    public static Guid For(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var text = string.Join('\u001f', parts);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80); // version 8: custom, name-based
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(bytes, bigEndian: true);
    }
}
