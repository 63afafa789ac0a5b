import { escapePointer } from './json-pointer';
import type { FieldError } from './problem';

/*
 * What text the API takes at the door, for every string and member name of every JSON body
 * (README § What the API refuses at the door). Two sorts of values, and one rule for all:
 *
 * - references, identifiers, codes and names: everything but the free-text members below. They
 *   compare as exact strings (three-document match, risk targets, known consignors), so nothing
 *   invisible may sit in them: no control character (General Category Cc, and U+2028/U+2029), no
 *   format character (Cf: bidi controls, ZWSP, ZWJ/ZWNJ, word joiner, invisible operators, BOM,
 *   soft hyphen, tag characters…) and no other Default_Ignorable_Code_Point (variation selectors,
 *   Hangul fillers, CGJ…): UTS #39 § 3.1 restricts exactly these from identifiers.
 * - free text (FREE_TEXT_MEMBERS: goods descriptions, addresses, officers' reasons, findings'
 *   details): tab, line feed and carriage return are allowed; a zero-width (non-)joiner only where
 *   a script needs it, inside a word of a script that shapes with it (Arabic, Persian, Indic…:
 *   letters or marks on both sides, neither Latin, Greek, Cyrillic, Han, Kana or Hangul, as
 *   RFC 5892 CONTEXTJ intends) and a ZWJ between emoji (UTS #51 ZWJ sequences); a variation
 *   selector right after a visible character (emoji presentation, ideographic variants). Every
 *   other control or invisible character is refused there too.
 * - everywhere, member names included: bidirectional controls (U+061C, U+200E, U+200F,
 *   U+202A–U+202E, U+2066–U+2069) are refused: they reorder what a reader sees (CVE-2021-42574,
 *   UTS #55 § 4), and nothing in a customs declaration needs them; NUL and unpaired surrogates
 *   cannot be stored.
 *
 * Text that passes is normalised to NFC (`normaliseText`), so that canonically equivalent strings
 * (U+F90A and U+91D1, "é" composed or not) are stored and compared as one.
 */

/** Member names whose values are free text (see above); every other string is strict. */
export const FREE_TEXT_MEMBERS: ReadonlySet<string> = new Set(['description', 'address', 'reason', 'detail']);

// NUL, or a UTF-16 surrogate without its pair: valid in JSON text, but not text that PostgreSQL
// (or any partner) can store, so it is refused at the door rather than failing deep inside.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Printable ASCII needs no further look (the common case). */
const PLAIN = /^[\x20-\x7e]*$/;
const BIDI_CONTROL = /\p{Bidi_Control}/u;
const CONTROL_STRICT = /[\p{Cc}\u2028\u2029]/u;
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL_FREE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const ZWNJ = 0x200c;
const ZWJ = 0x200d;
const isVariationSelector = (c: number) => (c >= 0xfe00 && c <= 0xfe0f) || (c >= 0xe0100 && c <= 0xe01ef);
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;
const NEVER_JOINS =
  /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;
const EMOJI_BEFORE_ZWJ = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f]$/u;
const EMOJI = /^\p{Extended_Pictographic}$/u;
const VISIBLE_BASE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

export const MAX_JSON_DEPTH = 64;
const MAX_ERRORS = 50;

/** Why a string may not be taken: a stable code and the text of the problem's field error. */
export interface TextFault {
  code: 'TEXT_INVALID' | 'TEXT_BIDI_CONTROL' | 'TEXT_CONTROL' | 'TEXT_INVISIBLE';
  detail: string;
}

const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

function codePointBefore(s: string, i: number): number | undefined {
  if (i <= 0) return undefined;
  const low = s.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = s.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return s.codePointAt(i - 2);
  }
  return low;
}

const is = (pattern: RegExp, c: number | undefined) =>
  c !== undefined && pattern.test(String.fromCodePoint(c));

/** A joiner or variation selector where free text of some script or emoji needs it. */
function allowedInFreeText(c: number, before: number | undefined, after: number | undefined): boolean {
  if (isVariationSelector(c)) return is(VISIBLE_BASE, before);
  if (c !== ZWJ && c !== ZWNJ) return false;
  if (c === ZWJ && is(EMOJI_BEFORE_ZWJ, before) && is(EMOJI, after)) return true;
  return (
    is(LETTER_OR_MARK, before) &&
    is(LETTER_OR_MARK, after) &&
    !is(NEVER_JOINS, before) &&
    !is(NEVER_JOINS, after)
  );
}

/**
 * Why `value` may not be taken as a string of the body, or undefined when it may. `freeText`
 * for the values of FREE_TEXT_MEMBERS, false for references, identifiers, names and member names.
 * Source of the rules: the comment at the top of this file.
 */
