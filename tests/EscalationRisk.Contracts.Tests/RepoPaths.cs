namespace EscalationRisk.Contracts.Tests;

internal static class RepoPaths
{
    /// <summary>The repository root: the folder holding EscalationRisk.slnx above the test's output folder.</summary>
    public static string Root { get; } = Find();

    public static string SchemaFolder => Path.Combine(Root, "shared", "EscalationRisk.Contracts", "Schemas");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EscalationRisk.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EscalationRisk.slnx not found above " + AppContext.BaseDirectory);
    }
}
