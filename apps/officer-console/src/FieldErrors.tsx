import type { FieldError } from './api';

/** The server's errors for one field, linked to it by `id` (aria-describedby of the input). */
export function FieldErrors({ id, errors }: { id: string; errors: FieldError[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <ul className="field-errors" id={id} data-testid={id}>
      {errors.map((e) => (
        <li key={`${e.pointer}:${e.code}`}>
          {e.detail} <span className="code">({e.code})</span>
        </li>
      ))}
    </ul>
  );
}

/** Errors no field took, and the problem's detail, at the top of a form (role=alert). */
export function FormAlert({ title, errors }: { title: string | null; errors: FieldError[] }) {
  if (!title && errors.length === 0) return null;
  return (
    <div role="alert" className="alert">
      {title && <p>{title}</p>}
      {errors.length > 0 && (
        <ul>
          {errors.map((e) => (
            <li key={`${e.pointer}:${e.code}`}>
              <code>{e.pointer || '/'}</code> {e.detail}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
