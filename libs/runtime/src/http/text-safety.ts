import type { FieldError } from './problem';

// NUL, or a UTF-16 surrogate without its pair: valid in JSON text, but not text that PostgreSQL
// (or any partner) can store, so it is refused at the door rather than failing deep inside.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const MAX_JSON_DEPTH = 64;
const MAX_ERRORS = 50;

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every string (and key) of a parsed JSON body that cannot be stored, and nesting past the limit. */
export function unstorableText(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; pointer: string; depth: number }[] = [
    { value: body, pointer: '', depth: 0 },
  ];
  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const next = stack.pop();
    if (!next) break;
    const { value, pointer, depth } = next;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) {
        errors.push({
          pointer,
          code: 'TEXT_INVALID',
          detail: 'Contains NUL or an unpaired UTF-16 surrogate.',
        });
      }
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_JSON_DEPTH) {
        errors.push({
          pointer,
          code: 'NESTING_TOO_DEEP',
          detail: `JSON nested deeper than ${MAX_JSON_DEPTH} levels.`,
        });
        continue;
      }
      for (const [key, child] of Object.entries(value)) {
        const childPointer = `${pointer}/${escapePointer(key)}`;
        if (UNSTORABLE.test(key)) {
          errors.push({
            pointer: childPointer,
            code: 'TEXT_INVALID',
            detail: 'The member name contains NUL or an unpaired surrogate.',
          });
        }
        stack.push({ value: child, pointer: childPointer, depth: depth + 1 });
      }
    }
  }
  return errors;
}
