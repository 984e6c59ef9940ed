// Renders k8s/ overlays and checks every object offline (k8s/README.md, "Validation"):
//  - against the Kubernetes, KEDA and Prometheus Operator schemas (npm kubernetes-models), and this folder's
//    schemas/ for the RabbitMQ and CloudNativePG resources;
//  - strictly: a field the schema does not know is an error (kubernetes-models alone accepts it);
//  - against the platform's own rules: restricted Pod Security, probes, preStop and grace period, resources,
//    a disruption budget and one autoscaler per Deployment (or one replica, annotated single-replica), no placeholder left, no secret committed, and the
//    PostgreSQL connection budget at the maximum replica counts;
//  - objects made from a file of infra/ (annotation payments.pagopa.it/generated-from) still match it.
// Usage: node validate.mjs [--json] [--compare-kubectl] DIR...   (exit 1 when any check fails)
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { render } from "./kustomize.mjs";
import { expectedContent, generatedFrom } from "./generated.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const asJson = args.includes("--json");
const compareKubectl = args.includes("--compare-kubectl");
const directories = args.filter((a) => !a.startsWith("--"));
const singleReplica = "payments.pagopa.it/single-replica";

const ajv = new Ajv({ allErrors: true, strict: true });
const ownSchemas = Object.fromEntries(fs.readdirSync(path.join(here, "schemas")).filter((f) => f.endsWith(".json"))
  .map((f) => [f.replace(/\.json$/, ""), ajv.compile(JSON.parse(fs.readFileSync(path.join(here, "schemas", f), "utf8")))]));

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const packages = { "keda.sh": "@kubernetes-models/keda", "monitoring.coreos.com": "@kubernetes-models/prometheus-operator" };
  const specifier = packages[group] ? `${packages[group]}/${group}/${version}/${kind}` : `kubernetes-models/${group ? group + "/" : ""}${version}/${kind}`;
  try {
    return (await import(specifier))[kind];
  } catch (e) {
    if (e.code === "ERR_MODULE_NOT_FOUND" || e.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") return undefined;
    throw e;
  }
}

// The schema of one object's kind, as a function from a candidate object to ajv's errors ({ instancePath, message }).
async function validatorFor(object) {
  const own = ownSchemas[`${object.apiVersion.replace("/", "_")}_${object.kind}`];
  if (own) return (candidate) => own(candidate) ? [] : own.errors;
  const Model = await modelOf(object.apiVersion, object.kind);
  if (!Model) return () => [{ instancePath: "", message: `no schema for ${object.apiVersion} ${object.kind}` }];
  return (candidate) => {
    try {
      new Model(structuredClone(candidate)).validate();
      return [];
    } catch (e) {
      if (!e.errors) throw e;
      return e.errors;
    }
  };
}

