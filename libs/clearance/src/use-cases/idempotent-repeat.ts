import type { StoredFiling } from './ports';

/**
 * A command sent again with an Idempotency-Key already used (IETF idempotency-key draft, api.md):
 * with the same request it is a replay of the answer given then; with another request the key is
 * reused, which the adapter refuses with 409.
 */
export type IdempotentRepeat =
  /** The key was used before with the same request: the response given then. */
  | { kind: 'replayed'; statusCode: number; response: unknown }
  /** The key was used before with another request. */
  | { kind: 'key-reused' };

/** What a key found stored means for a request whose canonical hash is `requestHash`. */
export function repeatOf(used: StoredFiling, requestHash: string): IdempotentRepeat {
  return used.requestHash === requestHash
    ? { kind: 'replayed', statusCode: used.statusCode, response: used.response }
    : { kind: 'key-reused' };
}
