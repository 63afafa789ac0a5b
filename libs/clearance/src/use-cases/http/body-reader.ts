import { closedMembers, type FieldError, ProblemException } from '@gba/runtime';
import { readDateTime } from '@gba/standards';

/** Small checks for officers' request bodies; every failing field is reported at once. */
export class BodyReader {
  readonly errors: FieldError[] = [];
  private readonly body: Record<string, unknown>;

  constructor(private readonly input: unknown) {
    this.body =
      input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
    if (this.body !== input)
      this.errors.push({ pointer: '', code: 'OBJECT_REQUIRED', detail: 'Send a JSON object.' });
  }

  /** The member's value as sent (undefined when absent or the body is no object), for checks of its own. */
  value(name: string): unknown {
    return this.body[name];
  }

  text(name: string, max = 500): string {
    const value = this.body[name];
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
      this.errors.push({
        pointer: `/${name}`,
        code: 'TEXT_REQUIRED',
        detail: `A non-empty string of at most ${max} characters.`,
      });
      return '';
    }
    return value;
  }

  optionalText(name: string, max = 100): string | undefined {
    return this.body[name] === undefined ? undefined : this.text(name, max);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const value = this.body[name];
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      this.errors.push({
        pointer: `/${name}`,
        code: 'VALUE_NOT_ALLOWED',
        detail: `One of ${allowed.join(', ')}.`,
      });
    }
    return value as T;
  }

  boolean(name: string): boolean {
    const value = this.body[name];
    if (typeof value !== 'boolean')
      this.errors.push({ pointer: `/${name}`, code: 'BOOLEAN_REQUIRED', detail: 'true or false.' });
    return value === true;
  }

  /**
   * An RFC 3339 date-time (section 5.6, with its offset; read by @gba/standards readDateTime)
   * after now: `TIME_INVALID` with the reason (impossible date, missing offset, ...) or
   * `TIME_NOT_IN_FUTURE`. Never read in the server's zone, never rolled over (30 February).
   */
  futureTime(name: string): Date {
    const read = readDateTime(this.body[name]);
    if (!read.ok) {
      this.errors.push({
        pointer: `/${name}`,
        code: 'TIME_INVALID',
        detail: `An RFC 3339 time: ${read.detail}.`,
      });
      return new Date(NaN);
    }
    if (read.ms <= Date.now()) {
      this.errors.push({ pointer: `/${name}`, code: 'TIME_NOT_IN_FUTURE', detail: 'Must be in the future.' });
    }
    return new Date(read.ms);
  }

  /**
   * Refuses every member but `known` (@gba/runtime closedMembers): `FIELD_SERVER_OWNED` for the
   * fields the server sets itself (an officer cannot choose them), `FIELD_UNKNOWN` for the rest (a
   * misspelt field must not vanish silently). Each with its JSON pointer (RFC 6901).
   */
  close(known: readonly string[], serverOwned: readonly string[] = []): void {
    if (this.body !== this.input) return;
    this.errors.push(...closedMembers(this.body, known, serverOwned));
  }

  object(name: string): BodyReader {
    const nested = new BodyReader(this.body[name]);
    for (const e of nested.errors) this.errors.push({ ...e, pointer: `/${name}${e.pointer}` });
    nested.errors.length = 0;
    return nested;
  }

  /** Throws 422 with every problem found so far. */
  done(detail = 'The request body is not valid.'): void {
    if (this.errors.length > 0) throw ProblemException.validation(this.errors, detail);
  }
}
