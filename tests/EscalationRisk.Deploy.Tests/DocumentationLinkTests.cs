using System.Text;
using System.Text.RegularExpressions;
using EscalationRisk.Testing;

namespace EscalationRisk.Deploy.Tests;

/// <summary>
/// The README is a short front door and every relative link or image in it and in docs/ points at something in the
/// repository (and, for a link to a Markdown file with a #fragment, at one of that file's headings).
/// </summary>
public sealed partial class DocumentationLinkTests : IDisposable
{
    private const int MaxReadmeLines = 220;
    private const int FirstScreenLines = 40;

    private readonly string _folder = Directory.CreateTempSubdirectory("er-docs-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_relative_link_and_image_in_the_readme_and_docs_resolves()
    {
        var files = DocumentationFiles(RepoRoot.Path);
        Assert.Contains(files, f => Path.GetFileName(f) == "README.md");
        Assert.True(files.Count > 1, "docs/*.md holds no file");
        Assert.Empty(Problems(files));
    }

    [Fact]
    public void The_readme_is_a_short_front_door_with_the_two_commands_on_its_first_screen()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoRoot.Path, "README.md"));
        Assert.True(lines.Length <= MaxReadmeLines, $"README.md has {lines.Length} lines, over {MaxReadmeLines}: move detail into docs/");
        var firstScreen = string.Join('\n', lines.Take(FirstScreenLines));
        Assert.Contains("scripts/test.sh", firstScreen, StringComparison.Ordinal);
        Assert.Contains("dotnet run", firstScreen, StringComparison.Ordinal);
    }

    [Fact]
    public void The_check_reports_a_broken_link_a_broken_image_and_a_missing_heading()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "docs"));
        File.WriteAllText(Path.Combine(_folder, "README.md"), """
            # Front door

            See [the guide](docs/guide.md#getting-started), [absent](docs/absent.md) and [a folder](docs/).
            ![screenshot](docs/images/missing.png) [web](https://example.org/x.md) [mail](mailto:a@example.org) [here](#front-door)
            `[in code](not-checked.md)`

            ```
            [in a fenced block](not-checked-either.md)
            ```
            """);
        File.WriteAllText(Path.Combine(_folder, "docs", "guide.md"), """
            # Guide

            ## Getting started

            Back to the [README](../README.md#front-door); on to [nowhere](../README.md#no-such-heading).
            """);

        var problems = Problems(DocumentationFiles(_folder));

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("docs/absent.md", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("docs/images/missing.png", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("#no-such-heading", StringComparison.Ordinal));
    }

    /// <summary>README.md and every docs/*.md under <paramref name="root"/>.</summary>
    private static List<string> DocumentationFiles(string root)
    {
        var files = new List<string> { Path.Combine(root, "README.md") };
        var docs = Path.Combine(root, "docs");
        if (Directory.Exists(docs))
        {
            files.AddRange(Directory.GetFiles(docs, "*.md").Order(StringComparer.Ordinal));
        }

        return files;
    }

    /// <summary>One line per link whose target is missing: file, line, target.</summary>
    private static List<string> Problems(IEnumerable<string> files)
    {
        var problems = new List<string>();
        foreach (var file in files)
        {
            var folder = Path.GetDirectoryName(file)!;
            var lines = ProseLines(File.ReadAllLines(file));
            for (var i = 0; i < lines.Count; i++)
            {
                foreach (Match link in MarkdownLink().Matches(lines[i]))
                {
                    var target = link.Groups["target"].Value;
                    if (IsExternal(target) || target.StartsWith('#'))
                    {
                        continue;
                    }

                    var hash = target.IndexOf('#', StringComparison.Ordinal);
                    var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
                    var fragment = hash < 0 ? null : target[(hash + 1)..];
                    var resolved = Path.GetFullPath(Path.Combine(folder, path));
                    var where = $"{Path.GetFileName(file)}:{i + 1}: ({target})";
                    if (!File.Exists(resolved) && !Directory.Exists(resolved))
                    {
                        problems.Add($"{where} points at {path}, which does not exist");
                    }
                    else if (!string.IsNullOrEmpty(fragment) && File.Exists(resolved)
                        && resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !Anchors(resolved).Contains(fragment))
                    {
                        problems.Add($"{where}: {path} has no heading #{fragment}");
                    }
                }
            }
        }

        return problems;
    }

    private static bool IsExternal(string target) =>
        target.StartsWith("http:", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The lines with fenced code blocks blanked and inline code spans removed (links there are not links).</summary>
    private static List<string> ProseLines(string[] lines)
    {
        var prose = new List<string>(lines.Length);
        var fenced = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                prose.Add(string.Empty);
                continue;
            }

            prose.Add(fenced ? string.Empty : CodeSpan().Replace(line, string.Empty));
        }

        return prose;
    }

    /// <summary>The anchors GitHub makes for a Markdown file's headings.</summary>
    private static HashSet<string> Anchors(string file)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var fenced = false;
        foreach (var line in File.ReadAllLines(file))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            var heading = fenced ? null : Heading().Match(line);
            if (heading is not { Success: true })
            {
                continue;
            }

            var slug = Slug(heading.Groups["text"].Value);
            var anchor = slug;
            for (var n = 1; !anchors.Add(anchor); n++)
            {
                anchor = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    /// <summary>GitHub's heading slug: lower case; letters, digits, '-' and '_' kept; spaces become '-'; the rest dropped.</summary>
    private static string Slug(string heading)
    {
        var slug = new StringBuilder(heading.Length);
        foreach (var c in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();
}
