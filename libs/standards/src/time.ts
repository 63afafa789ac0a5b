// Calendar arithmetic. Dates in the standard (effective dates, arrangements) are local calendar
// days; the three territories share UTC+8 with no daylight saving, so a day is a fixed offset.

const DAY_MS = 86_400_000;
const UTC_PLUS_8_MS = 8 * 3_600_000;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether y-m-d is a day of the Gregorian calendar. */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days =
    m === 2
      ? y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
        ? 29
        : 28
      : m === 4 || m === 6 || m === 9 || m === 11
        ? 30
        : 31;
  return d <= days;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Two decimal digits at `i`, or NaN. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/**
 * Why a text is not an RFC 3339 date-time (or full-date):
 * - `FORMAT`: not the grammar of RFC 3339 section 5.6 (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`,
 *   at most 9 fraction digits);
 * - `OFFSET_MISSING`: a local time without `Z` or `±HH:MM`; it would be read in the server's zone;
 * - `DATE_IMPOSSIBLE`: a day the Gregorian calendar does not have (month 13, 30 February, 29 February
 *   of a common year);
 * - `TIME_IMPOSSIBLE`: hour above 23, minute above 59, offset hour above 23 or minute above 59;
 * - `LEAP_SECOND`: second 60. RFC 3339 allows it at a leap second, but instants here are POSIX time
 *   (JavaScript, PostgreSQL timestamptz), which has no leap seconds: it is refused, not rounded.
 */
export type TimeProblem = 'FORMAT' | 'OFFSET_MISSING' | 'DATE_IMPOSSIBLE' | 'TIME_IMPOSSIBLE' | 'LEAP_SECOND';

/** What each TimeProblem tells the sender (the `detail` of the 422 field error). */
export const TIME_PROBLEM_DETAIL: Readonly<Record<TimeProblem, string>> = {
  FORMAT: 'not an RFC 3339 date-time such as "2026-03-01T08:30:00Z" or "2026-03-01T16:30:00+08:00"',
  OFFSET_MISSING: 'the time has no offset: RFC 3339 requires "Z" or "±HH:MM" (a local time is ambiguous)',
  DATE_IMPOSSIBLE: 'the date does not exist in the Gregorian calendar',
  TIME_IMPOSSIBLE: 'the time of day or the offset does not exist (hours 00-23, minutes 00-59)',
  LEAP_SECOND: 'second 60 (a leap second) is not accepted: instants are kept in POSIX time; give :59',
};

/**
 * Reads an RFC 3339 (section 5.6) date-time: milliseconds since the epoch, or the TimeProblem.
 * Fractions beyond milliseconds are truncated. Read by position: it runs on every assessment.
 * The one date-time parser of the project: parseRfc3339 and readDateTime are views of it.
 */
function scanRfc3339(s: string): number | TimeProblem {
  if (typeof s !== 'string' || s.length < 19 || s.length > 40) return 'FORMAT';
  const y = two(s, 0) * 100 + two(s, 2);
  const mo = two(s, 5);
  const d = two(s, 8);
  const h = two(s, 11);
  const mi = two(s, 14);
  const sec = two(s, 17);
  const t = s[10];
  if (s[4] !== '-' || s[7] !== '-' || (t !== 'T' && t !== 't') || s[13] !== ':' || s[16] !== ':')
    return 'FORMAT';
  if (Number.isNaN(y + mo + d + h + mi + sec)) return 'FORMAT';
  let i = 19;
  let millis = 0;
  if (s[i] === '.') {
    let digits = 0;
    for (i++; i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++, digits++) {
      if (digits < 3) millis = millis * 10 + (s.charCodeAt(i) - 48);
    }
    if (digits === 0 || digits > 9) return 'FORMAT';
    for (let k = digits; k < 3; k++) millis *= 10;
  }
  let offsetMinutes = 0;
  const zone = s[i];
  if (i === s.length) return 'OFFSET_MISSING';
  if ((zone === 'Z' || zone === 'z') && i + 1 === s.length) offsetMinutes = 0;
  else if ((zone === '+' || zone === '-') && i + 6 === s.length && s[i + 3] === ':') {
    const oh = two(s, i + 1);
    const om = two(s, i + 4);
    if (Number.isNaN(oh + om)) return 'FORMAT';
    if (oh > 23 || om > 59) return 'TIME_IMPOSSIBLE';
    offsetMinutes = (zone === '-' ? -1 : 1) * (oh * 60 + om);
  } else return 'FORMAT';
  if (!isRealDate(y, mo, d)) return 'DATE_IMPOSSIBLE';
  if (h > 23 || mi > 59) return 'TIME_IMPOSSIBLE';
  if (sec === 60) return 'LEAP_SECOND';
  if (sec > 59) return 'TIME_IMPOSSIBLE';
  return daysFromCivil(y, mo, d) * DAY_MS + ((h * 60 + mi - offsetMinutes) * 60 + sec) * 1000 + millis;
}

