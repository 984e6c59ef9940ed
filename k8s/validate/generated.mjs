// Objects of k8s/ made from the files the local platform runs, so that there is one source for each:
//  - a PrometheusRule per infra/prometheus/rules/*.yml (the rules Prometheus evaluates locally and in CI);
//  - the OpenTelemetry Collector's ConfigMap from infra/otel-collector/otel-collector.yaml.
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
  const text = fs.readFileSync(path.join(repository, source), "utf8");
  if (source.startsWith("infra/prometheus/rules/")) return { path: "/spec/groups", value: YAML.parse(text).groups };
  if (source === "infra/otel-collector/otel-collector.yaml") return { path: "/data/otel-collector.yaml", value: text };
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

export const outputs = {
  "k8s/base/prometheus-rules.yaml": prometheusRules,
  "k8s/monitoring/otel-collector-config.yaml": collectorConfig,
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [file, make] of Object.entries(outputs)) {
    fs.writeFileSync(path.join(repository, file), make());
    console.log(`wrote ${file}`);
  }
}
