import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyPatch, type Operation } from 'fast-json-patch';
import { parse, parseAllDocuments } from 'yaml';

/** One Kubernetes object as written in a manifest. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/**
 * The fields of kustomization.yaml this renderer implements, with kustomize's meaning:
 * `resources` (files or directories holding a kustomization), `namespace`, `images` (name, newName,
 * newTag, digest) and `patches` whose file is an RFC 6902 JSON patch and whose target is a kind and
 * a name. Any other field is an error, so an overlay cannot use what the test would not render.
 * (No kustomize binary is installable from the registries these machines reach; the output was
 * compared with `kubectl kustomize` (kustomize v5.5.0) when written.)
 */
const FIELDS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'patches']);
/** Kinds without a namespace among those the manifests use. */
const CLUSTER_SCOPED = new Set(['Namespace']);

interface ImageRule {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}
interface PatchRule {
  path: string;
  target: { kind: string; name: string };
}
interface Kustomization {
  resources?: string[];
  namespace?: string;
  images?: ImageRule[];
  patches?: PatchRule[];
}

/** Every document of a multi-document YAML file (empty documents skipped); a syntax error throws. */
export function readManifests(path: string): Manifest[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as Manifest | null;
    return value === null ? [] : [value];
  });
}

export function readKustomization(dir: string): Kustomization {
  const file = join(dir, 'kustomization.yaml');
  const kustomization = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  for (const field of Object.keys(kustomization)) {
    if (!FIELDS.has(field)) throw new Error(`${file}: "${field}" is not supported by this renderer`);
  }
  return kustomization as Kustomization;
}

/** `kustomize build <dir>` for the fields above: the objects, in resource order. */
export function build(dir: string): Manifest[] {
  const kustomization = readKustomization(dir);
  const objects: Manifest[] = [];
  for (const resource of kustomization.resources ?? []) {
    const path = resolve(dir, resource);
    objects.push(...(statSync(path).isDirectory() ? build(path) : readManifests(path)));
  }
  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata.name}`;
    if (seen.has(id)) throw new Error(`${dir}: ${id} is declared twice`);
    seen.add(id);
  }
  for (const patch of kustomization.patches ?? []) {
    const { path, target, ...rest } = patch;
    const targetFields = Object.keys(target ?? {}).filter((f) => f !== 'kind' && f !== 'name');
    if (!path || !target?.kind || !target.name || Object.keys(rest).length > 0 || targetFields.length > 0) {
      throw new Error(`${dir}: a patch needs exactly a path and a target of kind and name`);
    }
    const operations = parse(readFileSync(resolve(dir, path), 'utf8')) as Operation[];
    if (!Array.isArray(operations))
      throw new Error(`${dir}/${path}: not a JSON 6902 patch (a list of operations)`);
    const matches = objects.filter((o) => o.kind === target.kind && o.metadata.name === target.name);
    if (matches.length === 0)
      throw new Error(`${dir}: patch ${path} targets ${target.kind}/${target.name}, which does not exist`);
    for (const object of matches) applyPatch(object, operations, true, true);
  }
  for (const object of objects) {
    for (const container of containersOf(object)) {
      const [name, tag] = splitImage(container.image);
      const rule = kustomization.images?.find((i) => i.name === name);
      if (!rule) continue;
      const suffix = rule.digest ? `@${rule.digest}` : rule.newTag ? `:${rule.newTag}` : tag ? `:${tag}` : '';
      container.image = `${rule.newName ?? name}${suffix}`;
    }
    if (kustomization.namespace && !CLUSTER_SCOPED.has(object.kind)) {
      object.metadata.namespace = kustomization.namespace;
    }
  }
  return objects;
}

/** The containers (and init containers) of a Pod template anywhere in the object. */
export function containersOf(object: unknown): { name: string; image: string; [field: string]: unknown }[] {
  if (!object || typeof object !== 'object') return [];
  const found: { name: string; image: string }[] = [];
  for (const [key, value] of Object.entries(object)) {
    if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) found.push(...value);
    else found.push(...containersOf(value));
  }
  return found;
}

function splitImage(image: string): [string, string | undefined] {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? [image.slice(0, at), image.slice(at + 1)] : [image, undefined];
}
