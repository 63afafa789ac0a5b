/**
 * JSON with object keys sorted, so that equal data gives equal text whatever order its keys came
 * in (idempotency keys' request hashes, audit entries). Iterative: any depth of nesting is safe.
 *
 * The stack holds text still to be written (strings: punctuation, member names and rendered
 * scalars) and containers still to be expanded (objects and arrays); nothing else is allocated per
 * member, since this runs over every filing of a batch.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const stack: unknown[] = [rendered(value)];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') {
      out.push(item);
    } else if (Array.isArray(item)) {
      out.push('[');
      stack.push(']');
      for (let i = item.length - 1; i >= 0; i--) {
        stack.push(rendered(item[i]));
        if (i > 0) stack.push(',');
      }
    } else {
      const record = item as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      out.push('{');
      stack.push('}');
      let later = false;
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        const member = record[key];
        if (member === undefined) continue;
        if (later) stack.push(',');
        stack.push(rendered(member), `${JSON.stringify(key)}:`);
        later = true;
      }
    }
  }
  return out.join('');
}

/** An object or array as it is (expanded later), anything else as its JSON text (`null` if none). */
function rendered(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? value : (JSON.stringify(value) ?? 'null');
}
