using EscalationRisk.Contracts;

namespace EscalationRisk.Messaging;

/// <summary>
/// The routing key of an alert on the <c>alerts</c> topic exchange: <c>alert.&lt;severity&gt;.&lt;scopeKind&gt;.&lt;scopeKey&gt;</c>,
/// e.g. <c>alert.critical.dyad.IRN-USA</c>, so a subscriber binds <c>alert.critical.#</c> or <c>alert.*.dyad.IRN-USA</c>.
/// A '.', '*' or '#' inside a scope key (an article id) becomes '_', so the key keeps exactly four words.
/// </summary>
public static class AlertRouting
{
    /// <summary>The routing key of an alert.</summary>
    public static string KeyFor(EscalationAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return $"alert.{Word(alert.Severity)}.{WireNames.Of(alert.Scope.Kind)}.{Word(alert.Scope.Key)}";
    }

    private static string Word(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is '.' or '*' or '#' ? '_' : source[i];
            }
        });
}
