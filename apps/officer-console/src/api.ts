/** One field error of an RFC 9457 problem (api.md "Errors"). */
export interface FieldError {
  pointer: string;
  code: string;
  detail: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

/** A refused request: the server's problem+json (or a stand-in for a network failure). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

export interface Reason {
  ruleId: string;
  detail: string;
}

export interface Task {
  id: string;
  declarationId: string;
  kind: 'document' | 'physical';
  checks: string[];
  status: 'pending' | 'done';
  reasons: Reason[];
  createdAt: string;
}

export interface Participant {
  authority: string;
  role: string;
  status: string;
  lane: string | null;
  reasons: Reason[];
  duties: { code: string; amount: string; currency: string }[];
  decidedAt: string | null;
}

export interface HistoryEntry {
  eventId: string;
  authority: string;
  type: string;
  occurredAt: string;
  detail: Record<string, unknown>;
}

export interface Declaration {
  id: string;
  platformRef: string;
  status: string;
  filedWith: string;
  tradeMode: string;
  filedAt: string;
  participants: Participant[];
  history: HistoryEntry[];
}

export interface RiskTarget {
  id: string;
  match: { partyId?: string; hsPrefix?: string; originCountry?: string };
  lane: 'YELLOW' | 'RED';
  reason: string;
  expiresAt: string;
  [more: string]: unknown;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

let bearer: (() => string | null) | undefined;
let unauthenticated: (() => void) | undefined;

/** What to do when the API answers 401 (the token expired or was revoked): sign in again. */
export function setUnauthenticatedHandler(handler: () => void): void {
  unauthenticated = handler;
}

/** Sets where the officer token comes from (auth.ts). */
export function setBearerSource(source: () => string | null): void {
  bearer = source;
}

/**
 * A call to this service's `/api/v1` (the console speaks to nothing else) with the officer token.
 * Throws ApiError with the server's problem on any non-2xx answer.
 */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const token = bearer?.();
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers: {
        accept: 'application/json, application/problem+json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError({ status: 0, detail: (err as Error).message });
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (res.status === 401 && token) unauthenticated?.();
  if (!res.ok) throw new ApiError({ status: res.status, ...((parsed as Partial<Problem>) ?? {}) });
  return parsed as T;
}
