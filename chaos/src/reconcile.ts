// Reconciliation: every acknowledged declaration read back from every participant's own database.
// A declaration is lost when a participant of its route has no copy of it, stuck when a copy lacks
// a participant's final decision (RELEASED, HELD or REJECTED), and duplicated when one filing
// became two declarations anywhere or one participant's fact (history type) was recorded twice.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { Filing } from './client';
import { type AuthorityCode, ROOT } from './shared';

const AUTHORITIES: AuthorityCode[] = ['GZ', 'HK', 'MO'];
const FINAL = new Set(['RELEASED', 'HELD', 'REJECTED']);

export interface Lost {
  id: string;
  platformRef: string;
  /** participants whose database has no copy of it */
  missingAt: AuthorityCode[];
}

export interface Stuck {
  id: string;
  platformRef: string;
  /** copy → the participants it does not know as decided, with the status it holds (null: no row) */
  undecided: { copyAt: AuthorityCode; participant: AuthorityCode; status: string | null }[];
}

export interface Duplicate {
  platformRef: string;
  at: AuthorityCode;
  what: string;
}

export interface Reconciliation {
  acknowledged: number;
  /** final at every participant, in every participant's copy */
  final: number;
  /** of those, released by every participant */
  cleared: number;
  lost: Lost[];
  stuck: Stuck[];
  duplicated: Duplicate[];
  /** filings never acknowledged that were stored all the same (the 201 was lost on the way) */
  storedUnacknowledged: number;
  /** outbox rows not published, per authority */
  unpublished: Record<AuthorityCode, number>;
}

interface Copy {
  id: string;
  /** participant authority → its status in this copy (null: a row without status) */
  participants: Map<string, string | null>;
}

/** What one participant's database holds of a scenario's declarations. */
export interface DatabaseState {
  /** platform reference → the declarations stored under it (more than one: a duplicate) */
  copies: Map<string, Copy[]>;
  /** participant facts recorded more than once for one declaration */
  historyTwice: { id: string; authority: string; type: string; n: number }[];
  /** outbox rows not published */
  unpublished: number;
}

/** The three databases of the stack, read directly. */
export class Ledger {
  constructor(private readonly urls: Record<AuthorityCode, string>) {}

  /** Reads every copy of the scenario's declarations (platform references starting with refPrefix). */
  async reconcile(filings: Filing[], refPrefix: string): Promise<Reconciliation> {
    const ids = filings.flatMap((f) => (f.id === undefined ? [] : [f.id]));
    const states = await Promise.all(AUTHORITIES.map((a) => this.read(a, refPrefix, ids)));
    return classify(filings, { GZ: states[0], HK: states[1], MO: states[2] });
  }

