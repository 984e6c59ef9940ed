// The subset of kustomize that k8s/ uses, so that CI renders the overlays without a kustomize binary (Debian ships
// none recent enough): `resources` (files and directories), `namespace`, `images` and `patches` holding RFC 6902
// JSON patches with a `target`. Any other field is refused rather than ignored, so an overlay can never use a
// feature this renderer would silently skip. Where `kubectl` is installed, `node validate.mjs --compare-kubectl`
// checks that both renderings agree.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";

const supported = new Set(["apiVersion", "kind", "resources", "namespace", "images", "patches"]);
const clusterScoped = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass", "StorageClass"]);

export function render(directory) {
  const file = path.join(directory, "kustomization.yaml");
  const kustomization = YAML.parse(fs.readFileSync(file, "utf8"));
  for (const key of Object.keys(kustomization))
    if (!supported.has(key)) throw new Error(`${file}: '${key}' is not supported by k8s/validate/kustomize.mjs`);
  let objects = [];
  for (const resource of kustomization.resources ?? []) {
    const target = path.resolve(directory, resource);
    objects.push(...(fs.statSync(target).isDirectory() ? render(target) : readObjects(target)));
  }
  for (const patch of kustomization.patches ?? []) applyPatch(directory, patch, objects);
  for (const image of kustomization.images ?? []) objects.forEach((o) => setImage(o, image));
  if (kustomization.namespace)
    objects = objects.map((o) => clusterScoped.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace: kustomization.namespace } });
  return objects;
}

function readObjects(file) {
  return YAML.parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
    return d.toJS();
  }).filter((o) => o !== null);
}

function applyPatch(directory, patch, objects) {
  const { target } = patch;
  if (!target?.kind) throw new Error(`a patch needs a target with a kind: ${JSON.stringify(patch)}`);
  const operations = patch.path ? YAML.parse(fs.readFileSync(path.resolve(directory, patch.path), "utf8")) : YAML.parse(patch.patch);
  if (!Array.isArray(operations)) throw new Error(`${patch.path ?? "inline patch"}: only JSON 6902 patches (a list of operations) are supported`);
  const matches = objects.filter((o) => o.kind === target.kind && (!target.name || o.metadata?.name === target.name)
    && (!target.group || (o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : "") === target.group));
  if (matches.length === 0) throw new Error(`patch ${patch.path ?? ""} matches no object: ${JSON.stringify(target)}`);
  for (const object of matches) for (const operation of operations) applyOperation(object, operation);
}

function applyOperation(object, { op, path: pointer, value }) {
  const keys = pointer.split("/").slice(1).map((k) => k.replaceAll("~1", "/").replaceAll("~0", "~"));
  const last = keys.pop();
  let parent = object;
  for (const key of keys) {
    if (parent[key] === undefined) throw new Error(`${op} ${pointer}: no ${key} in ${object.kind}/${object.metadata.name}`);
    parent = parent[key];
  }
  const index = Array.isArray(parent) ? (last === "-" ? parent.length : Number(last)) : last;
  if (op === "add") Array.isArray(parent) ? parent.splice(index, 0, value) : (parent[index] = value);
  else if (op === "replace" || op === "remove") {
    if (parent[index] === undefined) throw new Error(`${op} ${pointer}: nothing there in ${object.kind}/${object.metadata.name}`);
    if (op === "replace") parent[index] = value;
    else if (Array.isArray(parent)) parent.splice(index, 1);
    else delete parent[index];
  } else throw new Error(`${op}: only add, replace and remove are supported`);
}

function setImage(object, { name, newName, newTag }) {
  const pod = object.spec?.template?.spec;
  for (const container of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]) {
    const [image, tag] = splitImage(container.image);
    if (image === name) container.image = `${newName ?? image}${newTag ?? tag ? ":" + (newTag ?? tag) : ""}`;
  }
}

function splitImage(reference) {
  const colon = reference.lastIndexOf(":");
  return colon > reference.lastIndexOf("/") ? [reference.slice(0, colon), reference.slice(colon + 1)] : [reference, undefined];
}