/**
 * An RFC 3339 date-time with a real date and time (YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)),
 * as milliseconds since the epoch; NaN otherwise (readDateTime says why).
 */
export function parseRfc3339(s: string): number {
  const r = scanRfc3339(s);
  return typeof r === 'number' ? r : NaN;
}

/** An RFC 3339 date-time read: `{ ms }` (milliseconds since the epoch) or `{ problem }`. */
export type DateTimeRead = { ok: true; ms: number } | { ok: false; problem: TimeProblem; detail: string };

/**
 * Reads an RFC 3339 (section 5.6 `date-time`) value at the door: the instant, or why it is refused
 * (TimeProblem, with the detail to send back). Anything but a string is `FORMAT`.
 */
export function readDateTime(v: unknown): DateTimeRead {
  const r = typeof v === 'string' ? scanRfc3339(v) : 'FORMAT';
  return typeof r === 'number'
    ? { ok: true, ms: r }
    : { ok: false, problem: r, detail: TIME_PROBLEM_DETAIL[r] };
}

/** An RFC 3339 full-date read: `{ day }` (days since 1970-01-01) or `{ problem }`. */
export type FullDateRead = { ok: true; day: number } | { ok: false; problem: TimeProblem; detail: string };

/** Reads an RFC 3339 (section 5.6 `full-date`) value YYYY-MM-DD: the day, or why it is refused. */
export function readFullDate(v: unknown): FullDateRead {
  const m = typeof v === 'string' ? CALENDAR_DATE.exec(v) : null;
  if (!m) return { ok: false, problem: 'FORMAT', detail: 'not an RFC 3339 full-date such as "2026-03-01"' };
  if (!isRealDate(+m[1], +m[2], +m[3]))
    return { ok: false, problem: 'DATE_IMPOSSIBLE', detail: TIME_PROBLEM_DETAIL.DATE_IMPOSSIBLE };
  return { ok: true, day: daysFromCivil(+m[1], +m[2], +m[3]) };
}

// Assessments made in the same millisecond share its text.
let lastIso = { ms: NaN, text: '' };

/** RFC 3339 in UTC with milliseconds, as Date.prototype.toISOString writes it (years 0–9999). */
export function isoUtc(ms: number): string {
  if (ms === lastIso.ms) return lastIso.text;
  const text = formatIsoUtc(ms);
  lastIso = { ms, text };
  return text;
}

function formatIsoUtc(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const rest = ms - days * DAY_MS;
  // H. Hinnant's civil_from_days.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
  const millis = rest % 1000;
  const seconds = (rest - millis) / 1000;
  return `${String(y).padStart(4, '0')}-${two(m)}-${two(d)}T${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}.${String(millis).padStart(3, '0')}Z`;
}

/** Days since 1970-01-01 of a calendar date YYYY-MM-DD. */
export function epochDay(date: string): number {
  const r = readFullDate(date);
  if (!r.ok) throw new RangeError(`not a calendar date: ${date}`);
  return r.day;
}

/** Milliseconds of an instant given as a Date or an RFC 3339 string; throws RangeError if invalid. */
export function instantMs(at: Date | string): number {
  const ms = typeof at === 'string' ? parseRfc3339(at) : at instanceof Date ? at.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not a valid instant: ${String(at)}`);
  return ms;
}

/** The local (UTC+8) calendar day of an instant, as days since 1970-01-01. */
export function localDay(at: Date | string | number): number {
  const ms = typeof at === 'number' ? at : instantMs(at);
  return Math.floor((ms + UTC_PLUS_8_MS) / DAY_MS);
}

/** The local (UTC+8) calendar year of an instant. Throws RangeError for an invalid Date or string. */
export function localYear(at: Date | string | number): number {
  return new Date(localDay(at) * DAY_MS).getUTCFullYear();
}
