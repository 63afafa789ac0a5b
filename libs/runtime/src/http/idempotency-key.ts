import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { parseItem } from 'structured-headers';
import { problem, type ProblemDetails } from './problem';

/** api.md: a key is 1–255 printable ASCII characters, space included (U+0020–U+007E). */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** Whether `key` is an idempotency key api.md allows: 1–255 printable ASCII characters, space included. */
export function isIdempotencyKey(key: unknown): key is string {
  return typeof key === 'string' && key.length <= IDEMPOTENCY_KEY_MAX_LENGTH && PRINTABLE_ASCII.test(key);
}

/** The key an `Idempotency-Key` header carries, or why it carries none. */
export type IdempotencyKeyHeader = { ok: true; key: string } | { ok: false; detail: string };

const KEY_RULE = `1–${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters (space included)`;

/**
 * Reads an `Idempotency-Key` field, given as each of its field lines (Node's `headersDistinct`).
 * Two forms are taken: an RFC 8941 sf-string, as the IETF draft "The Idempotency-Key HTTP Header
 * Field" (draft-ietf-httpapi-idempotency-key-header § 2) defines it — `"order 2026-000123"`, the
 * quotes and backslash escapes not part of the key, no parameters — and, as api.md has always
 * taken it, the bare value (HTTP has already trimmed its surrounding whitespace). Either way the key
 * is 1–255 printable ASCII characters. A value starting with a double quote is an sf-string or
 * nothing. Several field lines are refused: a key is one value.
 */
export function parseIdempotencyKey(lines: readonly string[] | string | undefined): IdempotencyKeyHeader {
  const values = lines === undefined ? [] : typeof lines === 'string' ? [lines] : lines;
  if (values.length === 0)
    return { ok: false, detail: `The Idempotency-Key header is required: ${KEY_RULE}.` };
  if (values.length > 1) return { ok: false, detail: 'Send the Idempotency-Key header once.' };
  const value = values[0] ?? '';
  let key = value;
  if (value.startsWith('"')) {
    let item;
    try {
      item = parseItem(value);
    } catch (err) {
      return {
        ok: false,
        detail: `A quoted Idempotency-Key must be an RFC 8941 String (${(err as Error).message}).`,
      };
    }
    const [bare, parameters] = item;
    if (typeof bare !== 'string' || parameters.size > 0)
      return { ok: false, detail: 'A quoted Idempotency-Key must be an RFC 8941 String without parameters.' };
    key = bare;
  }
  if (key.length === 0) return { ok: false, detail: `The Idempotency-Key is empty: ${KEY_RULE}.` };
  if (key.length > IDEMPOTENCY_KEY_MAX_LENGTH)
    return { ok: false, detail: `The Idempotency-Key has ${key.length} characters: ${KEY_RULE}.` };
  if (!PRINTABLE_ASCII.test(key))
    return { ok: false, detail: `The Idempotency-Key holds a character outside ${KEY_RULE}.` };
  return { ok: true, key };
}

/** 400 problem+json for a missing or invalid idempotency key at `pointer` (header or batch item). */
export function idempotencyKeyProblem(
  pointer: string,
  detail = `An Idempotency-Key of ${KEY_RULE} is required.`,
): ProblemDetails {
  return problem(400, 'idempotency-key', detail, {
    errors: [{ pointer, code: 'IDEMPOTENCY_KEY_INVALID', detail: KEY_RULE }],
  });
}

/** Handler parameter: the request's `Idempotency-Key`, read by `parseIdempotencyKey`. */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): IdempotencyKeyHeader => {
    const req = context.switchToHttp().getRequest<IncomingMessage>();
    return parseIdempotencyKey(req.headersDistinct['idempotency-key']);
  },
);
