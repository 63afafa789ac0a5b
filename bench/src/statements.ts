// SQL statements the services ran: the counter db_statements_total (by unit of work) of each
// service's /metrics, read before and after a measured run. Where no service exposes it, the
// cluster's pg_stat_statements (only if preloaded), summed over the stack's databases; else nothing.
import { Client } from 'pg';
import type { AuthorityCode } from './declarations';
import { counterSamples } from './stats';
import type { Stack } from './stack';

export const STATEMENT_COUNTER = 'db_statements_total';

export type StatementReading =
  | {
      source: 'metrics';
      /** per service: its total and its samples by label set (`{unit="http"}` …) */
      services: Partial<Record<AuthorityCode, { total: number; byLabels: Record<string, number> }>>;
    }
  | { source: 'pg_stat_statements'; total: number }
  | { source: 'n/a'; why: string };

async function metricsOf(baseUrl: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
    return res.ok ? await res.text() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the statement counters now. `statsUrl` is a database of the cluster in which the
 * pg_stat_statements extension may be created (the benchmark's scratch database).
 */
export async function readStatements(stack: Stack, statsUrl: string | undefined): Promise<StatementReading> {
  const services: Partial<Record<AuthorityCode, { total: number; byLabels: Record<string, number> }>> = {};
  for (const [authority, service] of Object.entries(stack.services) as [
    AuthorityCode,
    { baseUrl: string },
  ][]) {
    const text = await metricsOf(service.baseUrl);
    const samples = text === undefined ? undefined : counterSamples(text, STATEMENT_COUNTER);
    if (samples) services[authority] = samples;
  }
  if (Object.keys(services).length === Object.keys(stack.services).length)
    return { source: 'metrics', services };
  const missing = Object.keys(stack.services).filter((a) => !(a in services));
  const noCounter = `no ${STATEMENT_COUNTER} on /metrics of ${missing.join(', ')}`;
  if (!statsUrl)
    return { source: 'n/a', why: `${noCounter}, and no database to read pg_stat_statements from` };
  const client = new Client({ connectionString: statsUrl });
  try {
    await client.connect();
    const preload = (
      await client.query<{ v: string }>('SELECT current_setting($1) AS v', ['shared_preload_libraries'])
    ).rows[0].v;
    if (!/\bpg_stat_statements\b/.test(preload))
      return {
        source: 'n/a',
        why: `${noCounter}, and pg_stat_statements is not in shared_preload_libraries`,
      };
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const { rows } = await client.query<{ calls: string | null }>(
      `SELECT sum(s.calls)::text AS calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = ANY($1)`,
      [stack.databases],
    );
    return { source: 'pg_stat_statements', total: Number(rows[0].calls ?? 0) };
  } catch (err) {
    return {
      source: 'n/a',
      why: `${noCounter}, and pg_stat_statements could not be read: ${(err as Error).message}`,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface StatementFigures {
  source: 'metrics' | 'pg_stat_statements' | 'n/a';
  /** why there is no figure (source n/a, or the two readings came from different sources) */
  why?: string;
  statements: number | null;
  /** per service and label set, with metrics as the source */
  byService?: Partial<Record<AuthorityCode, Record<string, number>>>;
  /** Σ over the run's accepted declarations of their participants */
  declarationParticipants: number;
  perDeclarationPerParticipant: number | null;
}

/** Statements between two readings, divided by declarations × their participants. */
export function statementsBetween(
  before: StatementReading,
  after: StatementReading,
  declarationParticipants: number,
): StatementFigures {
  const per = (n: number) =>
    declarationParticipants > 0 ? Math.round((n / declarationParticipants) * 10) / 10 : null;
  if (before.source === 'metrics' && after.source === 'metrics') {
    const byService: Partial<Record<AuthorityCode, Record<string, number>>> = {};
    let statements = 0;
    for (const [authority, end] of Object.entries(after.services) as [
      AuthorityCode,
      { total: number; byLabels: Record<string, number> },
    ][]) {
      const start = before.services[authority];
      statements += end.total - (start?.total ?? 0);
      byService[authority] = Object.fromEntries(
        Object.entries(end.byLabels).map(([labels, v]) => [labels, v - (start?.byLabels[labels] ?? 0)]),
      );
    }
    return {
      source: 'metrics',
      statements,
      byService,
      declarationParticipants,
      perDeclarationPerParticipant: per(statements),
    };
  }
  if (before.source === 'pg_stat_statements' && after.source === 'pg_stat_statements') {
    const statements = after.total - before.total;
    return {
      source: 'pg_stat_statements',
      statements,
      declarationParticipants,
      perDeclarationPerParticipant: per(statements),
    };
  }
  const why =
    after.source === 'n/a'
      ? after.why
      : before.source === 'n/a'
        ? before.why
        : 'the readings before and after came from different sources';
  return {
    source: 'n/a',
    why,
    statements: null,
    declarationParticipants,
    perDeclarationPerParticipant: null,
  };
}
