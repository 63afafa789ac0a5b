/**
 * A timestamptz column as JavaScript's `toISOString()` writes it (UTC, milliseconds, `Z`), so that
 * rows read as the plain objects of the domain and the API without a mapping.
 */
export const iso = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
