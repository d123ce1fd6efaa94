namespace EscalationRisk.Testing;

/// <summary>The repository root: the folder holding EscalationRisk.slnx above a test's output folder.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "EscalationRisk.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EscalationRisk.slnx not found above " + AppContext.BaseDirectory);
    }
}
