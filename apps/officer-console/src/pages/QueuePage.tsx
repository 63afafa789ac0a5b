import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, type Declaration, type Page, type Task } from '../api';
import { session } from '../auth';
import { ageMinutes, formatAge, formatInstant } from '../format';
import { label, participantOf, routeOf } from './labels';

/** How often the queue is read again (the page never reloads). */
const REFRESH_MS = 5000;

/** The pending tasks of the officer's authority, oldest first, by kind, with route, lane and reasons. */
export function QueuePage() {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<'' | 'document' | 'physical'>('');
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [declarations, setDeclarations] = useState<Record<string, Declaration>>({});
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const authority = session()?.authority ?? '';

  const refresh = useCallback(async () => {
    try {
      const page = await api<Page<Task>>(
        'GET',
        `/inspections?status=pending&limit=200${kind ? `&kind=${kind}` : ''}`,
      );
      setTasks(page.items);
      const ids = [...new Set(page.items.map((task) => task.declarationId))];
      const found = await Promise.all(
        ids.map((id) => api<Declaration>('GET', `/declarations/${id}`).catch(() => null)),
      );
      setDeclarations(
        Object.fromEntries(found.filter((d): d is Declaration => d !== null).map((d) => [d.id, d])),
      );
      setUpdatedAt(new Date().toISOString());
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }, [kind]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <section aria-labelledby="queue-title">
      <h2 id="queue-title">{t('queue.title')}</h2>
      <div className="toolbar">
        <label>
          {t('queue.kind')}{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} data-testid="kind">
            <option value="">{t('queue.allKinds')}</option>
            <option value="document">{t('kind.document')}</option>
            <option value="physical">{t('kind.physical')}</option>
          </select>
        </label>
        <p className="muted">
          {updatedAt
            ? t('queue.refreshed', { time: formatInstant(updatedAt, i18n.language) })
            : t('app.loading')}
        </p>
      </div>
      {error && <p role="alert">{t('app.error', { detail: error })}</p>}
      {tasks && tasks.length === 0 && <p>{t('queue.empty')}</p>}
      {tasks && tasks.length > 0 && (
        <table data-testid="queue">
          <thead>
            <tr>
              <th scope="col">{t('queue.declaration')}</th>
              <th scope="col">{t('queue.kind')}</th>
              <th scope="col">{t('queue.age')}</th>
              <th scope="col">{t('queue.route')}</th>
              <th scope="col">{t('queue.lane')}</th>
              <th scope="col">{t('queue.reasons')}</th>
              <th scope="col">{t('queue.record')}</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => {
              const d = declarations[task.declarationId];
              const lane = d ? participantOf(d, authority)?.lane : null;
              return (
                <tr key={task.id} data-declaration={task.declarationId}>
                  <td>
                    <Link to={`/declarations/${task.declarationId}`}>
                      {d?.platformRef ?? task.declarationId}
                    </Link>
                  </td>
                  <td>{label(t, 'kind', task.kind)}</td>
                  <td>
                    <time dateTime={task.createdAt} title={formatInstant(task.createdAt, i18n.language)}>
                      {formatAge(ageMinutes(task.createdAt), i18n.language)}
                    </time>
                  </td>
                  <td>{d ? routeOf(d) : '…'}</td>
                  <td>{lane ? <span className={`lane lane-${lane}`}>{lane}</span> : '…'}</td>
                  <td>
                    <ul className="reasons">
                      {task.reasons.map((r) => (
                        <li key={r.ruleId}>
                          <code>{r.ruleId}</code> {r.detail}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <Link
                      to={`/tasks/${task.id}`}
                      aria-label={`${t('queue.record')}: ${d?.platformRef ?? task.declarationId}`}
                    >
                      {t('queue.record')}
                    </Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
