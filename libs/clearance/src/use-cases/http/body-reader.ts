import { type FieldError, ProblemException } from '@gba/runtime';

/** Small checks for officers' request bodies; every failing field is reported at once. */
export class BodyReader {
  readonly errors: FieldError[] = [];
  private readonly body: Record<string, unknown>;

  constructor(input: unknown) {
    this.body =
      input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
    if (this.body !== input)
      this.errors.push({ pointer: '', code: 'OBJECT_REQUIRED', detail: 'Send a JSON object.' });
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

  futureTime(name: string): Date {
    const value = this.body[name];
    const time = typeof value === 'string' ? new Date(value) : new Date(NaN);
    if (typeof value !== 'string' || Number.isNaN(time.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
      this.errors.push({ pointer: `/${name}`, code: 'TIME_INVALID', detail: 'An RFC 3339 time.' });
    } else if (time.getTime() <= Date.now()) {
      this.errors.push({ pointer: `/${name}`, code: 'TIME_NOT_IN_FUTURE', detail: 'Must be in the future.' });
    }
    return time;
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