export function textFault(value: string, freeText: boolean): TextFault | undefined {
  if (PLAIN.test(value)) return undefined;
  if (UNSTORABLE.test(value))
    return { code: 'TEXT_INVALID', detail: 'Contains NUL or an unpaired UTF-16 surrogate.' };
  const bidi = BIDI_CONTROL.exec(value);
  if (bidi) {
    return {
      code: 'TEXT_BIDI_CONTROL',
      detail: `Contains ${hex(bidi[0].codePointAt(0) ?? 0)}, a bidirectional control: it reorders what a reader sees and is refused in every field.`,
    };
  }
  const control = (freeText ? CONTROL_FREE : CONTROL_STRICT).exec(value);
  if (control) {
    return {
      code: 'TEXT_CONTROL',
      detail: `Contains the control character ${hex(control[0].codePointAt(0) ?? 0)}${freeText ? ' (free text may hold tab, line feed and carriage return only)' : ''}.`,
    };
  }
  INVISIBLE.lastIndex = 0;
  for (let m = INVISIBLE.exec(value); m; m = INVISIBLE.exec(value)) {
    const c = m[0].codePointAt(0) ?? 0;
    if (
      freeText &&
      allowedInFreeText(c, codePointBefore(value, m.index), value.codePointAt(m.index + m[0].length))
    )
      continue;
    return {
      code: 'TEXT_INVISIBLE',
      detail: freeText
        ? `Contains ${hex(c)}, an invisible character where no script needs one: free text takes a zero-width joiner or non-joiner only inside a word of a script that shapes with it (or between emoji), and a variation selector only after a visible character.`
        : `Contains ${hex(c)}, an invisible format character (Unicode Cf or default-ignorable): refused in references, identifiers and names.`,
    };
  }
  return undefined;
}

/**
 * Every string and member name of a parsed JSON body that may not be taken (textFault; free text
 * by the nearest member name, so `/items/0/description` and `/findings/1/detail` are free text), and
 * nesting past MAX_JSON_DEPTH; walked without recursion, at most 50 errors. Nesting past the
 * limit is always found, however many other errors come first (json-body relies on it).
 */
export function unsafeText(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  // Pointers are built only for the fields that fail: a node knows its parent and its key.
  const stack: Visit[] = [{ value: body, parent: undefined, key: '', member: '', depth: 0 }];
  const add = (at: Visit, fault: TextFault, key?: string) =>
    errors.push({
      pointer: pointerOf(at) + (key === undefined ? '' : `/${escapePointer(key)}`),
      code: fault.code,
      detail: key === undefined ? fault.detail : `The member name: ${fault.detail}`,
    });
  // Past 50 errors the walk goes on for nesting only: a body too deep is always reported as such.
  while (stack.length > 0) {
    const next = stack.pop() as Visit;
    const { value, member, depth } = next;
    const full = errors.length >= MAX_ERRORS;
    if (typeof value === 'string') {
      const fault = full ? undefined : textFault(value, FREE_TEXT_MEMBERS.has(member));
      if (fault) add(next, fault);
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_JSON_DEPTH) {
        if (full) errors.pop();
        errors.push({
          pointer: pointerOf(next),
          code: 'NESTING_TOO_DEEP',
          detail: `JSON nested deeper than ${MAX_JSON_DEPTH} levels.`,
        });
        break;
      }
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++)
          stack.push({ value: value[i], parent: next, key: String(i), member, depth: depth + 1 });
      } else {
        const record = value as Record<string, unknown>;
        const keys = Object.keys(record);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i] as string;
          const fault = full ? undefined : textFault(key, false);
          if (fault) add(next, fault, key);
          stack.push({ value: record[key], parent: next, key, member: key, depth: depth + 1 });
        }
      }
    }
  }
  return errors.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
}

interface Visit {
  value: unknown;
  parent: Visit | undefined;
  key: string;
  /** The nearest member name: an array's elements are values of the array's member. */
  member: string;
  depth: number;
}

function pointerOf(at: Visit): string {
  const tokens: string[] = [];
  for (let node: Visit | undefined = at; node?.parent; node = node.parent)
    tokens.push(escapePointer(node.key));
  return tokens
    .reverse()
    .map((t) => `/${t}`)
    .join('');
}

/** Whether the errors of `unsafeText` include nesting past the limit. */
export const tooDeep = (errors: readonly FieldError[]): boolean =>
  errors.some((e) => e.code === 'NESTING_TOO_DEEP');

const nfc = (s: string) => (PLAIN.test(s) ? s : s.normalize('NFC'));

/**
 * The body with every string and member name in Unicode Normalization Form C (UAX #15), changed
 * in place (an object whose names change is rebuilt in the same order). For a body `unsafeText`
 * found nothing in, whose member names are unique under NFC (`duplicateMembers`).
 */
export function normaliseText(body: unknown): unknown {
  if (typeof body === 'string') return nfc(body);
  const stack: unknown[] = [body];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const value: unknown = node[i];
        if (typeof value === 'string') node[i] = nfc(value);
        else if (value !== null && typeof value === 'object') stack.push(value);
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.some((k) => !PLAIN.test(k) && nfc(k) !== k)) {
      // Rebuilt in the same order; defineProperty keeps a member named __proto__ an own member.
      const values = keys.map((k) => record[k]);
      for (const k of keys) delete record[k];
      keys.forEach((k, i) => define(record, nfc(k), values[i]));
    }
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (typeof value === 'string') {
        const normalised = nfc(value);
        if (normalised !== value) define(record, key, normalised);
      } else if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  return body;
}

const define = (target: object, key: string, value: unknown) =>
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
