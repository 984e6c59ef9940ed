using System.Text.Json;
using Xunit;

namespace Kubernetes.Tests;

// The manifests validate offline: each overlay is rendered and every object checked against the Kubernetes, KEDA,
// Prometheus Operator, RabbitMQ and CloudNativePG schemas, strictly, and against the platform's own rules
// (k8s/README.md, "Validation").
public sealed class ManifestTests
{
    // The workloads, each with a database pool (all but the gateway and the Web app use the broker).
    private static readonly string[] Workloads = ["gateway", "iuv-issuance", "debt-positions", "node-adapter", "actualisation", "receipts", "reporting", "web"];

    [Theory]
    [InlineData("base")]
    [InlineData("overlays/dev")]
    [InlineData("overlays/production")]
    public async Task Every_object_a_folder_renders_matches_its_schema_with_no_unknown_field_and_meets_the_platform_rules(string folder)
    {
        var report = await Validator.ReportAsync(folder);
        Assert.Empty(Validator.Errors(report));
        var kinds = report.GetProperty("kinds");
        // Every workload, the Web app included (its Data Protection key ring is shared in PostgreSQL, ADR 0081), has a
        // disruption budget and an autoscaler.
        Assert.Equal(Workloads.Length, kinds.GetProperty("Deployment").GetInt32());
        Assert.Equal(Workloads.Length, kinds.GetProperty("PodDisruptionBudget").GetInt32());
        Assert.Equal(Workloads.Length, kinds.GetProperty("HorizontalPodAutoscaler").GetInt32() + kinds.GetProperty("ScaledObject").GetInt32());
        foreach (var kind in new[] { "Job", "NetworkPolicy", "Ingress", "ServiceMonitor", "PrometheusRule", "RabbitmqCluster", "Cluster", "ScheduledBackup", "TriggerAuthentication" })
            Assert.True(kinds.TryGetProperty(kind, out var count) && count.GetInt32() > 0, $"{folder} renders no {kind}");
        // One RabbitMQ user, with its permissions, per workload that connects to the broker: not the gateway, not the Web app.
        Assert.Equal(Workloads.Length - 2, kinds.GetProperty("User").GetInt32());
        Assert.Equal(Workloads.Length - 2, kinds.GetProperty("Permission").GetInt32());
    }

    [Fact]
    public async Task The_monitoring_folder_renders_a_valid_OpenTelemetry_collector_configured_from_infra()
    {
        var report = await Validator.ReportAsync("monitoring");
        Assert.Empty(Validator.Errors(report));
        var kinds = report.GetProperty("kinds");
        foreach (var kind in new[] { "Deployment", "Service", "ConfigMap", "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy" })
            Assert.True(kinds.TryGetProperty(kind, out var count) && count.GetInt32() == 1, $"monitoring renders no single {kind}");
    }

    [Theory]
    [InlineData("overlays/dev")]
    [InlineData("overlays/production")]
    public async Task At_the_maximum_replica_counts_every_pool_fits_under_PostgreSQL_max_connections(string folder)
    {
        var budget = (await Validator.ReportAsync(folder)).GetProperty("budget");
        var pools = budget.GetProperty("pools").EnumerateArray().ToList();
        Assert.Equal(Workloads.Select(w => "Deployment/" + w).Order(),
            pools.Select(p => p.GetProperty("workload").GetString()!).Where(w => w.StartsWith("Deployment/", StringComparison.Ordinal)).Order());
        Assert.Contains(pools, p => p.GetProperty("workload").GetString() == "Job/payments-migrate");
        var total = pools.Sum(p => p.GetProperty("replicas").GetInt32() * p.GetProperty("poolSize").GetInt32()) + budget.GetProperty("reserved").GetInt32();
        Assert.Equal(total, budget.GetProperty("total").GetInt32());
        Assert.True(total <= budget.GetProperty("maxConnections").GetInt32(), $"{total} connections > max_connections");
        Assert.True(budget.GetProperty("app").GetInt32() <= budget.GetProperty("appConnectionLimit").GetInt32(), "payments_app over its connection limit");
    }

    [Fact]
    public async Task The_validator_names_unknown_fields_wrong_types_weak_pods_committed_secrets_stale_copies_and_an_overspent_connection_budget()
    {
        var errors = Validator.Errors(await Validator.ReportAsync("validate/fixtures/broken"));
        foreach (var expected in new[]
        {
            "Deployment/lax: /spec/template/spec/containers/0/readinessProbe/periodSecond is not a field of apps/v1 Deployment",
            "HorizontalPodAutoscaler/lax: /spec/minReplicas must be integer",
            "ScaledObject/lax: /spec/triggers/0/queueLength is not a field of keda.sh/v1alpha1 ScaledObject",
            "Cluster/db: /spec/storage must NOT have additional properties",
            "Deployment/lax container lax: allowPrivilegeEscalation must be false",
            "Deployment/lax container lax: image payments/lax:latest needs a tag other than latest",
            "Deployment/lax container lax: ConnectionStrings__Payments without Maximum Pool Size",
            "Deployment/lax container lax: terminationGracePeriodSeconds must exceed preStop + the host's drain",
            "Deployment/lax: needs exactly one PodDisruptionBudget",
            "Deployment/lax: needs exactly one autoscaler (an HPA or a KEDA ScaledObject), has 2",
            "Deployment/greedy: the pod must run as non-root",
            "Deployment/greedy container greedy: the root filesystem must be read-only",
            "Secret/committed: secrets are referenced, never committed",
            "connection budget: 53 connections at maximum replicas > max_connections 20",
            "PrometheusRule/stale: differs from infra/prometheus/rules/payments.yml (run node k8s/validate/generated.mjs)",
            "User/lax: /spec must NOT have additional properties",
            "Deployment/unprobed container unprobed: readiness and liveness probes are required",
            "Deployment/lonely: single-replica needs replicas 1 and no autoscaler",
            "Permission/stale-mq: differs from infra/rabbitmq/users.tsv#receipts (run node k8s/validate/generated.mjs)",
        })
            Assert.Contains(expected, errors);
    }
}
