// Objects of k8s/ made from the files the local platform runs, so that there is one source for each:
//  - a PrometheusRule per infra/prometheus/rules/*.yml (the rules Prometheus evaluates locally and in CI);
//  - the OpenTelemetry Collector's ConfigMap from infra/otel-collector/otel-collector.yaml;
//  - a RabbitMQ User and Permission per service from infra/rabbitmq/users.tsv (the local platform's users).
// `node k8s/validate/generated.mjs` (re)writes them; validate.mjs refuses an object whose annotation
// payments.pagopa.it/generated-from names a source it no longer matches (k8s/README.md, "Generated objects").
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repository = path.resolve(here, "../..");
export const generatedFrom = "payments.pagopa.it/generated-from";

const header = (source) => `# Generated from ${source} by k8s/validate/generated.mjs: edit the source and run it again\n# (node k8s/validate/generated.mjs); tests/Kubernetes.Tests refuses a copy that differs from its source.\n`;

/** What an object made from `source` must hold: the part of it that comes from the source. */
export function expectedContent(source) {
  const text = fs.readFileSync(path.join(repository, source.split("#")[0]), "utf8");
  if (source.startsWith("infra/prometheus/rules/")) return { path: "/spec/groups", value: YAML.parse(text).groups };
  if (source === "infra/otel-collector/otel-collector.yaml") return { path: "/data/otel-collector.yaml", value: text };
  if (source.startsWith(brokerUsers + "#")) {
    const grant = brokerGrants(text).find((g) => g.user === source.slice(brokerUsers.length + 1));
    if (!grant) throw new Error(`no user ${source} in ${brokerUsers}`);
    return { path: "/spec/permissions", value: { configure: grant.configure, write: grant.write, read: grant.read } };
  }
  throw new Error(`no generator for ${source}`);
}

function prometheusRules() {
  const folder = "infra/prometheus/rules";
  const sources = fs.readdirSync(path.join(repository, folder)).filter((f) => f.endsWith(".yml")).sort();
  const documents = sources.map((file) => {
    const source = `${folder}/${file}`;
    return YAML.stringify({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: {
        name: `payments-rules-${path.basename(file, ".yml")}`,
        labels: { "app.kubernetes.io/part-of": "payments" },
        annotations: { [generatedFrom]: source },
      },
      spec: { groups: expectedContent(source).value },
    }, { lineWidth: 0 });
  });
  return header(folder + "/*.yml") + documents.join("---\n");
}

function collectorConfig() {
  const source = "infra/otel-collector/otel-collector.yaml";
  return header(source) + YAML.stringify({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: "otel-collector",
      labels: { "app.kubernetes.io/name": "otel-collector", "app.kubernetes.io/part-of": "payments-monitoring" },
      annotations: { [generatedFrom]: source },
    },
    data: { "otel-collector.yaml": expectedContent(source).value },
  }, { lineWidth: 0 });
}

const brokerUsers = "infra/rabbitmq/users.tsv";

function brokerGrants(text) {
  return text.split("\n").filter((l) => l.length && !l.startsWith("#")).map((l) => {
    const [service, user, configure, write, read] = l.split("\t");
    return { service, user, configure, write, read };
  });
}

// The operator creates each user from its Secret payments-mq-<user> and grants it what the local platform grants.
function rabbitmqUsers() {
  const labels = { "app.kubernetes.io/name": "payments-mq", "app.kubernetes.io/part-of": "payments" };
  const cluster = { name: "payments-mq" };
  const documents = brokerGrants(fs.readFileSync(path.join(repository, brokerUsers), "utf8")).flatMap((g) => {
    const name = `payments-mq-${g.user}`;
    return [
      { apiVersion: "rabbitmq.com/v1beta1", kind: "User", metadata: { name, labels },
        spec: { rabbitmqClusterReference: cluster, importCredentialsSecret: { name } } },
      { apiVersion: "rabbitmq.com/v1beta1", kind: "Permission",
        metadata: { name, labels, annotations: { [generatedFrom]: `${brokerUsers}#${g.user}` } },
        spec: { vhost: "/", userReference: { name }, permissions: expectedContent(`${brokerUsers}#${g.user}`).value, rabbitmqClusterReference: cluster } },
    ].map((d) => YAML.stringify(d, { lineWidth: 0 }));
  });
  return header(brokerUsers) + "# One RabbitMQ user per service that uses the broker (RabbitMQ Messaging Topology Operator), each from its Secret\n"
    + "# payments-mq-<user> (k8s/README.md, \"Secrets\"), with the permissions the local platform gives it: its own queues, the\n"
    + "# message types it consumes, publishing only its own (docs/operations.md, \"RabbitMQ users\").\n" + documents.join("---\n");
}

export const outputs = {
  "k8s/base/rabbitmq-users.yaml": rabbitmqUsers,
  "k8s/base/prometheus-rules.yaml": prometheusRules,
  "k8s/monitoring/otel-collector-config.yaml": collectorConfig,
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [file, make] of Object.entries(outputs)) {
    fs.writeFileSync(path.join(repository, file), make());
    console.log(`wrote ${file}`);
  }
}
