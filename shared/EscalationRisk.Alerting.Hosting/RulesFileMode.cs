namespace EscalationRisk.AlertWorker;

/// <summary>When a configured rule file replaces the saved rules.</summary>
public enum RulesFileMode
{
    /// <summary>At every start.</summary>
    Always,

    /// <summary>Only when the store is new.</summary>
    WhenEmpty,
}
