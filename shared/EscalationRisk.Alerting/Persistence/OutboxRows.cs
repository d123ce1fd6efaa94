using System.Data.Common;
using System.Text.Json;
using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>The outbox's row format, one for every store: a sequence number and the alert as contract JSON.</summary>
internal static class OutboxRows
{
    /// <summary>The stored text of an alert.</summary>
    public static string ToJson(EscalationAlert alert) => ContractText.Of(alert);

    /// <summary>
    /// Reads rows of (sequence number, alert JSON) in the order the query gives them; an alert <paramref name="known"/>
    /// gives for its number is not read from its JSON.
    /// </summary>
    public static IReadOnlyList<(long Seq, EscalationAlert Alert)> Read(DbDataReader reader, Func<long, EscalationAlert?>? known = null)
    {
        var list = new List<(long, EscalationAlert)>();
        while (reader.Read())
        {
            var seq = reader.GetInt64(0);
            list.Add((seq, known?.Invoke(seq) ?? JsonSerializer.Deserialize<EscalationAlert>(reader.GetString(1), ContractJson.Options)!));
        }

        return list;
    }
}
