import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  api,
  ApiError,
  type Declaration,
  type FieldError,
  type HistoryEntry,
  type Page,
  type Reason,
  type Task,
} from '../api';
import type { Session } from '../auth';
import { errorsByField } from '../field-errors';
import { FieldErrors, FormAlert } from '../FieldErrors';
import { formatInstant } from '../format';
import { label } from './labels';

interface Item {
  line?: number;
  hsCode?: string;
  description?: string;
  quantity?: number;
  unit?: string;
  unitValue?: string;
  currency?: string;
}

/** The first value of `key` any history entry's detail carries (items and the standard version come with the filing). */
function fromHistory<T>(
  history: HistoryEntry[],
  key: string,
  accept: (v: unknown) => boolean,
): T | undefined {
  for (const h of history) {
    const value = h.detail?.[key];
    if (accept(value)) return value as T;
    const filing = h.detail?.['filing'] as Record<string, unknown> | undefined;
    if (filing && accept(filing[key])) return filing[key] as T;
  }
  return undefined;
}

const isReason = (v: unknown): v is Reason =>
  typeof v === 'object' && v !== null && typeof (v as Reason).ruleId === 'string';

/** The facts of a history entry besides its time, authority and type: reasons as a list, the rest as text. */
function EntryDetail({ entry }: { entry: HistoryEntry }) {
  const facts = Object.entries(entry.detail ?? {}).filter(([key]) => key !== 'items' && key !== 'filing');
  return (
    <dl className="entry">
      {facts.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>
            {Array.isArray(value) && value.every(isReason) ? (
              <ul className="reasons">
                {value.map((r, i) => (
                  <li key={`${r.ruleId}-${i}`}>
                    <code>{r.ruleId}</code> {r.detail}
                  </li>
                ))}
              </ul>
            ) : typeof value === 'string' ? (
              value
            ) : (
              JSON.stringify(value)
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function DecisionForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState('hold');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<{ title: string | null; errors: FieldError[] } | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api('POST', `/declarations/${id}/decision`, { decision, reason });
      setProblem(null);
      setDone(true);
      onDone();
    } catch (err) {
      const p = err instanceof ApiError ? err.problem : { status: 0, detail: String(err) };
      setProblem({ title: p.detail ?? t('errors.general'), errors: p.errors ?? [] });
      setDone(false);
    }
  };
  const { byField, other } = errorsByField(problem?.errors, { decision: '/decision', reason: '/reason' });
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="decision-title">
      <h3 id="decision-title">{t('decision.title')}</h3>
      <FormAlert title={problem?.title ?? null} errors={other} />
      {done && <p role="status">{t('decision.recorded')}</p>}
      <div className="field">
        <label htmlFor="decision">{t('decision.decision')}</label>
        <select id="decision" value={decision} onChange={(e) => setDecision(e.target.value)}>
          {['release', 'hold', 'reject'].map((d) => (
            <option key={d} value={d}>
              {t(`decision.${d}`)}
            </option>
          ))}
        </select>
        <FieldErrors id="decision-errors" errors={byField.decision} />
      </div>
      <div className="field">
        <label htmlFor="reason">{t('decision.reason')}</label>
        <textarea
          id="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={byField.reason ? true : undefined}
          aria-describedby={byField.reason ? 'reason-errors' : undefined}
        />
        <FieldErrors id="reason-errors" errors={byField.reason} />
      </div>
      <button type="submit">{t('decision.submit')}</button>
    </form>
  );
}

/**
 * One declaration: every authority's facts on one timeline, the participants side by side,
 * items and duties, the standard version, this authority's tasks and (supervisors) the decision.
 */
export function DeclarationPage({ officer }: { officer: Session }) {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [declaration, setDeclaration] = useState<Declaration | null>(null);
  const [tasks, setTasks] = useState<Task[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setDeclaration(await api<Declaration>('GET', `/declarations/${id}`));
      const pending = await api<Page<Task>>('GET', '/inspections?status=pending&limit=200');
      setTasks(pending.items.filter((task) => task.declarationId === id));
      setError(null);
    } catch (err) {
      setError(
        err instanceof ApiError && err.problem.status === 404 ? t('declaration.notFound') : String(err),
      );
    }
  }, [id, t]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [load]);

  if (error) return <p role="alert">{error}</p>;
  if (!declaration) return <p role="status">{t('app.loading')}</p>;
  const items = fromHistory<Item[]>(declaration.history, 'items', Array.isArray) ?? [];
  const standardVersion = fromHistory<string>(
    declaration.history,
    'standardVersion',
    (v) => typeof v === 'string',
  );
  const when = (iso: string | null) => (iso ? formatInstant(iso, i18n.language) : t('declaration.none'));

  return (
    <article aria-labelledby="declaration-title">
      <h2 id="declaration-title">{t('declaration.title', { ref: declaration.platformRef })}</h2>
      <dl className="facts">
        <dt>{t('declaration.status')}</dt>
        <dd data-testid="declaration-status">{label(t, 'status', declaration.status)}</dd>
        <dt>{t('declaration.filedWith')}</dt>
        <dd>{declaration.filedWith}</dd>
        <dt>{t('declaration.filedAt')}</dt>
        <dd>{when(declaration.filedAt)}</dd>
        <dt>{t('declaration.tradeMode')}</dt>
        <dd>{declaration.tradeMode}</dd>
        {standardVersion && (
          <>
            <dt>{t('declaration.standardVersion')}</dt>
            <dd>{standardVersion}</dd>
          </>
        )}
      </dl>

      <h3>{t('declaration.participants')}</h3>
      <div className="participants">
        {declaration.participants.map((p) => (
          <section
            key={p.authority}
            className="participant"
            aria-label={`${p.authority} ${label(t, 'role', p.role)}`}
            data-testid={`participant-${p.authority}`}
          >
            <h4>
              {p.authority} · {label(t, 'role', p.role)}
            </h4>
            <dl>
              <dt>{t('declaration.status')}</dt>
              <dd data-testid={`status-${p.authority}`}>{label(t, 'status', p.status)}</dd>
              <dt>{t('queue.lane')}</dt>
              <dd>
                {p.lane ? <span className={`lane lane-${p.lane}`}>{p.lane}</span> : t('declaration.none')}
              </dd>
              <dt>{t('declaration.decidedAt')}</dt>
              <dd>{when(p.decidedAt)}</dd>
              <dt>{t('queue.reasons')}</dt>
              <dd>
                <ul className="reasons" data-testid={`reasons-${p.authority}`}>
                  {p.reasons.map((r, i) => (
                    <li key={`${r.ruleId}-${i}`}>
                      <code>{r.ruleId}</code> {r.detail}
                    </li>
                  ))}
                </ul>
              </dd>
              <dt>{t('declaration.duties')}</dt>
              <dd>
                {p.duties.length === 0
                  ? t('declaration.none')
                  : p.duties.map((d) => `${d.code} ${d.amount} ${d.currency}`).join(', ')}
              </dd>
            </dl>
          </section>
        ))}
      </div>

      {items.length > 0 && (
        <>
          <h3>{t('declaration.items')}</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('declaration.itemLine')}</th>
                <th scope="col">{t('declaration.hsCode')}</th>
                <th scope="col">{t('declaration.description')}</th>
                <th scope="col">{t('declaration.quantity')}</th>
                <th scope="col">{t('declaration.value')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item, i) => (
                <tr key={item.line ?? i}>
                  <td>{item.line}</td>
                  <td>{item.hsCode}</td>
                  <td>{item.description}</td>
                  <td>
                    {item.quantity} {item.unit}
                  </td>
                  <td>
                    {item.unitValue} {item.currency}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {tasks.length > 0 && (
        <>
          <h3>{t('declaration.tasks')}</h3>
          <ul>
            {tasks.map((task) => (
              <li key={task.id}>
                <Link to={`/tasks/${task.id}`}>
                  {label(t, 'kind', task.kind)} — {t('queue.record')}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}

      {officer.roles.includes('supervisor') && (
        <DecisionForm id={declaration.id} onDone={() => void load()} />
      )}

      <h3>{t('declaration.timeline')}</h3>
      <table data-testid="timeline">
        <thead>
          <tr>
            <th scope="col">{t('declaration.when')}</th>
            <th scope="col">{t('declaration.authority')}</th>
            <th scope="col">{t('declaration.event')}</th>
            <th scope="col">{t('declaration.details')}</th>
          </tr>
        </thead>
        <tbody>
          {declaration.history.map((h) => (
            <tr key={h.eventId}>
              <td>
                <time dateTime={h.occurredAt}>{formatInstant(h.occurredAt, i18n.language)}</time>
              </td>
              <td>{h.authority}</td>
              <td>
                {label(t, 'event', h.type)}
                <br />
                <code>{h.type}</code>
              </td>
              <td className="detail">
                <EntryDetail entry={h} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
