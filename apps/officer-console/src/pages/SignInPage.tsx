import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldError } from '../api';
import { type ConsoleSettings, developmentSignIn, oidcSignIn, type Session } from '../auth';
import { errorsByField } from '../field-errors';
import { FieldErrors, FormAlert } from '../FieldErrors';

const FIELDS = { authority: '/authority', roles: '/roles', sub: '/sub' };

/**
 * Sign-in. Development mode: authority, roles and officer id for a token the service mints.
 * Production: the identity provider (OpenID Connect Authorization Code with PKCE).
 */
export function SignInPage({
  settings,
  onSession,
}: {
  settings: ConsoleSettings;
  onSession: (s: Session) => void;
}) {
  const { t } = useTranslation();
  const [authority, setAuthority] = useState<string>(settings.authority);
  const [roles, setRoles] = useState<string[]>(['officer']);
  const [sub, setSub] = useState('');
  const [problem, setProblem] = useState<{ title: string | null; errors: FieldError[] } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onSession(await developmentSignIn(authority, roles, sub));
    } catch (err) {
      const p = err instanceof ApiError ? err.problem : { status: 0, detail: String(err) };
      setProblem({ title: p.detail ?? t('errors.general'), errors: p.errors ?? [] });
    }
  };
  const { byField, other } = errorsByField(problem?.errors, FIELDS);

  if (settings.mode !== 'development') {
    return (
      <section aria-labelledby="sign-in">
        <h2 id="sign-in">{t('signIn.title')}</h2>
        {settings.oidc ? (
          <button type="button" onClick={() => void oidcSignIn(settings)}>
            {t('signIn.oidc')}
          </button>
        ) : (
          <p>{t('signIn.noMethod')}</p>
        )}
      </section>
    );
  }
  const toggle = (role: string, on: boolean) =>
    setRoles((now) => (on ? [...new Set([...now, role])] : now.filter((r) => r !== role)));
  return (
    <section aria-labelledby="sign-in">
      <h2 id="sign-in">{t('signIn.title')}</h2>
      <p>{t('signIn.development')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormAlert title={problem?.title ?? null} errors={other} />
        <div className="field">
          <label htmlFor="authority">{t('signIn.authority')}</label>
          <select
            id="authority"
            value={authority}
            onChange={(e) => setAuthority(e.target.value)}
            aria-describedby={byField.authority ? 'authority-errors' : undefined}
            aria-invalid={byField.authority ? true : undefined}
          >
            {['GZ', 'HK', 'MO'].map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
          <FieldErrors id="authority-errors" errors={byField.authority} />
        </div>
        <fieldset aria-describedby={byField.roles ? 'roles-errors' : undefined}>
          <legend>{t('signIn.roles')}</legend>
          {['officer', 'supervisor'].map((r) => (
            <label key={r} className="inline">
              <input
                type="checkbox"
                checked={roles.includes(r)}
                onChange={(e) => toggle(r, e.target.checked)}
              />{' '}
              {t(`roles.${r}`)}
            </label>
          ))}
          <FieldErrors id="roles-errors" errors={byField.roles} />
        </fieldset>
        <div className="field">
          <label htmlFor="sub">{t('signIn.sub')}</label>
          <input
            id="sub"
            value={sub}
            onChange={(e) => setSub(e.target.value)}
            autoComplete="username"
            aria-describedby={byField.sub ? 'sub-errors' : undefined}
            aria-invalid={byField.sub ? true : undefined}
          />
          <FieldErrors id="sub-errors" errors={byField.sub} />
        </div>
        <button type="submit">{t('signIn.submit')}</button>
      </form>
    </section>
  );
}
