import { randomUUID } from 'node:crypto';
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths as GuangzhouPaths } from './generated/guangzhou-customs';
import type { paths as HongKongPaths } from './generated/hong-kong-customs';
import type { paths as MacauPaths } from './generated/macau-customs';

export type { GuangzhouPaths, HongKongPaths, MacauPaths };
export type { components as GuangzhouComponents } from './generated/guangzhou-customs';

/** The operations of each authority's API (GZ adds the CBEC quota and returns). */
export interface AuthorityPaths {
  GZ: GuangzhouPaths;
  HK: HongKongPaths;
  MO: MacauPaths;
}

export interface RetryPolicy {
  /** Attempts after the first (default 3). */
  retries: number;
  /** First back-off in ms, doubled each time with full jitter, at most `maxDelayMs` (default 200). */
  baseDelayMs: number;
  /** Longest wait between attempts in ms, Retry-After included (default 10,000). */
  maxDelayMs: number;
  /** Abandon an attempt after this many ms and retry it (default 30,000). */
  timeoutMs: number;
}

export interface GbaClientOptions extends Omit<ClientOptions, 'fetch' | 'baseUrl'> {
  /** The service's origin, e.g. `https://hk.customs.example` (the paths carry `/api/v1`). */
  baseUrl: string;
  /** A platform's key (sent as X-API-Key). */
  apiKey?: string;
  /** An officer's access token (sent as a bearer token). */
  bearerToken?: string;
  retry?: Partial<RetryPolicy>;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 200, maxDelayMs: 10_000, timeoutMs: 30_000 };

/** A fresh Idempotency-Key (a UUID): one per filing, reused for every retry of that filing. */
export function newIdempotencyKey(): string {
  return randomUUID();
}

/** The header to send with a filing or a platform's cancellation: `{ 'Idempotency-Key': key }`. */
export function idempotencyKey(key: string = newIdempotencyKey()): { 'Idempotency-Key': string } {
  return { 'Idempotency-Key': key };
}

/**
 * Whether a request may be sent again with the same effect: reads and PUT/DELETE, any request
 * carrying an Idempotency-Key (the service replays the first answer to the same key and body), and
 * the batch filing, each of whose items carries its own idempotencyKey.
 */
function replayable(request: Request): boolean {
  if (['GET', 'HEAD', 'PUT', 'DELETE'].includes(request.method)) return true;
  if (request.headers.has('idempotency-key')) return true;
  return new URL(request.url).pathname.endsWith('/declarations/batch');
}

/** Retry-After in seconds (RFC 9110 § 10.2.3: delay-seconds or an HTTP date) as ms, if any. */
function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * A fetch that retries a replayable request (see `replayable`) on a 5xx answer, a network error
 * or a timeout, with the same headers (so the same Idempotency-Key) and body, waiting Retry-After
 * when the service names it, else an exponential back-off with full jitter. 4xx answers, 429
 * included, are the caller's to handle. The last answer (or error) is returned (or thrown).
 */
export function retryingFetch(policy: Partial<RetryPolicy> = {}, base: typeof fetch = fetch): typeof fetch {
  const p = { ...DEFAULT_RETRY, ...policy };
  return async (input, init) => {
    const request = new Request(input, init);
    const attempts = replayable(request) ? p.retries + 1 : 1;
    // The body is read once and sent again from memory on each attempt.
    const body = request.body === null ? undefined : await request.arrayBuffer();
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= attempts;
      let wait: number | undefined;
      try {
        const response = await base(new Request(request, { body, signal: AbortSignal.timeout(p.timeoutMs) }));
        if (response.status < 500 || last) return response;
        wait = retryAfterMs(response);
        await response.body?.cancel();
      } catch (err) {
        if (last) throw err;
      }
      const backoff = Math.random() * Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, Math.min(p.maxDelayMs, wait ?? backoff)));
    }
  };
}

/**
 * A typed client of one authority's API (openapi-fetch over the committed OpenAPI document):
 * `client.POST('/api/v1/declarations', { body, params: { header: idempotencyKey() } })` answers
 * `{ data, error, response }` with `data` typed by the 2xx schema and `error` by the problem schema.
 * Requests carry the platform key or officer token given, and are retried as `retryingFetch` says.
 */
export function createGbaClient<A extends keyof AuthorityPaths>(
  _authority: A,
  options: GbaClientOptions,
): Client<AuthorityPaths[A]> {
  const { apiKey, bearerToken, retry, fetch: base, headers, ...rest } = options;
  return createClient<AuthorityPaths[A]>({
    ...rest,
    headers: {
      ...(apiKey !== undefined && { 'X-API-Key': apiKey }),
      ...(bearerToken !== undefined && { Authorization: `Bearer ${bearerToken}` }),
      ...(headers as Record<string, string> | undefined),
    },
    fetch: retryingFetch(retry, base ?? fetch),
  });
}
