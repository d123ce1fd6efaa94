using System.Text.Json.Nodes;
using EscalationRisk.AlertWorker;
using EscalationRisk.Api;
using EscalationRisk.Messaging;
using MassTransit;
using Microsoft.Extensions.Configuration;

namespace EscalationRisk.Deploy.Tests;

/// <summary>What the rendered manifests must hold beyond their schemas; each check lists its problems.</summary>
internal static class ManifestChecks
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>The settings ConfigMap's data.</summary>
    public static Dictionary<string, string> Settings(Rendered rendered) =>
        rendered.OfKind("ConfigMap").Single(c => ((string)c["metadata"]!["name"]!).StartsWith("escalationrisk-settings", StringComparison.Ordinal))["data"]!
            .AsObject().ToDictionary(kv => kv.Key, kv => (string)kv.Value!);

    /// <summary>Probes on the real health endpoints, on the port the service listens on (ASPNETCORE_URLS).</summary>
    public static List<string> ProbeProblems(Rendered rendered)
    {
        var problems = new List<string>();
        var urls = Settings(rendered).GetValueOrDefault("ASPNETCORE_URLS") ?? "";
        var listening = int.TryParse(urls.Split(':').Last().TrimEnd('/'), out var p) ? p : -1;
        foreach (var (deployment, container) in Containers(rendered))
        {
            var where = $"{deployment}/{container["name"]}";
            var ports = container["ports"]?.AsArray().Select(x => x!.AsObject()).ToList() ?? [];
            var http = ports.FirstOrDefault(x => (string?)x["name"] == "http");
            if (http is null || (int)http["containerPort"]! != listening)
            {
                problems.Add($"{where}: the port named http must be {listening}, where ASPNETCORE_URLS ({urls}) makes the service listen");
            }

            foreach (var (probe, path) in new[] { ("startupProbe", LivePath), ("livenessProbe", LivePath), ("readinessProbe", ReadyPath) })
            {
                var get = container[probe]?["httpGet"];
                if (get is null)
                {
                    problems.Add($"{where}: no {probe}");
                    continue;
                }

                if ((string?)get["path"] != path)
                {
                    problems.Add($"{where}: {probe} on {get["path"]}, not {path}");
                }

                var port = get["port"]!.ToString();
                if (port != "http" && port != listening.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    problems.Add($"{where}: {probe} on port {port}, not http");
                }
            }
        }

        return problems;
    }

    /// <summary>Non-root, read-only root file system, no capabilities or escalation, requests and limits, grace period.</summary>
    public static List<string> HardeningProblems(Rendered rendered)
    {
        var problems = new List<string>();
        var stop = TimeSpan.Parse(Settings(rendered).GetValueOrDefault("Messaging__ShutdownTimeout") ?? "00:00:30", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var deployment in rendered.OfKind("Deployment"))
        {
            var name = (string)deployment["metadata"]!["name"]!;
            var pod = deployment["spec"]!["template"]!["spec"]!;
            if ((bool?)pod["securityContext"]?["runAsNonRoot"] != true)
            {
                problems.Add($"{name}: pod not runAsNonRoot");
            }

            if ((string?)pod["securityContext"]?["seccompProfile"]?["type"] != "RuntimeDefault")
            {
                problems.Add($"{name}: no RuntimeDefault seccomp profile");
            }

            // The host adds 5 s to the worker's stop timeout; the kubelet must wait longer than both.
            if ((int?)pod["terminationGracePeriodSeconds"] is not { } grace || grace <= stop.TotalSeconds + 5)
            {
                problems.Add($"{name}: terminationGracePeriodSeconds must exceed the stop timeout ({stop.TotalSeconds} s) + 5 s");
            }

            foreach (var container in pod["containers"]!.AsArray())
            {
                var security = container!["securityContext"];
                if ((bool?)security?["allowPrivilegeEscalation"] != false || (bool?)security?["readOnlyRootFilesystem"] != true
                    || (bool?)security?["privileged"] == true
                    || security?["capabilities"]?["drop"]?.AsArray().Any(c => (string?)c == "ALL") != true)
                {
                    problems.Add($"{name}: container security context must drop ALL capabilities, forbid escalation and mount the root read-only");
                }

                foreach (var kind in new[] { "requests", "limits" })
                {
                    var values = container["resources"]?[kind];
                    if (values?["cpu"] is null || values["memory"] is null)
                    {
                        problems.Add($"{name}: no cpu and memory {kind}");
                    }
                }

                foreach (var env in container["env"]?.AsArray() ?? [])
                {
                    var key = (string)env!["name"]!;
                    if ((key.Contains("Pass", StringComparison.Ordinal) || key.Contains("Token", StringComparison.Ordinal) || key.StartsWith("ConnectionStrings", StringComparison.Ordinal))
                        && env["valueFrom"]?["secretKeyRef"] is null)
                    {
                        problems.Add($"{name}: {key} must come from a Secret");
                    }
                }
            }

            var labels = pod.Parent!["metadata"]!["labels"]!.AsObject();
            var budgets = rendered.OfKind("PodDisruptionBudget").Where(b =>
                b["spec"]!["selector"]!["matchLabels"]!.AsObject().All(kv => labels[kv.Key]?.ToString() == kv.Value!.ToString())).ToList();
            if (budgets.Count != 1)
            {
                problems.Add($"{name}: {budgets.Count} PodDisruptionBudgets select it, not one");
            }
        }

        if (rendered.OfKind("Secret").Any())
        {
            problems.Add("a Secret is in the manifests: credentials are referenced, never committed");
        }

        return problems;
    }

    /// <summary>Binds the settings ConfigMap the way the services read it; unknown keys and bad values throw.</summary>
    public static void Bind(IReadOnlyDictionary<string, string> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(kv => new KeyValuePair<string, string?>(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value)))
            .Build();
        Action<BinderOptions> strict = o => o.ErrorOnUnknownConfiguration = true;
        var sections = new Dictionary<string, Type>(StringComparer.Ordinal)
        {
            [MessagingOptions.Section] = typeof(MessagingOptions),
            [MessagingServiceCollectionExtensions.RabbitMqSection] = typeof(RabbitMqTransportOptions),
            [AlertingOptions.Section] = typeof(AlertingOptions),
            [ApiOptions.Section] = typeof(ApiOptions),
        };

        // Keys the framework itself reads (not options classes of this project).
        string[] framework = ["ASPNETCORE_URLS", "DOTNET_EnableDiagnostics"];
        foreach (var child in configuration.GetChildren())
        {
            if (sections.TryGetValue(child.Key, out var type))
            {
                var bound = child.Get(type, strict);
                Assert.NotNull(bound);
            }
            else
            {
                Assert.True(framework.Contains(child.Key), $"'{child.Key}' binds to no options class of the services");
            }
        }
    }

    private static IEnumerable<(string Deployment, JsonObject Container)> Containers(Rendered rendered) =>
        rendered.OfKind("Deployment").SelectMany(d => d["spec"]!["template"]!["spec"]!["containers"]!.AsArray()
            .Select(c => ((string)d["metadata"]!["name"]!, c!.AsObject())));
}
