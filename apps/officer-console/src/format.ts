/** The officer's time zone, as the browser reports it (Intl). */
export const timeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** An RFC 3339 instant as a date and time in the officer's time zone and language. */
export function formatInstant(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: timeZone(),
  }).format(date);
}

/** How long ago `iso` was, in whole minutes (at least 0). */
export function ageMinutes(iso: string, now: number = Date.now()): number {
  return Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60000));
}

/** An age in minutes in words of the officer's language (Intl.RelativeTimeFormat). */
export function formatAge(minutes: number, language: string): string {
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  if (minutes < 60) return rtf.format(-minutes, 'minute');
  if (minutes < 48 * 60) return rtf.format(-Math.floor(minutes / 60), 'hour');
  return rtf.format(-Math.floor(minutes / 1440), 'day');
}
