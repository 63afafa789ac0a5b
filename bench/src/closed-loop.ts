// The closed-loop batch mode: declarations filed through POST /declarations/batch, a fixed number of
// batch requests in flight, the next one sent as soon as one is answered. Measures how much the
// system clears when it is kept busy. See bench/README.md.
import { type AuthorityCode, declaration, KINDS, type Kind, participantsOfRoute } from './declarations';
import type { Stack } from './stack';
import type { DecisionTracker, Filed } from './tracker';

export interface Batch {
  kind: Kind;
  size: number;
  body: string;
}

export interface Request {
  kind: string;
  filedWith: AuthorityCode;
  size: number;
  sentAt: number;
  answeredAt: number;
  httpStatus: number | 'error';
}

export interface FilingLog {
  requests: Request[];
  filed: Filed[];
  statuses: Record<string, number>;
  problems: Record<string, number>;
  errors: string[];
}

/** Batches of `size`, each of one kind, the kinds in turn; serialised before the clock starts. */
export function batches(count: number, size: number, runId: string, firstNumber: number): Batch[] {
  const out: Batch[] = [];
  let n = firstNumber;
  for (let i = 0, left = count; left > 0; i++) {
    const kind = KINDS[i % KINDS.length];
    const take = Math.min(size, left);
    const items = Array.from({ length: take }, () => {
      const number = n++;
      return {
        idempotencyKey: `bench-${runId}-${number}`,
        declaration: declaration(kind.route, number, runId),
      };
    });
    out.push({ kind, size: take, body: JSON.stringify(items) });
    left -= take;
  }
  return out;
}

interface BatchItem {
  status: number;
  declaration?: { id?: string; participants?: { authority: AuthorityCode }[] };
  problem?: { type?: string; errors?: { code?: string }[] };
}

/** Files every batch with `concurrency` requests in flight; follows every accepted declaration. */
export async function fileAll(
  work: Batch[],
  concurrency: number,
  stack: Stack,
  tracker: DecisionTracker,
): Promise<FilingLog> {
  const log: FilingLog = { requests: [], filed: [], statuses: {}, problems: {}, errors: [] };
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const batch = work[next++];
      const { filedWith } = batch.kind;
      const sentAt = performance.now();
      let httpStatus: number | 'error' = 'error';
      let items: BatchItem[] | undefined;
      try {
        const res = await fetch(`${stack.services[filedWith].baseUrl}/api/v1/declarations/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': stack.apiKey },
          body: batch.body,
        });
        httpStatus = res.status;
        const text = await res.text();
        if (res.status === 207) items = JSON.parse(text) as BatchItem[];
        else if (log.errors.length < 20) log.errors.push(`${filedWith} ${res.status}: ${text.slice(0, 300)}`);
      } catch (err) {
        if (log.errors.length < 20) log.errors.push(`${filedWith}: ${(err as Error).message}`);
      }
      const answeredAt = performance.now();
      log.requests.push({
        kind: batch.kind.name,
        filedWith,
        size: batch.size,
        sentAt,
        answeredAt,
        httpStatus,
      });
      if (!items) {
        log.statuses[`request ${httpStatus}`] = (log.statuses[`request ${httpStatus}`] ?? 0) + batch.size;
        continue;
      }
      for (const item of items) {
        log.statuses[String(item.status)] = (log.statuses[String(item.status)] ?? 0) + 1;
        const id = item.declaration?.id;
        if (item.status === 201 && id) {
          const participants = item.declaration?.participants?.map((p) => p.authority);
          const filed: Filed = {
            id,
            kind: batch.kind.name,
            filedWith,
            participants: participants?.length ? participants : participantsOfRoute(batch.kind.route),
            sentAt,
            answeredAt,
            decisions: new Map(),
          };
          log.filed.push(filed);
          tracker.follow(filed);
        } else {
          const code = item.problem?.errors?.[0]?.code ?? item.problem?.type ?? `status ${item.status}`;
          log.problems[code] = (log.problems[code] ?? 0) + 1;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, work.length) }, worker));
  return log;
}
