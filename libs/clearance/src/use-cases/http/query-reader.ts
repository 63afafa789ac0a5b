import { type FieldError, problem, ProblemException } from '@gba/runtime';
import { pointerToken } from '@gba/standards';

/** A decimal integer as a person writes it: no sign, exponent, fraction, blank or leading zero. */
const CANONICAL_INTEGER = /^(0|[1-9][0-9]{0,14})$/;

/**
 * Reads the query parameters of one request (`req.query` as parsed by Express's `simple` parser,
 * node:querystring: a name maps to a string, or to an array of strings when it is repeated).
 * Every failing parameter is reported at once by `done()`: 400 `bad-query` with one error per
 * parameter, its pointer `/query/<name>` (name escaped as an RFC 6901 reference token).
 *
 * Refused whatever the endpoint: a parameter the endpoint does not know (`QUERY_PARAMETER_UNKNOWN`,
 * e.g. `platformRef[a]=1`: a filter must never be dropped silently) and a known one given more
 * than once (`QUERY_PARAMETER_REPEATED`, e.g. `status=a&status=b`).
 */
export class QueryReader {
  readonly errors: FieldError[] = [];
  private readonly query: Record<string, unknown>;

  constructor(query: unknown, known: readonly string[]) {
    this.query = query && typeof query === 'object' ? (query as Record<string, unknown>) : {};
    for (const name of Object.keys(this.query)) {
      if (known.includes(name)) continue;
      this.errors.push({
        pointer: `/query/${pointerToken(name)}`,
        code: 'QUERY_PARAMETER_UNKNOWN',
        detail: `"${name}" is not a query parameter of this endpoint (known: ${known.join(', ') || 'none'}).`,
      });
    }
  }

  /** The parameter's one value, undefined when absent; an error when it is repeated. */
  private single(name: string): string | undefined {
    const value = this.query[name];
    if (value === undefined || typeof value === 'string') return value;
    this.errors.push({
      pointer: `/query/${pointerToken(name)}`,
      code: 'QUERY_PARAMETER_REPEATED',
      detail: `Give "${name}" once.`,
    });
    return undefined;
  }

  private refuse(name: string, code: string, detail: string): undefined {
    this.errors.push({ pointer: `/query/${pointerToken(name)}`, code, detail });
    return undefined;
  }

  /** A text accepted by `valid` (undefined when absent); else `code` with `detail`. */
  text(name: string, valid: (value: string) => boolean, code: string, detail: string): string | undefined {
    const value = this.single(name);
    if (value === undefined || valid(value)) return value;
    return this.refuse(name, code, detail);
  }

  /** One of `allowed` (undefined when absent); else `code` naming the allowed values. */
  oneOf<T extends string>(name: string, allowed: readonly T[], code = 'VALUE_NOT_ALLOWED'): T | undefined {
    const value = this.single(name);
    if (value === undefined || allowed.includes(value as T)) return value as T | undefined;
    return this.refuse(name, code, `One of ${allowed.join(', ')}`);
  }

  /**
   * A canonical decimal integer from `min` to `max` (`fallback` when absent): `10`, not `1e1`,
   * `010`, `+10`, `10.0` or ` 10`; else `code`.
   */
  integer(name: string, min: number, max: number, fallback: number, code = 'INTEGER_INVALID'): number {
    const value = this.single(name);
    if (value === undefined) return fallback;
    const n = CANONICAL_INTEGER.test(value) ? Number(value) : NaN;
    if (n >= min && n <= max) return n;
    this.refuse(name, code, `An integer from ${min} to ${max}, in decimal digits`);
    return fallback;
  }

  /** Throws 400 `bad-query` with every error found so far. */
  done(): void {
    if (this.errors.length > 0) {
      throw new ProblemException(
        problem(400, 'bad-query', 'The query parameters are not valid.', { errors: this.errors }),
      );
    }
  }
}
