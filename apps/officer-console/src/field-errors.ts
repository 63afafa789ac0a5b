import type { FieldError } from './api';

/**
 * Sorts a problem's field errors by the form field they point at: `fields` maps a field's id to
 * the JSON pointer (RFC 6901) it edits; an error belongs to a field when its pointer is that
 * pointer or below it (`/checks/0` also takes `/checks/0/outcome`). Errors no field takes go to
 * `other`, to be shown at the top of the form.
 */
export function errorsByField(
  errors: FieldError[] | undefined,
  fields: Record<string, string>,
): { byField: Record<string, FieldError[]>; other: FieldError[] } {
  const byField: Record<string, FieldError[]> = {};
  const other: FieldError[] = [];
  // The longest pointer wins: /findings/0/code before /findings.
  const entries = Object.entries(fields).sort((a, b) => b[1].length - a[1].length);
  for (const error of errors ?? []) {
    const hit = entries.find(
      ([, pointer]) => error.pointer === pointer || error.pointer.startsWith(`${pointer}/`),
    );
    if (hit) (byField[hit[0]] ??= []).push(error);
    else other.push(error);
  }
  return { byField, other };
}