// kubernetes-models' schemas leave unknown properties allowed, as the API server's pruning would drop them
// silently. Strictness by probing: a field the schema knows is type-checked, so giving it a value of another
// type must produce an error at that path; if none appears, the schema does not know the field.
function unknownFields(object, validate) {
  const unknown = [];
  function walk(value, pointer) {
    if (value === null || typeof value !== "object") return;
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    for (const [key, child] of entries) {
      const childPointer = `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      if (!Array.isArray(value)) {
        const probe = structuredClone(object);
        // An object for strings and numbers (int-or-string fields accept both), a string for the rest.
        setAt(probe, childPointer, typeof child === "string" || typeof child === "number" ? { probe: [1] } : "probe");
        const errors = validate(probe);
        if (!errors.some((e) => e.instancePath === childPointer || e.instancePath.startsWith(childPointer + "/"))) {
          unknown.push(childPointer);
          continue;
        }
      }
      walk(child, childPointer);
    }
  }
  walk(object, "");
  return unknown;
}

function setAt(object, pointer, value) {
  const keys = pointer.split("/").slice(1).map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"));
  const last = keys.pop();
  keys.reduce((o, k) => o[k], object)[last] = value;
}

const podTemplateKinds = new Set(["Deployment", "Job"]);
const env = (container, name) => container.env?.find((e) => e.name === name)?.value;

function platformRules(objects, directory) {
  const errors = [];
  // The base is a template: its placeholders and untagged images are what every overlay must replace.
  const overlay = path.basename(directory) !== "base";
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const configMaps = Object.fromEntries(byKind("ConfigMap").map((c) => [c.metadata.name, c.data ?? {}]));
  const settingOf = (container, name) => env(container, name)
    ?? (container.envFrom ?? []).map((s) => configMaps[s.configMapRef?.name]?.[name]).find((v) => v !== undefined);
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata.name}`;
    if (o.kind === "Secret") errors.push(`${id}: secrets are referenced, never committed`);
    if (overlay && JSON.stringify(o).includes("CHANGE-ME")) errors.push(`${id}: a CHANGE-ME placeholder is left`);
    const source = o.metadata.annotations?.[generatedFrom];
    if (source) errors.push(...staleCopy(o, id, source));
    if (!podTemplateKinds.has(o.kind)) continue;
    const pod = o.spec.template.spec;
    if (pod.automountServiceAccountToken !== false) errors.push(`${id}: automountServiceAccountToken must be false`);
    if (pod.securityContext?.runAsNonRoot !== true) errors.push(`${id}: the pod must run as non-root`);
    if (pod.securityContext?.seccompProfile?.type !== "RuntimeDefault") errors.push(`${id}: the pod's seccomp profile must be RuntimeDefault`);
    if (pod.hostNetwork || pod.hostPID || pod.hostIPC) errors.push(`${id}: host namespaces are not allowed`);
    if ((pod.volumes ?? []).some((v) => v.hostPath)) errors.push(`${id}: hostPath volumes are not allowed`);
    for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
      const cid = `${id} container ${c.name}`;
      const sc = c.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) errors.push(`${cid}: allowPrivilegeEscalation must be false`);
      if (sc.privileged) errors.push(`${cid}: privileged`);
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) errors.push(`${cid}: capabilities must drop ALL`);
      if ((sc.capabilities?.add ?? []).some((cap) => cap !== "NET_BIND_SERVICE")) errors.push(`${cid}: only NET_BIND_SERVICE may be added`);
      if (sc.readOnlyRootFilesystem !== true) errors.push(`${cid}: the root filesystem must be read-only`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory)
        errors.push(`${cid}: cpu and memory requests and a memory limit are required`);
      if (overlay && (!/:[^/]+$/.test(c.image) || c.image.endsWith(":latest"))) errors.push(`${cid}: image ${c.image} needs a tag other than latest`);
      const connection = settingOf(c, "ConnectionStrings__Payments");
      if (connection && !/Maximum Pool Size=\d+/.test(connection)) errors.push(`${cid}: ConnectionStrings__Payments without Maximum Pool Size`);
    }
    if (o.kind !== "Deployment") continue;
    // The monitoring stack's third-party workloads (the OpenTelemetry Collector) are probed their own way and have
    // no .NET host to drain; every other Deployment is one of ours.
    const thirdParty = o.metadata.labels?.["app.kubernetes.io/part-of"] === "payments-monitoring";
    for (const c of pod.containers) {
      const cid = `${id} container ${c.name}`;
      if (thirdParty) {
        if (!c.readinessProbe || !c.livenessProbe) errors.push(`${cid}: readiness and liveness probes are required`);
        continue;
      }
      if (c.readinessProbe?.httpGet?.path !== "/health/ready") errors.push(`${cid}: readiness must be /health/ready`);
      if (c.livenessProbe?.httpGet?.path !== "/health/live") errors.push(`${cid}: liveness must be /health/live`);
      if (!c.startupProbe) errors.push(`${cid}: a startup probe is required`);
      const preStop = c.lifecycle?.preStop?.sleep?.seconds;
      const drain = Number(settingOf(c, "DOTNET_shutdownTimeoutSeconds"));
      if (!preStop) errors.push(`${cid}: a preStop pause is required`);
      if (!drain) errors.push(`${cid}: DOTNET_shutdownTimeoutSeconds is not set`);
      if (!(pod.terminationGracePeriodSeconds > (preStop ?? 0) + (drain || 30)))
        errors.push(`${cid}: terminationGracePeriodSeconds must exceed preStop + the host's drain`);
    }
    const name = o.metadata.name;
    const pdbs = byKind("PodDisruptionBudget").filter((p) => p.spec.selector.matchLabels?.["app.kubernetes.io/name"] === name);
    if (pdbs.length !== 1) errors.push(`${id}: needs exactly one PodDisruptionBudget`);
    const scalers = [...byKind("HorizontalPodAutoscaler").filter((h) => h.spec.scaleTargetRef.name === name),
      ...byKind("ScaledObject").filter((s) => s.spec.scaleTargetRef.name === name)];
    // A Deployment that cannot run twice says why (annotation single-replica): one replica and no autoscaler.
    if (o.metadata.annotations?.[singleReplica]) {
      if (o.spec.replicas !== 1 || scalers.length) errors.push(`${id}: single-replica needs replicas 1 and no autoscaler`);
    } else if (scalers.length !== 1) errors.push(`${id}: needs exactly one autoscaler (an HPA or a KEDA ScaledObject), has ${scalers.length}`);
  }
  return { errors, budget: connectionBudget(objects, settingOf, errors) };
}

// An object generated from a file of infra/ (k8s/validate/generated.mjs) must still hold what that file says.
function staleCopy(object, id, source) {
  let expected;
  try {
    expected = expectedContent(source);
  } catch (e) {
    return [`${id}: generated from ${source}, which cannot be read (${e.message})`];
  }
  const keys = expected.path.split("/").slice(1);
  const actual = keys.reduce((o, k) => o?.[k], object);
  return JSON.stringify(sortKeys(actual)) === JSON.stringify(sortKeys(expected.value)) ? []
    : [`${id}: differs from ${source} (run node k8s/validate/generated.mjs)`];
}

