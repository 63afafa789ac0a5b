import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, type FieldError, type Page, type Task } from '../api';
import { errorsByField } from '../field-errors';
import { FieldErrors, FormAlert } from '../FieldErrors';
import { label } from './labels';

const OUTCOMES = ['pass', 'fail', 'not-performed'] as const;
const OUTCOME_KEYS = {
  pass: 'result.pass',
  fail: 'result.fail',
  'not-performed': 'result.notPerformed',
} as const;
const FINDINGS = [
  'QUANTITY_MISMATCH',
  'UNDECLARED_GOODS',
  'PROHIBITED_GOODS',
  'MISDESCRIPTION',
  'UNDERVALUATION',
  'SEAL_BROKEN',
];

/** Props for one input: its errors linked by aria-describedby, aria-invalid when refused. */
const described = (byField: Record<string, FieldError[]>, field: string) =>
  byField[field] ? { 'aria-invalid': true as const, 'aria-describedby': `${field}-errors` } : {};

/**
 * The common inspection record of a pending task (api.md POST /inspections/{taskId}/result):
 * each check's outcome, findings with codes, location, method, containers, seal and e-lock. A
 * refusal's field errors are shown next to the fields their JSON pointers name.
 */
export function RecordResultPage() {
  const { taskId = '' } = useParams();
  const { t } = useTranslation();
  const [task, setTask] = useState<Task | null | undefined>(undefined);
  const [outcomes, setOutcomes] = useState<Record<string, string>>({});
  const [findings, setFindings] = useState<{ code: string; detail: string }[]>([]);
  const [location, setLocation] = useState('');
  const [method, setMethod] = useState('physical');
  const [containers, setContainers] = useState('');
  const [sealNumber, setSealNumber] = useState('');
  const [eLockId, setELockId] = useState('');
  const [sealIntact, setSealIntact] = useState(true);
  const [problem, setProblem] = useState<{ title: string | null; errors: FieldError[] } | null>(null);
  const [recorded, setRecorded] = useState(false);

  useEffect(() => {
    api<Page<Task>>('GET', '/inspections?status=pending&limit=200')
      .then((page) => {
        const found = page.items.find((x) => x.id === taskId) ?? null;
        setTask(found);
        if (found) {
          setOutcomes(Object.fromEntries(found.checks.map((c) => [c, 'pass'])));
          setMethod(found.kind === 'document' ? 'document' : 'physical');
        }
      })
      .catch(() => setTask(null));
  }, [taskId]);

  if (task === undefined) return <p role="status">{t('app.loading')}</p>;
  if (task === null && !recorded) return <p role="alert">{t('result.taskMissing')}</p>;
  const checks = task?.checks ?? [];

  const fields: Record<string, string> = {
    location: '/location',
    method: '/method',
    containers: '/containerNumbers',
    seal: '/sealNumber',
    elock: '/eLockId',
    intact: '/sealIntact',
    findings: '/findings',
    checks: '/checks',
  };
  checks.forEach((_c, i) => (fields[`check-${i}`] = `/checks/${i}`));
  findings.forEach((_f, i) => {
    fields[`finding-${i}-code`] = `/findings/${i}/code`;
    fields[`finding-${i}-detail`] = `/findings/${i}/detail`;
  });
  const { byField, other } = errorsByField(problem?.errors, fields);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const containerNumbers = containers
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    try {
      await api('POST', `/inspections/${taskId}/result`, {
        checks: checks.map((check) => ({ check, outcome: outcomes[check] })),
        findings,
        location,
        method,
        containerNumbers,
        ...(sealNumber ? { sealNumber } : {}),
        ...(eLockId ? { eLockId } : {}),
        sealIntact,
      });
      setProblem(null);
      setRecorded(true);
    } catch (err) {
      const p = err instanceof ApiError ? err.problem : { status: 0, detail: String(err) };
      setProblem({ title: t('result.refused') + (p.detail ? ` ${p.detail}` : ''), errors: p.errors ?? [] });
    }
  };

  if (recorded)
    return (
      <section>
        <p role="status" data-testid="recorded">
          {t('result.recorded')}
        </p>
        {task && <Link to={`/declarations/${task.declarationId}`}>{t('queue.declaration')}</Link>}
      </section>
    );

  const shown = task as Task;
  return (
    <section aria-labelledby="result-title">
      <h2 id="result-title">{t('result.title')}</h2>
      <p>
        {label(t, 'kind', shown.kind)} ·{' '}
        <Link to={`/declarations/${shown.declarationId}`}>{t('queue.declaration')}</Link>
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <FormAlert title={problem?.title ?? null} errors={other} />
        <fieldset>
          <legend>{t('result.checks')}</legend>
          <FieldErrors id="checks-errors" errors={byField.checks} />
          {checks.map((check, i) => (
            <div className="field" key={check}>
              <label htmlFor={`check-${i}`}>{t('result.outcome', { check: label(t, 'check', check) })}</label>
              <select
                id={`check-${i}`}
                value={outcomes[check]}
                onChange={(e) => setOutcomes({ ...outcomes, [check]: e.target.value })}
                {...described(byField, `check-${i}`)}
              >
                {OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {t(OUTCOME_KEYS[o])}
                  </option>
                ))}
              </select>
              <FieldErrors id={`check-${i}-errors`} errors={byField[`check-${i}`]} />
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('result.findings')}</legend>
          <FieldErrors id="findings-errors" errors={byField.findings} />
          {findings.map((f, i) => (
            <div className="finding" key={i}>
              <div className="field">
                <label htmlFor={`finding-${i}-code`}>{t('result.findingCode')}</label>
                <select
                  id={`finding-${i}-code`}
                  value={f.code}
                  onChange={(e) =>
                    setFindings(findings.map((x, j) => (j === i ? { ...x, code: e.target.value } : x)))
                  }
                  {...described(byField, `finding-${i}-code`)}
                >
                  {FINDINGS.map((code) => (
                    <option key={code} value={code}>
                      {label(t, 'finding', code)}
                    </option>
                  ))}
                </select>
                <FieldErrors id={`finding-${i}-code-errors`} errors={byField[`finding-${i}-code`]} />
              </div>
              <div className="field">
                <label htmlFor={`finding-${i}-detail`}>{t('result.findingDetail')}</label>
                <input
                  id={`finding-${i}-detail`}
                  value={f.detail}
                  onChange={(e) =>
                    setFindings(findings.map((x, j) => (j === i ? { ...x, detail: e.target.value } : x)))
                  }
                  {...described(byField, `finding-${i}-detail`)}
                />
                <FieldErrors id={`finding-${i}-detail-errors`} errors={byField[`finding-${i}-detail`]} />
              </div>
              <button type="button" onClick={() => setFindings(findings.filter((_x, j) => j !== i))}>
                {t('result.removeFinding', { n: i + 1 })}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setFindings([...findings, { code: FINDINGS[0], detail: '' }])}>
            {t('result.addFinding')}
          </button>
        </fieldset>
        <div className="field">
          <label htmlFor="location">{t('result.location')}</label>
          <input
            id="location"
            value={location}
            onChange={(e) => setLocation(e.target.value)}
            {...described(byField, 'location')}
          />
          <FieldErrors id="location-errors" errors={byField.location} />
        </div>
        <div className="field">
          <label htmlFor="method">{t('result.method')}</label>
          <select
            id="method"
            value={method}
            onChange={(e) => setMethod(e.target.value)}
            {...described(byField, 'method')}
          >
            <option value="physical">{t('kind.physical')}</option>
            <option value="document">{t('kind.document')}</option>
          </select>
          <FieldErrors id="method-errors" errors={byField.method} />
        </div>
        <div className="field">
          <label htmlFor="containers">{t('result.containers')}</label>
          <input
            id="containers"
            value={containers}
            onChange={(e) => setContainers(e.target.value)}
            {...described(byField, 'containers')}
          />
          <FieldErrors id="containers-errors" errors={byField.containers} />
        </div>
        <div className="field">
          <label htmlFor="seal">{t('result.seal')}</label>
          <input
            id="seal"
            value={sealNumber}
            onChange={(e) => setSealNumber(e.target.value)}
            {...described(byField, 'seal')}
          />
          <FieldErrors id="seal-errors" errors={byField.seal} />
        </div>
        <div className="field">
          <label htmlFor="elock">{t('result.eLock')}</label>
          <input
            id="elock"
            value={eLockId}
            onChange={(e) => setELockId(e.target.value)}
            {...described(byField, 'elock')}
          />
          <FieldErrors id="elock-errors" errors={byField.elock} />
        </div>
        <div className="field">
          <label className="inline">
            <input type="checkbox" checked={sealIntact} onChange={(e) => setSealIntact(e.target.checked)} />{' '}
            {t('result.sealIntact')}
          </label>
          <FieldErrors id="intact-errors" errors={byField.intact} />
        </div>
        <button type="submit">{t('result.submit')}</button>
      </form>
    </section>
  );
}
