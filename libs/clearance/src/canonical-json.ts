/**
 * JSON with object keys sorted, so that equal data gives equal text whatever order its keys came
 * in (idempotency keys' request hashes, audit entries). Iterative: any depth of nesting is safe.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item instanceof Rendered) {
      out.push(item.text);
    } else if (Array.isArray(item)) {
      out.push('[');
      stack.push(CLOSE_ARRAY);
      for (let i = item.length - 1; i >= 0; i--) {
        stack.push(item[i]);
        if (i > 0) stack.push(COMMA);
      }
    } else if (item && typeof item === 'object') {
      const record = item as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      out.push('{');
      stack.push(CLOSE_OBJECT);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push(record[key]);
        stack.push(new Rendered(`${JSON.stringify(key)}:`));
        if (i > 0) stack.push(COMMA);
      }
    } else {
      out.push(JSON.stringify(item) ?? 'null');
    }
  }
  return out.join('');
}

/** Text already rendered: punctuation and keys. */
class Rendered {
  constructor(readonly text: string) {}
}

// Punctuation is rendered once, not allocated again for every member (request hashes of whole batches).
const COMMA = new Rendered(',');
const CLOSE_ARRAY = new Rendered(']');
const CLOSE_OBJECT = new Rendered('}');
