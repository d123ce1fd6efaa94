namespace EscalationRisk.Contracts.Tests;

internal static class RepoPaths
{
    /// <summary>The repository root.</summary>
    public static string Root => EscalationRisk.Testing.RepoRoot.Path;

    public static string SchemaFolder => Path.Combine(Root, "shared", "EscalationRisk.Contracts", "Schemas");
}
