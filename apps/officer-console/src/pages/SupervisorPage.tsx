import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type FieldError, type Page, type RiskTarget } from '../api';
import type { Session } from '../auth';
import { errorsByField } from '../field-errors';
import { FieldErrors, FormAlert } from '../FieldErrors';
import { formatInstant } from '../format';

const described = (byField: Record<string, FieldError[]>, field: string) =>
  byField[field] ? { 'aria-invalid': true as const, 'aria-describedby': `${field}-errors` } : {};

/** Risk targets (list, create with expiry, remove) and the audit chain's verification. */
export function SupervisorPage({ officer }: { officer: Session }) {
  const { t, i18n } = useTranslation();
  const [targets, setTargets] = useState<RiskTarget[]>([]);
  const [form, setForm] = useState({
    partyId: '',
    hsPrefix: '',
    originCountry: '',
    lane: 'RED',
    reason: '',
    expiresAt: '',
  });
  const [problem, setProblem] = useState<{ title: string | null; errors: FieldError[] } | null>(null);
  const [created, setCreated] = useState(false);
  const [audit, setAudit] = useState<string | null>(null);

  const load = useCallback(async () => {
    const page = await api<Page<RiskTarget> | RiskTarget[]>('GET', '/risk/targets');
    setTargets(Array.isArray(page) ? page : page.items);
  }, []);
  useEffect(() => {
    void load().catch(() => undefined);
  }, [load]);

  if (!officer.roles.includes('supervisor')) return <p role="alert">{t('supervisor.needsRole')}</p>;

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const match = Object.fromEntries(
      (['partyId', 'hsPrefix', 'originCountry'] as const).filter((k) => form[k]).map((k) => [k, form[k]]),
    );
    // datetime-local is the officer's local time; the API takes RFC 3339 UTC.
    const expires = form.expiresAt ? new Date(form.expiresAt) : null;
    try {
      await api('POST', '/risk/targets', {
        match,
        lane: form.lane,
        reason: form.reason,
        expiresAt: expires && !Number.isNaN(expires.getTime()) ? expires.toISOString() : form.expiresAt,
      });
      setProblem(null);
      setCreated(true);
      await load();
    } catch (err) {
      const p = err instanceof ApiError ? err.problem : { status: 0, detail: String(err) };
      setProblem({ title: p.detail ?? t('errors.general'), errors: p.errors ?? [] });
      setCreated(false);
    }
  };
  const remove = async (id: string) => {
    await api('DELETE', `/risk/targets/${id}`).catch(() => undefined);
    await load();
  };
  const verify = async () => {
    try {
      setAudit(JSON.stringify(await api('GET', '/audit/verify'), null, 2));
    } catch (err) {
      setAudit(err instanceof ApiError ? JSON.stringify(err.problem, null, 2) : String(err));
    }
  };
  const { byField, other } = errorsByField(problem?.errors, {
    partyId: '/match/partyId',
    hsPrefix: '/match/hsPrefix',
    originCountry: '/match/originCountry',
    match: '/match',
    lane: '/lane',
    reason: '/reason',
    expiresAt: '/expiresAt',
  });

  return (
    <section aria-labelledby="supervisor-title">
      <h2 id="supervisor-title">{t('supervisor.title')}</h2>
      <h3>{t('supervisor.targets')}</h3>
      {targets.length === 0 ? (
        <p>{t('supervisor.noTargets')}</p>
      ) : (
        <table data-testid="targets">
          <thead>
            <tr>
              <th scope="col">{t('supervisor.match')}</th>
              <th scope="col">{t('supervisor.lane')}</th>
              <th scope="col">{t('supervisor.reason')}</th>
              <th scope="col">{t('supervisor.expiresAt')}</th>
              <th scope="col">{t('supervisor.remove')}</th>
            </tr>
          </thead>
          <tbody>
            {targets.map((target) => (
              <tr key={target.id}>
                <td>
                  {Object.entries(target.match)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', ')}
                </td>
                <td>
                  <span className={`lane lane-${target.lane}`}>{target.lane}</span>
                </td>
                <td>{target.reason}</td>
                <td>{formatInstant(target.expiresAt, i18n.language)}</td>
                <td>
                  <button type="button" onClick={() => void remove(target.id)}>
                    {t('supervisor.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="new-target">
        <h3 id="new-target">{t('supervisor.newTarget')}</h3>
        <FormAlert title={problem?.title ?? null} errors={other} />
        {created && <p role="status">{t('supervisor.created')}</p>}
        <FieldErrors id="match-errors" errors={byField.match} />
        {(['partyId', 'hsPrefix', 'originCountry'] as const).map((k) => (
          <div className="field" key={k}>
            <label htmlFor={k}>{t(`supervisor.${k}`)}</label>
            <input id={k} value={form[k]} onChange={set(k)} {...described(byField, k)} />
            <FieldErrors id={`${k}-errors`} errors={byField[k]} />
          </div>
        ))}
        <div className="field">
          <label htmlFor="lane">{t('supervisor.lane')}</label>
          <select id="lane" value={form.lane} onChange={set('lane')} {...described(byField, 'lane')}>
            <option>YELLOW</option>
            <option>RED</option>
          </select>
          <FieldErrors id="lane-errors" errors={byField.lane} />
        </div>
        <div className="field">
          <label htmlFor="target-reason">{t('supervisor.reason')}</label>
          <input
            id="target-reason"
            value={form.reason}
            onChange={set('reason')}
            {...described(byField, 'reason')}
          />
          <FieldErrors id="reason-errors" errors={byField.reason} />
        </div>
        <div className="field">
          <label htmlFor="expiresAt">{t('supervisor.expiresAt')}</label>
          <input
            id="expiresAt"
            type="datetime-local"
            value={form.expiresAt}
            onChange={set('expiresAt')}
            {...described(byField, 'expiresAt')}
          />
          <FieldErrors id="expiresAt-errors" errors={byField.expiresAt} />
        </div>
        <button type="submit">{t('supervisor.create')}</button>
      </form>
      <h3>{t('supervisor.audit')}</h3>
      <button type="button" onClick={() => void verify()}>
        {t('supervisor.verify')}
      </button>
      {audit && (
        <pre aria-label={t('supervisor.auditResult')} data-testid="audit" tabIndex={0}>
          {audit}
        </pre>
      )}
    </section>
  );
}
