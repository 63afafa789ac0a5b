// Shared building blocks of the intake validators: every error is collected with its JSON pointer
// (RFC 6901), so a client sees all of them at once. Nothing here throws on any JSON value.
//
// Validators read each field by name at the call site (`f.text(o.name, 'name', 200)`) and pass the
// value in: named reads stay fast, and pointers are only built when there is an error to report.
import type { DataError } from '../types';

export type JsonObject = Record<string, unknown>;

export class Problems {
  readonly errors: DataError[] = [];

  add(pointer: string, code: string, detail: string): void {
    this.errors.push({ pointer, code, detail });
  }
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 6901 escaping of one reference token. */
export function pointerToken(key: string): string {
  return key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;
}

/** Whitespace as \s knows it: a text made only of these is blank. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** 'blank', 'control' (C0 or C1 control characters: text fields are single-line) or null when fine. */
function textFault(v: string): 'blank' | 'control' | null {
  let blank = true;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 32 || (c >= 0x7f && c < 0xa0)) return 'control';
    if (blank && !isSpace(c)) blank = false;
  }
  return blank ? 'blank' : null;
}

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/**
 * Whether a finite number has at most `places` decimals as JSON writes it. For |v| below 10^9 and
 * places ≤ 6, v × 10^places is within half a unit of an integer below 2^53 exactly when it does.
 */
function hasAtMostPlaces(v: number, places: number): boolean {
  const factor = POW10[places];
  return Math.round(v * factor) / factor === v;
}

const MONEY_2 = /^(?:0|[1-9]\d{0,14})(?:\.\d{1,2})?$/;
const MONEY_4 = /^(?:0|[1-9]\d{0,14})(?:\.\d{1,4})?$/;

export interface NumberLimits {
  min: number;
  max: number;
  places: number;
  minInclusive?: boolean;
  code: string;
}

/**
 * Reads the fields of one JSON object located at `at`. Counts the fields it is given so that
 * `close` can tell, without walking the object, whether it holds any field the standard lacks.
 */
export class Fields {
  private seen = 0;

  constructor(
    readonly o: JsonObject,
    readonly at: string,
    readonly p: Problems,
  ) {}

  /** The pointer of a field of this object. */
  pointer(key: string): string {
    return `${this.at}/${key}`;
  }

  error(key: string, code: string, detail: string): undefined {
    this.p.add(this.pointer(key), code, detail);
    return undefined;
  }

  /** Whether the field is present; reports REQUIRED when it is missing or null and not optional. */
  private present(v: unknown, key: string, optional: boolean): boolean {
    if (v === undefined) return optional ? false : (this.error(key, 'REQUIRED', `${key} is required`), false);
    this.seen++;
    if (v === null) return optional ? false : (this.error(key, 'REQUIRED', `${key} is required`), false);
    return true;
  }

  /** A single-line text of at most `max` characters. */
  text(v: unknown, key: string, max: number, optional = false): string | undefined {
    if (!this.present(v, key, optional)) return undefined;
    if (typeof v !== 'string') return this.error(key, 'TYPE_INVALID', `${key} must be a string`);
    if (v.length > max) return this.error(key, 'TOO_LONG', `${key} is longer than ${max} characters`);
    const fault = textFault(v);
    if (fault === 'blank') return this.error(key, 'REQUIRED', `${key} must not be blank`);
    if (fault === 'control') return this.error(key, 'TEXT_INVALID', `${key} contains control characters`);
    return v;
  }

  /** A code that must belong to a code list. */
  coded(
    v: unknown,
    key: string,
    list: ReadonlySet<string>,
    unknownCode: string,
    what: string,
    optional = false,
  ): string | undefined {
    // A listed code is a valid text: only an unlisted one needs diagnosing.
    if (typeof v === 'string' && list.has(v)) {
      this.seen++;
      return v;
    }
    const code = this.text(v, key, 32, optional);
    if (code === undefined) return undefined;
    return this.error(key, unknownCode, `${JSON.stringify(code)} is not ${what}`);
  }

  object(v: unknown, key: string, optional = false): JsonObject | undefined {
    if (!this.present(v, key, optional)) return undefined;
    if (!isObject(v)) return this.error(key, 'TYPE_INVALID', `${key} must be an object`);
    return v;
  }

  /** An array of at most `max` elements. */
  array(v: unknown, key: string, max: number, optional = false): unknown[] | undefined {
    if (!this.present(v, key, optional)) return undefined;
    if (!Array.isArray(v)) return this.error(key, 'TYPE_INVALID', `${key} must be an array`);
    if (v.length > max) return this.error(key, 'TOO_MANY', `${key} has more than ${max} elements`);
    return v;
  }

  boolean(v: unknown, key: string, optional = false): boolean | undefined {
    if (!this.present(v, key, optional)) return undefined;
    if (typeof v !== 'boolean') return this.error(key, 'TYPE_INVALID', `${key} must be true or false`);
    return v;
  }

  /** A number within limits with at most `places` decimals, so that it converts exactly to a decimal. */
  number(v: unknown, key: string, limits: NumberLimits, optional = false): number | undefined {
    if (!this.present(v, key, optional)) return undefined;
    if (typeof v !== 'number') return this.error(key, 'TYPE_INVALID', `${key} must be a number`);
    const aboveMin = limits.minInclusive ? v >= limits.min : v > limits.min;
    if (!Number.isFinite(v) || !aboveMin || v > limits.max) {
      const floor = limits.minInclusive ? 'at least' : 'more than';
      return this.error(key, limits.code, `${key} must be ${floor} ${limits.min} and at most ${limits.max}`);
    }
    if (!hasAtMostPlaces(v, limits.places))
      return this.error(key, limits.code, `${key} has more than ${limits.places} decimal places`);
    return v;
  }

  /** A non-negative decimal string with at most 2 (amounts) or 4 (unit values) decimal places. */
  money(v: unknown, key: string, places: 2 | 4, optional = false): string | undefined {
    if (!this.present(v, key, optional)) return undefined;
    if (typeof v !== 'string' || !(places === 2 ? MONEY_2 : MONEY_4).test(v)) {
      return this.error(
        key,
        'MONEY_INVALID',
        `${key} must be a decimal string such as "150.00" (at most ${places} decimal places)`,
      );
    }
    return v;
  }

  /** An RFC 3339 date-time string. */
  dateTime(v: unknown, key: string, parse: (s: string) => number): string | undefined {
    const s = this.text(v, key, 40);
    if (s === undefined) return undefined;
    if (Number.isNaN(parse(s)))
      return this.error(
        key,
        'DATE_TIME_INVALID',
        `${key} must be an RFC 3339 date-time such as "2026-03-01T08:30:00Z"`,
      );
    return s;
  }

  /**
   * Flags members the data standard does not define (a misspelt field must not vanish silently).
   * Every known field must have been read; the object is walked only when it holds more.
   */
  close(known: ReadonlySet<string>): void {
    if (Object.keys(this.o).length === this.seen) return;
    for (const key in this.o) {
      if (!known.has(key))
        this.p.add(
          `${this.at}/${pointerToken(key)}`,
          'FIELD_UNKNOWN',
          `"${key}" is not a field of the data standard`,
        );
    }
  }
}
