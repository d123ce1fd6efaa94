namespace EscalationRisk.Api.Security;

/// <summary>Endpoint metadata: the largest body this endpoint reads, in bytes, and that the body must be JSON.</summary>
internal sealed class JsonBody(long maxBytes)
{
    public long MaxBytes { get; } = maxBytes;
}
