import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import type { Manifest } from './kustomize';

/**
 * The vendored JSON schemas of deploy/k8s/schemas (their README says where each comes from), by
 * `apiVersion` and `kind`. Strict: an object takes only the properties its schema declares.
 */
export class ManifestSchemas {
  private readonly ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  private readonly files = new Map<string, string>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly dir: string) {
    for (const sub of ['kubernetes', 'crds']) {
      for (const file of readdirSync(join(dir, sub)).filter((f) => f.endsWith('.json'))) {
        const schema = this.read(join(sub, file));
        const root = schema.$ref ? schema.definitions[schema.$ref.replace('#/definitions/', '')] : schema;
        const key = `${root.properties.apiVersion.enum[0]} ${root.properties.kind.enum[0]}`;
        if (this.files.has(key)) throw new Error(`two schemas for ${key}`);
        this.files.set(key, join(sub, file));
      }
    }
  }

  /** `apiVersion kind` of every schema held. */
  kinds(): string[] {
    return [...this.files.keys()].sort();
  }

  /** The schema's findings for one object, as `pointer message` lines; none when it is valid. */
  errors(object: Manifest): string[] {
    const key = `${object.apiVersion} ${object.kind}`;
    const file = this.files.get(key);
    if (!file) return [`no schema for ${key}`];
    let validate = this.compiled.get(file);
    if (!validate) {
      validate = this.ajv.compile(this.read(file));
      this.compiled.set(file, validate);
    }
    if (validate(object)) return [];
    return (validate.errors ?? []).map((e) => {
      const detail =
        e.keyword === 'additionalProperties' ? ` (${String(e.params['additionalProperty'])})` : '';
      return `${e.instancePath || '/'} ${e.message}${detail}`;
    });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private read(file: string): any {
    return JSON.parse(readFileSync(join(this.dir, file), 'utf8'));
  }
}
