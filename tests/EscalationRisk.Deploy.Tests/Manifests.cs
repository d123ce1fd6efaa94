using System.Diagnostics;
using System.Text.Json.Nodes;
using EscalationRisk.Testing;

namespace EscalationRisk.Deploy.Tests;

/// <summary>One overlay rendered by <c>kubectl kustomize</c> and checked by <c>tests/k8s-validate</c>.</summary>
internal sealed record Rendered(IReadOnlyList<JsonObject> Documents, IReadOnlyList<string> Errors)
{
    public IEnumerable<JsonObject> OfKind(string kind) => Documents.Where(d => (string?)d["kind"] == kind);

    public JsonObject Single(string kind, string name) => OfKind(kind).Single(d => (string?)d["metadata"]!["name"] == name);
}

internal static class Manifests
{
    /// <summary>Renders an overlay of a k8s folder (the repository's, or a changed copy) and validates it offline.</summary>
    public static Rendered Render(string overlay, string? k8sFolder = null)
    {
        var folder = Path.Combine(k8sFolder ?? Path.Combine(RepoRoot.Path, "k8s"), "overlays", overlay);
        var yaml = Run("kubectl", ["kustomize", folder], null);
        var validator = Path.Combine(RepoRoot.Path, "tests", "k8s-validate", "validate.mjs");
        var json = JsonNode.Parse(Run("node", [validator], yaml))!.AsObject();
        var documents = json["documents"]!.AsArray().Select(d => d!.AsObject()).ToList();
        var errors = json["errors"]!.AsArray().Select(e => $"{e!["document"]} {e["path"]}: {e["message"]}").ToList();
        return new Rendered(documents, errors);
    }

    /// <summary>A copy of the repository's k8s folder to change in a test.</summary>
    public static string Copy(string into)
    {
        var source = Path.Combine(RepoRoot.Path, "k8s");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(into, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return into;
    }

    private static string Run(string program, string[] args, string? input)
    {
        var start = new ProcessStartInfo(program, args)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {program}");
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), $"{program} did not finish");
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {process.ExitCode}: {error.Result}");
        return output.Result;
    }
}
