/** One reference token of a JSON pointer (RFC 6901 § 3: `~` → `~0`, `/` → `~1`). */
export const escapePointer = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON pointer (RFC 6901) of a path of member names and array indexes; '' is the whole body. */
export const jsonPointer = (path: readonly (string | number)[]): string =>
  path.map((segment) => `/${escapePointer(String(segment))}`).join('');
