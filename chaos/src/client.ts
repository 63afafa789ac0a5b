// A platform as the chaos suite plays it: files single declarations at a steady rate, spread over the
// three services and the benchmark's four kinds, and retries each with the same Idempotency-Key on
// network errors, 5xx, 429 and 503 (honouring Retry-After) until it is acknowledged (201) or its time
// is up. It keeps every acknowledged id and every 5xx it saw.
import { sampleDeclaration, sampleResidentId } from '@gba/testing';
import { sleep } from './broker';
import { type AuthorityCode, type Kind, KINDS, type OwnStack } from './shared';

export interface Filing {
  /** the filing's number in the whole run (makes its reference, buyer and key unique) */
  n: number;
  kind: string;
  filedWith: AuthorityCode;
  platformRef: string;
  idempotencyKey: string;
  /** performance.now() of the first attempt */
  firstSentAt: number;
  attempts: number;
  /** set once a 201 arrived */
  id?: string;
  participants?: AuthorityCode[];
  acknowledgedAt?: number;
  /** why it was never acknowledged: a 4xx other than 429, or the time ran out */
  gaveUp?: string;
}

export interface ServerError {
  /** ms since the load started */
  atMs: number;
  authority: AuthorityCode;
  status: number;
  /** the problem type, when the body was problem+json */
  type?: string;
}

export interface LoadResult {
  filings: Filing[];
  serverErrors: ServerError[];
  networkErrors: number;
  throttled: number;
  /** performance.now() when the last filing was sent for the first time, and when the last one ended */
  lastFirstSentAt: number;
  endedAt: number;
}

export interface LoadOptions {
  stack: OwnStack;
  count: number;
  /** declarations per second offered (first attempts) */
  rate: number;
  /** numbers the run's filings from here (unique across scenarios) */
  firstNumber: number;
  /** every platform reference starts with it (unique per scenario) */
  refPrefix: string;
  /** one attempt's limit, and one filing's limit over all its attempts */
  requestTimeoutMs?: number;
  filingTimeoutMs?: number;
}

const RETRY_AFTER_CAP_MS = 10_000;

/** Runs the load; resolves when every filing is acknowledged or has given up. */
export async function fileAtRate(options: LoadOptions): Promise<LoadResult> {
  const { stack, count, rate } = options;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const filingTimeoutMs = options.filingTimeoutMs ?? 150_000;
  const result: LoadResult = {
    filings: [],
    serverErrors: [],
    networkErrors: 0,
    throttled: 0,
    lastFirstSentAt: 0,
    endedAt: 0,
  };
  const t0 = performance.now();

  const fileOne = async (filing: Filing, kind: Kind): Promise<void> => {
    const body = JSON.stringify(
      sampleDeclaration(kind.route, {
        platformRef: filing.platformRef,
        buyerIdNumber: sampleResidentId(filing.n),
        serial: filing.n,
      }),
    );
    const url = `${stack.services[filing.filedWith].baseUrl}/api/v1/declarations`;
    const deadline = filing.firstSentAt + filingTimeoutMs;
    for (;;) {
      filing.attempts++;
      let wait: number;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-api-key': stack.apiKey,
            'idempotency-key': filing.idempotencyKey,
          },
          body,
          signal: AbortSignal.timeout(Math.max(1, Math.min(requestTimeoutMs, deadline - performance.now()))),
        });
        const text = await res.text();
        if (res.status === 201) {
          const declaration = JSON.parse(text) as {
            id: string;
            participants?: { authority: AuthorityCode }[];
          };
          filing.id = declaration.id;
          filing.participants = declaration.participants?.map((p) => p.authority);
          filing.acknowledgedAt = performance.now();
          return;
        }
        if (res.status >= 500)
          result.serverErrors.push({
            atMs: Math.round(performance.now() - t0),
            authority: filing.filedWith,
            status: res.status,
            type: problemType(text),
          });
        if (res.status === 429 || res.status === 503) result.throttled++;
        else if (res.status < 500) {
          filing.gaveUp = `${res.status} ${text.slice(0, 300)}`;
          return;
        }
        wait = retryAfterMs(res.headers.get('retry-after')) ?? backoffMs(filing.attempts);
      } catch {
        // Refused, reset or timed out: the filing may or may not have been stored; the same key
        // makes the next attempt return the stored answer instead of filing twice.
        result.networkErrors++;
        wait = backoffMs(filing.attempts);
      }
      if (performance.now() + wait >= deadline) {
        filing.gaveUp = `no 201 within ${filingTimeoutMs / 1000} s (${filing.attempts} attempts)`;
        return;
      }
      await sleep(wait);
    }
  };

  const running: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / rate;
    const now = performance.now();
    if (due > now) await sleep(due - now);
    const kind = KINDS[i % KINDS.length];
    const n = options.firstNumber + i;
    const filing: Filing = {
      n,
      kind: kind.name,
      filedWith: kind.filedWith,
      platformRef: `${options.refPrefix}${n}`,
      idempotencyKey: `${options.refPrefix}${n}`,
      firstSentAt: performance.now(),
      attempts: 0,
    };
    result.filings.push(filing);
    running.push(fileOne(filing, kind));
  }
  result.lastFirstSentAt = performance.now();
  await Promise.all(running);
  result.endedAt = performance.now();
  return result;
}

/** Exponential backoff from 200 ms to 5 s, with jitter so that retries after an outage spread out. */
function backoffMs(attempt: number): number {
  const ceiling = Math.min(5_000, 200 * 2 ** Math.min(attempt - 1, 5));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Retry-After as delay-seconds or an HTTP date, capped; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(RETRY_AFTER_CAP_MS, Math.max(0, ms)) : undefined;
}

function problemType(text: string): string | undefined {
  try {
    const type = (JSON.parse(text) as { type?: unknown }).type;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}
