// The open-loop mode: single filings (POST /api/v1/declarations, each with its own Idempotency-Key)
// offered at a fixed rate on a schedule fixed in advance, whatever the responses do. A request is
// sent at its scheduled time even while earlier ones are unanswered, and its latency counts from
// that scheduled time, so a stalled system is charged for every request it delayed (no coordinated
// omission). HTTP goes through node:http with a keep-alive connection pool per service (httpPost).
import { type AuthorityCode, declaration, KINDS, type Kind, participantsOfRoute } from './declarations';
import { httpPost } from './http-post';
import { openLoopSchedule } from './stats';
import type { Stack } from './stack';
import type { DecisionTracker, Filed } from './tracker';

/** One single filing of the schedule, serialised before the clock starts. */
export interface Offer {
  /** ms after the start at which it is due */
  dueMs: number;
  kind: Kind;
  idempotencyKey: string;
  body: string;
}

/** What happened to one offer; times are performance.now(). */
export interface Attempt {
  kind: string;
  filedWith: AuthorityCode;
  scheduledAt: number;
  /** when the request was sent: later than scheduledAt only if this process fell behind */
  sentAt: number;
  answeredAt: number;
  httpStatus: number | 'error';
}

export interface OpenLoopLog {
  attempts: Attempt[];
  filed: Filed[];
  statuses: Record<string, number>;
  problems: Record<string, number>;
  errors: string[];
}

/** `ratePerS` × `durationS` single filings, the kinds of declarations.ts in turn (so the services and routes alternate). */
export function offers(ratePerS: number, durationS: number, runId: string, firstNumber: number): Offer[] {
  return openLoopSchedule(ratePerS, durationS).map((dueMs, i) => {
    const kind = KINDS[i % KINDS.length];
    const n = firstNumber + i;
    return {
      dueMs,
      kind,
      idempotencyKey: `bench-${runId}-${n}`,
      body: JSON.stringify(declaration(kind.route, n, runId)),
    };
  });
}

interface Resource {
  id?: string;
  participants?: { authority: AuthorityCode }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends every offer at `start + dueMs` without waiting for earlier answers, and follows every
 * accepted (201) declaration with `tracker`. Resolves once every request is answered or failed
 * (`requestTimeoutMs` after it was due at the latest).
 */
export async function offerAll(
  schedule: readonly Offer[],
  stack: Stack,
  tracker: DecisionTracker,
  requestTimeoutMs: number,
): Promise<OpenLoopLog & { start: number }> {
  const log: OpenLoopLog = { attempts: [], filed: [], statuses: {}, problems: {}, errors: [] };
  const count = (map: Record<string, number>, key: string) => (map[key] = (map[key] ?? 0) + 1);

  const send = async (offer: Offer, scheduledAt: number): Promise<void> => {
    const { filedWith } = offer.kind;
    const sentAt = performance.now();
    let httpStatus: number | 'error' = 'error';
    let resource: Resource | undefined;
    try {
      const res = await httpPost(
        `${stack.services[filedWith].baseUrl}/api/v1/declarations`,
        {
          'content-type': 'application/json',
          'x-api-key': stack.apiKey,
          'idempotency-key': offer.idempotencyKey,
        },
        offer.body,
        requestTimeoutMs,
      );
      httpStatus = res.status;
      const text = res.text;
      if (res.status === 201) resource = JSON.parse(text) as Resource;
      else {
        let code = `status ${res.status}`;
        try {
          const problem = JSON.parse(text) as { type?: string; errors?: { code?: string }[] };
          code = problem.errors?.[0]?.code ?? problem.type ?? code;
        } catch {
          // not problem+json
        }
        count(log.problems, code);
        if (log.errors.length < 20) log.errors.push(`${filedWith} ${res.status}: ${text.slice(0, 300)}`);
      }
    } catch (err) {
      if (log.errors.length < 20) log.errors.push(`${filedWith}: ${(err as Error).message}`);
    }
    const answeredAt = performance.now();
    count(log.statuses, String(httpStatus));
    log.attempts.push({ kind: offer.kind.name, filedWith, scheduledAt, sentAt, answeredAt, httpStatus });
    if (!resource?.id) return;
    const participants = resource.participants?.map((p) => p.authority);
    const filed: Filed = {
      id: resource.id,
      kind: offer.kind.name,
      filedWith,
      participants: participants?.length ? participants : participantsOfRoute(offer.kind.route),
      // Latency counts from when the filing was due, not from when this process got round to it.
      sentAt: scheduledAt,
      answeredAt,
      decisions: new Map(),
    };
    log.filed.push(filed);
    tracker.follow(filed);
  };

  const start = performance.now() + 50;
  const inFlight: Promise<void>[] = [];
  let i = 0;
  while (i < schedule.length) {
    const now = performance.now();
    for (; i < schedule.length && start + schedule[i].dueMs <= now; i++)
      inFlight.push(send(schedule[i], start + schedule[i].dueMs));
    if (i < schedule.length) await sleep(Math.max(0, start + schedule[i].dueMs - performance.now()));
  }
  await Promise.all(inFlight);
  return { ...log, start };
}
