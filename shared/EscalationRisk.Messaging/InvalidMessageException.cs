namespace EscalationRisk.Messaging;

/// <summary>
/// A message that can never be processed, whatever the number of attempts: it goes to the error queue at once, with
/// <see cref="Exception.Message"/> as the reason an operator reads.
/// </summary>
public sealed class InvalidMessageException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public InvalidMessageException(string reason)
        : base(reason)
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvalidMessageException()
    {
    }

    /// <summary>Creates the exception with the reason and its cause.</summary>
    public InvalidMessageException(string reason, Exception innerException)
        : base(reason, innerException)
    {
    }
}
