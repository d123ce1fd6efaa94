namespace EscalationRisk.Testing;

/// <summary>The repository root: the folder holding EscalationRisk.slnx above a test's output folder.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    /// <summary>The build configuration of this test's output (bin/&lt;configuration&gt;/net10.0), to find the services built alike.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The path of a test artifact in the repository's <c>artifacts/</c> folder (created; not in git).</summary>
    public static string Artifact(string name)
    {
        var folder = System.IO.Path.Combine(Path, "artifacts");
        Directory.CreateDirectory(folder);
        return System.IO.Path.Combine(folder, name);
    }

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
