/**
 * The request budget of a platform key, as draft-ietf-httpapi-ratelimit-headers-11 (May 2026)
 * names it: a quota of `quota` requests per window of `windowSeconds` seconds, counted per
 * platform and shared by every replica of the service.
 */
export interface RateLimitPolicy {
  /** The policy's name in the RateLimit-Policy and RateLimit fields. */
  name: string;
  /** Requests allowed per window (the draft's `q`). */
  quota: number;
  /** The window, in seconds (the draft's `w`). */
  windowSeconds: number;
}

/** What is left of a platform's budget after one request. */
export interface RateLimitState {
  /** False when the request is over the budget (429). */
  allowed: boolean;
  /** Requests left in the current window (the draft's `r`), 0 when over. */
  remaining: number;
  /** Whole seconds until the window ends and the quota is whole again (the draft's `t`), ≥ 1. */
  resetSeconds: number;
}

/**
 * The per-platform request budget (a port): PostgreSQL in production, so that every replica of a
 * service counts against one budget (a platform gets the quota, not N times it).
 */
export abstract class PlatformRateLimit {
  abstract readonly policy: RateLimitPolicy;

  /**
   * Spends one request of `platformId`'s budget. Rejects with the store's own error when the
   * budget cannot be counted (e.g. the database unreachable): the problem filter answers such a
   * temporary failure 503 with Retry-After, as any other request that needs the database.
   */
  abstract take(platformId: string): Promise<RateLimitState>;
}

/**
 * The policy from the service's configuration (`RATE_LIMIT_PER_SECOND`, `RATE_LIMIT_BURST`):
 * `burst` requests per window of ⌈burst / perSecond⌉ s, so at most `burst` at once and on average
 * no more than `perSecond` per second (e.g. 50 and 200 → 200 requests per 4 s window).
 */
export function rateLimitPolicy(config: { perSecond: number; burst: number }): RateLimitPolicy {
  return {
    name: 'platform',
    quota: config.burst,
    windowSeconds: Math.max(1, Math.ceil(config.burst / config.perSecond)),
  };
}

/**
 * The response fields of draft-ietf-httpapi-ratelimit-headers-11 (§4 RateLimit-Policy, §5
 * RateLimit), structured-field lists of one item named by the policy (an sf-string):
 * `RateLimit-Policy: "platform";q=200;w=4` and `RateLimit: "platform";r=37;t=3`.
 */
export function rateLimitFields(policy: RateLimitPolicy, state: RateLimitState): Record<string, string> {
  const name = JSON.stringify(policy.name);
  return {
    'RateLimit-Policy': `${name};q=${policy.quota};w=${policy.windowSeconds}`,
    RateLimit: `${name};r=${state.remaining};t=${state.resetSeconds}`,
  };
}
