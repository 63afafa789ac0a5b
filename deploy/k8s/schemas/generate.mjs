// Regenerates the vendored JSON schemas of deploy/k8s/schemas (see README.md there). Not run by the
// tests: they read the committed output. Usage:
//   node deploy/k8s/schemas/generate.mjs <unpacked @kubernetes/client-node package> <dir of Strimzi CRD YAMLs>
// Both conversions are strict in the way of kubeconform -strict: an object accepts only the
// properties its type declares (unless the CRD says x-kubernetes-preserve-unknown-fields or gives
// additionalProperties), so a misspelt or misplaced field fails validation.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const here = import.meta.dirname;
const [clientNodeDir, strimziCrdDir] = process.argv.slice(2);
if (!clientNodeDir || !strimziCrdDir) {
  process.stderr.write('usage: generate.mjs <@kubernetes/client-node package dir> <Strimzi CRD dir>\n');
  process.exit(2);
}
const write = (path, schema) => writeFileSync(path, `${JSON.stringify(schema, null, 2)}\n`);

// --- Kubernetes built-in kinds, from the models of the official JavaScript client -----------------
// Each model class carries `attributeTypeMap` (JSON name, type, format) and its .d.ts marks the
// optional properties with `?`: together the OpenAPI definition the client was generated from.
const models = join(clientNodeDir, 'dist/gen/models');
const clientVersion = JSON.parse(readFileSync(join(clientNodeDir, 'package.json'), 'utf8')).version;
const specVersion = /OpenAPI spec version: (\S+)/.exec(readFileSync(join(models, 'V1Probe.d.ts'), 'utf8'))[1];

function model(name) {
  const js = readFileSync(join(models, `${name}.js`), 'utf8');
  const map = /attributeTypeMap = (\[[\s\S]*?\]);/.exec(js);
  if (!map) throw new Error(`${name}: no attributeTypeMap`);
  const dts = readFileSync(join(models, `${name}.d.ts`), 'utf8');
  const required = [...dts.matchAll(/^ {4}'([^']+)': /gm)].map((m) => m[1]);
  return { attributes: JSON.parse(map[1]), required };
}

function typeSchema(type, format, refs) {
  let m;
  if ((m = /^Array<(.+)>$/.exec(type))) return { type: 'array', items: typeSchema(m[1], format, refs) };
  if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(type)))
    return { type: 'object', additionalProperties: typeSchema(m[1], format, refs) };
  switch (type) {
    case 'string':
      return { type: 'string' };
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      return format === 'double' ? { type: 'number' } : { type: 'integer' };
    case 'Date':
      return { type: 'string', format: 'date-time' };
    case 'IntOrString':
      return { anyOf: [{ type: 'integer' }, { type: 'string' }] };
    case 'any':
      return {};
    default:
      refs.push(type);
      return { $ref: `#/definitions/${type}` };
  }
}

function kindSchema(modelName, apiVersion, kind) {
  const definitions = {};
  const pending = [modelName];
  while (pending.length > 0) {
    const name = pending.pop();
    if (definitions[name]) continue;
    const { attributes, required } = model(name);
    const refs = [];
    const properties = {};
    for (const a of attributes) properties[a.baseName] = typeSchema(a.type, a.format, refs);
    const requiredNames = attributes.filter((a) => required.includes(a.name)).map((a) => a.baseName);
    definitions[name] = {
      type: 'object',
      properties,
      ...(requiredNames.length > 0 ? { required: requiredNames } : {}),
      additionalProperties: false,
    };
    pending.push(...refs);
  }
  definitions[modelName].properties.apiVersion = { type: 'string', enum: [apiVersion] };
  definitions[modelName].properties.kind = { type: 'string', enum: [kind] };
  definitions[modelName].required = [
    ...new Set([...(definitions[modelName].required ?? []), 'apiVersion', 'kind']),
  ];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: `${kind} ${apiVersion}: Kubernetes ${specVersion} OpenAPI, via @kubernetes/client-node ${clientVersion} models (strict)`,
    $ref: `#/definitions/${modelName}`,
    definitions,
  };
}

const KINDS = [
  ['V1Namespace', 'v1', 'Namespace'],
  ['V1ConfigMap', 'v1', 'ConfigMap'],
  ['V1ServiceAccount', 'v1', 'ServiceAccount'],
  ['V1Service', 'v1', 'Service'],
  ['V1Deployment', 'apps/v1', 'Deployment'],
  ['V1Job', 'batch/v1', 'Job'],
  ['V1PodDisruptionBudget', 'policy/v1', 'PodDisruptionBudget'],
  ['V1NetworkPolicy', 'networking.k8s.io/v1', 'NetworkPolicy'],
];
for (const [modelName, apiVersion, kind] of KINDS) {
  const file = `${kind.toLowerCase()}-${apiVersion.replace(/\//g, '-').replace(/\./g, '-')}.json`;
  write(join(here, 'kubernetes', file), kindSchema(modelName, apiVersion, kind));
}

// --- Strimzi CRDs: openAPIV3Schema of each served version, made strict ----------------------------
function strict(node) {
  if (Array.isArray(node)) return node.map(strict);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description') continue; // documentation only
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strict(v)]));
    } else out[key] = strict(value);
  }
  if (out['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (out.nullable) {
    delete out.nullable;
    if (out.type) out.type = [out.type, 'null'];
  }
  const isObject = out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object'));
  if (
    isObject &&
    out.properties &&
    out.additionalProperties === undefined &&
    !out['x-kubernetes-preserve-unknown-fields']
  )
    out.additionalProperties = false;
  return out;
}

for (const file of readdirSync(strimziCrdDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  const crd = parse(readFileSync(join(strimziCrdDir, file), 'utf8'));
  for (const version of crd.spec.versions.filter((v) => v.served)) {
    const schema = strict(version.schema.openAPIV3Schema);
    schema.properties.apiVersion = { type: 'string', enum: [`${crd.spec.group}/${version.name}`] };
    schema.properties.kind = { type: 'string', enum: [crd.spec.names.kind] };
    // metadata is the API server's ObjectMeta; CRDs leave it open.
    schema.required = [...new Set([...(schema.required ?? []), 'apiVersion', 'kind', 'metadata'])];
    write(
      join(
        here,
        'crds',
        `${crd.spec.names.kind.toLowerCase()}-${crd.spec.group.split('.')[0]}-${version.name}.json`,
      ),
      {
        $schema: 'http://json-schema.org/draft-07/schema#',
        $comment: `${crd.spec.names.kind} ${crd.spec.group}/${version.name}: openAPIV3Schema of ${crd.metadata.name} (${file}), strict`,
        ...schema,
      },
    );
  }
}