// PostgreSQL's max_connections must hold every pool at its maximum replica count, the migrations Job, the
// replicas' streaming connections, the reserved superuser slots and room for an operator's psql.
function connectionBudget(objects, settingOf, errors) {
  const cluster = objects.find((o) => o.kind === "Cluster" && o.apiVersion.startsWith("postgresql.cnpg.io/"));
  if (!cluster) return undefined;
  const maxConnections = Number(cluster.spec.postgresql?.parameters?.max_connections ?? 100);
  const appRole = cluster.spec.managed?.roles?.find((r) => r.name === "payments_app");
  const pools = [];
  for (const o of objects.filter((x) => x.kind === "Deployment" || x.kind === "Job")) {
    const hpa = objects.find((h) => h.kind === "HorizontalPodAutoscaler" && h.spec.scaleTargetRef.name === o.metadata.name);
    const keda = objects.find((s) => s.kind === "ScaledObject" && s.spec.scaleTargetRef.name === o.metadata.name);
    const replicas = o.kind === "Job" ? 1 : (hpa?.spec.maxReplicas ?? keda?.spec.maxReplicaCount ?? o.spec.replicas ?? 1);
    const containers = o.kind === "Job" ? [...o.spec.template.spec.initContainers ?? [], ...o.spec.template.spec.containers].slice(-1) : o.spec.template.spec.containers;
    for (const c of containers) {
      const size = Number(/Maximum Pool Size=(\d+)/.exec(settingOf(c, "ConnectionStrings__Payments") ?? "")?.[1] ?? 0);
      if (size) pools.push({ workload: `${o.kind}/${o.metadata.name}`, replicas, poolSize: size, connections: replicas * size, role: o.kind === "Job" ? "payments_migrator" : "payments_app" });
    }
  }
  const reserved = 3 + (cluster.spec.instances - 1) + 10;
  const app = pools.filter((p) => p.role === "payments_app").reduce((s, p) => s + p.connections, 0);
  const total = pools.reduce((s, p) => s + p.connections, 0) + reserved;
  if (total > maxConnections) errors.push(`connection budget: ${total} connections at maximum replicas > max_connections ${maxConnections}`);
  if (appRole?.connectionLimit > 0 && app > appRole.connectionLimit) errors.push(`connection budget: payments_app needs ${app} > its connectionLimit ${appRole.connectionLimit}`);
  return { maxConnections, reserved, appConnectionLimit: appRole?.connectionLimit, app, total, pools };
}

function compareWithKubectl(directory, objects) {
  const canonical = (list) => list.map((o) => JSON.stringify(sortKeys(o))).sort();
  const theirs = execFileSync("kubectl", ["kustomize", directory], { encoding: "utf8", maxBuffer: 64 << 20 });
  const parsed = theirs.split(/^---$/m).map((d) => d.trim()).filter(Boolean).map((d) => JSON.parse(JSON.stringify(YAMLparse(d))));
  const [a, b] = [canonical(objects), canonical(parsed)];
  return a.length === b.length && a.every((x, i) => x === b[i]) ? [] : [`${directory}: this renderer and kubectl kustomize disagree`];
}
const sortKeys = (v) => Array.isArray(v) ? v.map(sortKeys) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])])) : v;
let YAMLparse;

const reports = [];
for (const directory of directories) {
  const report = { directory, objects: 0, kinds: {}, errors: [] };
  try {
    const objects = render(path.resolve(directory));
    report.objects = objects.length;
    for (const o of objects) {
      report.kinds[o.kind] = (report.kinds[o.kind] ?? 0) + 1;
      const id = `${o.kind}/${o.metadata?.name}`;
      const validate = await validatorFor(o);
      const errors = validate(o);
      for (const e of errors) report.errors.push(`${id}: ${e.instancePath || "(root)"} ${e.message}`);
      if (errors.length === 0)
        for (const field of unknownFields(o, validate)) report.errors.push(`${id}: ${field} is not a field of ${o.apiVersion} ${o.kind}`);
    }
    const { errors, budget } = platformRules(objects, path.resolve(directory));
    report.errors.push(...errors);
    report.budget = budget;
    if (compareKubectl) {
      YAMLparse = (await import("yaml")).default.parse;
      report.errors.push(...compareWithKubectl(directory, objects));
    }
  } catch (e) {
    report.errors.push(`render: ${e.message}`);
  }
  reports.push(report);
}
if (asJson) console.log(JSON.stringify(reports, null, 1));
else for (const r of reports) {
  console.log(`${r.directory}: ${r.objects} objects, ${r.errors.length} errors${r.budget ? `, ${r.budget.total}/${r.budget.maxConnections} PostgreSQL connections at maximum replicas` : ""}`);
  for (const e of r.errors) console.log("  " + e);
}
process.exit(reports.some((r) => r.errors.length) ? 1 : 0);
