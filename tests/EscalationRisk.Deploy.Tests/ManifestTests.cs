using EscalationRisk.Alerting;
using EscalationRisk.Testing;

namespace EscalationRisk.Deploy.Tests;

/// <summary>The Kustomize overlays rendered and validated offline, with no cluster.</summary>
public sealed class ManifestTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("er-k8s-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("dev")]
    [InlineData("prod")]
    public void Every_rendered_document_validates_against_its_schema_with_no_unknown_field(string overlay)
    {
        var rendered = Manifests.Render(overlay);
        Assert.Empty(rendered.Errors);
        Assert.Empty(ManifestChecks.ProbeProblems(rendered));
        Assert.Empty(ManifestChecks.HardeningProblems(rendered));
        ManifestChecks.Bind(ManifestChecks.Settings(rendered));
        Assert.All(rendered.Documents, d => Assert.Equal(overlay == "prod" ? "escalationrisk" : "escalationrisk-dev", (string?)d["metadata"]!["namespace"]));
    }

    [Fact]
    public void The_prod_overlay_renders_the_full_set()
    {
        var prod = Manifests.Render("prod");
        foreach (var name in new[] { "scoring-worker", "alert-worker", "api" })
        {
            prod.Single("Deployment", name);
            prod.Single("Service", name);
            prod.Single("PodDisruptionBudget", name);
        }

        Assert.Equal(2, (int)prod.Single("Deployment", "alert-worker")["spec"]!["replicas"]!);
        Assert.Equal(3, (int)prod.Single("RabbitmqCluster", "escalationrisk-rabbitmq")["spec"]!["replicas"]!);

        var scaled = prod.Single("ScaledObject", "scoring-worker")["spec"]!;
        Assert.Equal("scoring-worker", (string?)scaled["scaleTargetRef"]!["name"]);
        var trigger = scaled["triggers"]!.AsArray().Single()!;
        Assert.Equal("rabbitmq", (string?)trigger["type"]);
        Assert.Equal("http", (string?)trigger["metadata"]!["protocol"]);
        Assert.Equal("articles", (string?)trigger["metadata"]!["queueName"]);
        prod.Single("TriggerAuthentication", (string)trigger["authenticationRef"]!["name"]!);

        var deny = prod.Single("NetworkPolicy", "default-deny-all")["spec"]!;
        Assert.Empty(deny["podSelector"]!.AsObject());
        Assert.Equal(["Ingress", "Egress"], deny["policyTypes"]!.AsArray().Select(t => (string)t!));
        Assert.True(prod.OfKind("NetworkPolicy").Count() >= 6);

        var monitor = prod.Single("ServiceMonitor", "escalationrisk")["spec"]!["endpoints"]!.AsArray().Single()!;
        Assert.Equal("/metrics", (string?)monitor["path"]);
        Assert.All(prod.OfKind("Service"), s => Assert.Contains(s["spec"]!["ports"]!.AsArray(), p => (string?)p!["name"] == (string?)monitor["port"]));
        var rules = prod.Single("PrometheusRule", "escalationrisk")["spec"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).ToList();
        Assert.Contains(rules, r => ((string)r!["expr"]!).Contains("escalationrisk_risk_index", StringComparison.Ordinal));

        // The rule set that seeds a new store is a valid one.
        var seed = prod.OfKind("ConfigMap").Single(c => ((string)c["metadata"]!["name"]!).StartsWith("escalationrisk-rules", StringComparison.Ordinal));
        var set = RuleSet.Parse((string)seed["data"]!["rules.json"]!);
        Assert.Equal(RuleSet.Default.IndexRules, set.IndexRules);
    }

    [Fact]
    public void In_prod_each_service_connects_as_its_own_broker_user_with_the_permissions_the_tests_broker_enforces()
    {
        var prod = Manifests.Render("prod");
        var table = File.ReadLines(Path.Combine(RepoRoot.Path, "k8s", "base", "broker-permissions.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("user\t", StringComparison.Ordinal))
            .Select(l => l.Split('\t')).ToDictionary(c => c[0], c => (Configure: c[1], Write: c[2], Read: c[3]));
        Assert.Equal(["alert-worker", "api", "scoring-worker"], table.Keys.Order(StringComparer.Ordinal));

        foreach (var (service, expected) in table)
        {
            var permission = prod.Single("Permission", service)["spec"]!;
            Assert.Equal(service, (string?)permission["userReference"]!["name"]);
            Assert.Equal(expected.Configure, (string?)permission["permissions"]!["configure"]);
            Assert.Equal(expected.Write, (string?)permission["permissions"]!["write"]);
            Assert.Equal(expected.Read, (string?)permission["permissions"]!["read"]);

            // The Deployment reads its AMQP credentials from the very Secret its User is made from.
            var secret = (string?)prod.Single("User", service)["spec"]!["importCredentialsSecret"]!["name"];
            var env = prod.Single("Deployment", service)["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();
            foreach (var variable in new[] { "RabbitMqTransport__User", "RabbitMqTransport__Pass" })
            {
                var reference = env.Single(e => (string?)e!["name"] == variable)!["valueFrom"]!["secretKeyRef"]!;
                Assert.Equal(secret, (string?)reference["name"]);
            }
        }

        // Only the alert worker may write to alerts; only the scoring worker may read articles.
        Assert.Matches(table["alert-worker"].Write, "alerts");
        Assert.DoesNotMatch(table["scoring-worker"].Write, "alerts");
        Assert.DoesNotMatch(table["api"].Write, "alerts");
        Assert.Matches(table["scoring-worker"].Read, "articles");
        Assert.DoesNotMatch(table["api"].Read, "articles");
        Assert.DoesNotMatch(table["alert-worker"].Read, "articles");
    }

    [Fact]
    public void The_grafana_dashboard_is_provisioned_by_a_labelled_config_map_and_queries_only_series_the_services_export()
    {
        var prod = Manifests.Render("prod");
        var map = prod.Single("ConfigMap", "escalationrisk-grafana-dashboard");
        Assert.Equal("1", (string?)map["metadata"]!["labels"]!["grafana_dashboard"]);
        var dashboard = System.Text.Json.Nodes.JsonNode.Parse((string)map["data"]!["escalationrisk.json"]!)!;
        Assert.Equal("escalationrisk", (string?)dashboard["uid"]);
        var expressions = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => (string)t!["expr"]!).ToList();
        var exported = new[] { "escalationrisk_escalation_pressure", "escalationrisk_deescalation_effort", "escalationrisk_risk_index", "escalationrisk_pressure_baseline", "escalationrisk_alerts_firing" };
        var used = expressions.SelectMany(e => System.Text.RegularExpressions.Regex.Matches(e, "escalationrisk_[a-z_]+").Select(m => m.Value)).ToHashSet();
        Assert.Subset(exported.ToHashSet(), used);
        Assert.Contains("escalationrisk_escalation_pressure", used);
        Assert.Contains("escalationrisk_deescalation_effort", used);
        Assert.Contains("escalationrisk_pressure_baseline", used);
    }

    [Fact]
    public void A_misspelled_field_is_reported_with_its_path()
    {
        var k8s = Manifests.Copy(_folder);
        Replace(Path.Combine(k8s, "base", "scoring-worker.yaml"), "            periodSeconds: 5", "            periodSecond: 5");
        Replace(Path.Combine(k8s, "overlays", "prod", "rabbitmq-cluster.yaml"), "  persistence:", "  persistance:");
        Replace(Path.Combine(k8s, "base", "keda.yaml"), "  cooldownPeriod: 120", "  cooldown: 120");
        var errors = Manifests.Render("prod", k8s).Errors;
        Assert.Contains("Deployment/scoring-worker spec.template.spec.containers.0.readinessProbe.periodSecond: unknown field", errors);
        Assert.Contains("RabbitmqCluster/escalationrisk-rabbitmq spec.persistance: unknown field", errors);
        Assert.Contains("ScaledObject/scoring-worker spec.cooldown: unknown field", errors);
    }

    [Fact]
    public void A_wrong_type_a_probe_on_a_wrong_path_and_an_unbound_setting_are_reported()
    {
        var k8s = Manifests.Copy(_folder);
        Replace(Path.Combine(k8s, "base", "api.yaml"), "              path: /health/ready", "              path: /healthz");
        Replace(Path.Combine(k8s, "base", "alert-worker.yaml"), "            readOnlyRootFilesystem: true", "            readOnlyRootFilesystem: \"yes\"");
        Replace(Path.Combine(k8s, "base", "kustomization.yaml"), "      - Messaging__PrefetchCount=64", "      - Messaging__PrefetchCont=64");
        var rendered = Manifests.Render("dev", k8s);
        Assert.Contains(rendered.Errors, e => e.StartsWith("Deployment/alert-worker /spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem: type", StringComparison.Ordinal));
        Assert.Contains("api/api: readinessProbe on /healthz, not /health/ready", ManifestChecks.ProbeProblems(rendered));
        var unbound = Assert.ThrowsAny<InvalidOperationException>(() => ManifestChecks.Bind(ManifestChecks.Settings(rendered)));
        Assert.Contains("PrefetchCont", unbound.Message, StringComparison.Ordinal);
    }

    private static void Replace(string file, string from, string to)
    {
        var text = File.ReadAllText(file);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(file, text.Replace(from, to, StringComparison.Ordinal));
    }
}