  private async read(authority: AuthorityCode, refPrefix: string, ids: string[]): Promise<DatabaseState> {
    const client = new Client({ connectionString: this.urls[authority], query_timeout: 30_000 });
    await client.connect();
    try {
      const rows = await client.query<{
        id: string;
        platform_ref: string;
        authority: string | null;
        status: string | null;
      }>(
        `SELECT d.id::text AS id, d.platform_ref, p.authority, p.status
           FROM declarations d LEFT JOIN participants p ON p.declaration_id = d.id
          WHERE d.platform_ref LIKE $1`,
        [`${refPrefix}%`],
      );
      const copies = new Map<string, Copy[]>();
      for (const row of rows.rows) {
        let list = copies.get(row.platform_ref);
        if (!list) copies.set(row.platform_ref, (list = []));
        let copy = list.find((c) => c.id === row.id);
        if (!copy) list.push((copy = { id: row.id, participants: new Map() }));
        if (row.authority) copy.participants.set(row.authority, row.status);
      }
      const historyTwice = await client.query<DatabaseState['historyTwice'][number]>(
        `SELECT declaration_id::text AS id, authority, type, count(*)::int AS n
           FROM history WHERE declaration_id = ANY($1::uuid[])
          GROUP BY 1, 2, 3 HAVING count(*) > 1`,
        [ids],
      );
      const unpublished = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox WHERE status <> 'published'`,
      );
      return { copies, historyTwice: historyTwice.rows, unpublished: unpublished.rows[0].n };
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** Every filing of a scenario checked against what each participant's database holds. */
export function classify(filings: Filing[], states: Record<AuthorityCode, DatabaseState>): Reconciliation {
  const acknowledged = filings.filter((f): f is Filing & { id: string } => f.id !== undefined);
  const result: Reconciliation = {
    acknowledged: acknowledged.length,
    final: 0,
    cleared: 0,
    lost: [],
    stuck: [],
    duplicated: [],
    storedUnacknowledged: 0,
    unpublished: { GZ: states.GZ.unpublished, HK: states.HK.unpublished, MO: states.MO.unpublished },
  };
  const copyOf = (filing: Filing & { id: string }, at: AuthorityCode) =>
    states[at].copies.get(filing.platformRef)?.find((c) => c.id === filing.id);
  for (const filing of acknowledged) {
    const participants = filing.participants ?? [];
    const missingAt = participants.filter((a) => copyOf(filing, a) === undefined);
    if (missingAt.length > 0 || participants.length === 0) {
      result.lost.push({ id: filing.id, platformRef: filing.platformRef, missingAt });
      continue;
    }
    const undecided: Stuck['undecided'] = [];
    let cleared = true;
    for (const copyAt of participants) {
      const copy = copyOf(filing, copyAt);
      for (const participant of participants) {
        const status = copy?.participants.get(participant) ?? null;
        if (status === null || !FINAL.has(status)) undecided.push({ copyAt, participant, status });
        if (status !== 'RELEASED') cleared = false;
      }
    }
    if (undecided.length > 0) {
      result.stuck.push({ id: filing.id, platformRef: filing.platformRef, undecided });
      continue;
    }
    result.final++;
    if (cleared) result.cleared++;
  }

  const refOf = new Map(acknowledged.map((f) => [f.id, f.platformRef]));
  for (const authority of AUTHORITIES) {
    for (const [platformRef, list] of states[authority].copies) {
      if (list.length > 1)
        result.duplicated.push({
          platformRef,
          at: authority,
          what: `one filing stored as ${list.length} declarations (${list.map((c) => c.id).join(', ')})`,
        });
    }
    for (const row of states[authority].historyTwice)
      result.duplicated.push({
        platformRef: refOf.get(row.id) ?? row.id,
        at: authority,
        what: `${row.authority} ${row.type} recorded ${row.n} times`,
      });
  }
  for (const filing of filings) {
    if (filing.id === undefined && AUTHORITIES.some((a) => states[a].copies.has(filing.platformRef)))
      result.storedUnacknowledged++;
  }
  return result;
}

/** Distinct filings among the duplicates. */
export function duplicatedFilings(r: Reconciliation): number {
  return new Set(r.duplicated.map((d) => d.platformRef)).size;
}

export type AuditResult = { ok: true; detail: string } | { ok: false; broken: boolean; detail: string };

/**
 * `main.js audit verify` of each authority against its database: intact, broken (the chain does not
 * verify), or not run (the command itself failed, e.g. it does not exist in this build).
 */
export async function verifyAuditChains(
  urls: Record<AuthorityCode, string>,
  kafkaBrokers: string[],
): Promise<Record<AuthorityCode, AuditResult>> {
  const { SERVICES, DEVELOPMENT_DEFAULTS } = (await import(
    pathToFileURL(join(ROOT, 'tools/services.mjs')).href
  )) as {
    SERVICES: { authority: AuthorityCode; name: string }[];
    DEVELOPMENT_DEFAULTS: Record<string, string>;
  };
  const results = {} as Record<AuthorityCode, AuditResult>;
  for (const { authority, name } of SERVICES) {
    const entry = join(ROOT, 'dist/services', name, 'src/main.js');
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [entry, 'audit', 'verify'], {
        cwd: ROOT,
        env: {
          ...DEVELOPMENT_DEFAULTS,
          ...process.env,
          DATABASE_URL: urls[authority],
          KAFKA_BROKERS: kafkaBrokers.join(','),
          LOG_LEVEL: 'warn',
        },
        timeout: 120_000,
      });
      results[authority] = { ok: true, detail: lastLine(stdout) };
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      const output = `${e.stdout ?? ''}\n${e.stderr ?? ''}`;
      const broken = /BROKEN/.exec(output) !== null;
      results[authority] = { ok: false, broken, detail: lastLine(broken ? output : output || e.message) };
    }
  }
  return results;
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.find((l) => /BROKEN|intact/.test(l)) ?? lines[lines.length - 1] ?? '').slice(0, 300);
}
