import type { ExecutionContext } from '@nestjs/common';
import { ProblemException } from '@gba/runtime';
import type { PlatformKeys } from './platform-keys';
import { PlatformGuard } from './platform.guard';
import {
  PlatformRateLimit,
  type RateLimitPolicy,
  rateLimitFields,
  rateLimitPolicy,
  type RateLimitState,
} from './rate-limit';

describe('rate-limit policy from the configuration', () => {
  it('is `burst` requests per window of ⌈burst / perSecond⌉ s', () => {
    expect(rateLimitPolicy({ perSecond: 50, burst: 200 })).toEqual({
      name: 'platform',
      quota: 200,
      windowSeconds: 4,
    });
    expect(rateLimitPolicy({ perSecond: 5, burst: 12 })).toEqual({
      name: 'platform',
      quota: 12,
      windowSeconds: 3,
    });
    // A burst below the rate still has a whole-second window.
    expect(rateLimitPolicy({ perSecond: 100, burst: 10 })).toEqual({
      name: 'platform',
      quota: 10,
      windowSeconds: 1,
    });
  });

  it('is written as draft-ietf-httpapi-ratelimit-headers-11 structured fields', () => {
    const policy = { name: 'platform', quota: 100, windowSeconds: 1 };
    expect(rateLimitFields(policy, { allowed: true, remaining: 37, resetSeconds: 1 })).toEqual({
      'RateLimit-Policy': '"platform";q=100;w=1',
      RateLimit: '"platform";r=37;t=1',
    });
  });
});

/** A budget that answers what the test says, recording whom it was asked about. */
class ScriptedRateLimit extends PlatformRateLimit {
  readonly policy: RateLimitPolicy = { name: 'platform', quota: 20, windowSeconds: 4 };
  readonly asked: string[] = [];
  constructor(private readonly answer: RateLimitState | Error) {
    super();
  }
  async take(platformId: string): Promise<RateLimitState> {
    this.asked.push(platformId);
    if (this.answer instanceof Error) throw this.answer;
    return this.answer;
  }
}

function call(guard: PlatformGuard, key: string | undefined) {
  const headers = new Map<string, string>();
  const req = { header: (name: string) => (name === 'x-api-key' ? key : undefined) } as unknown as Record<
    string,
    unknown
  >;
  const res = { setHeader: (name: string, value: string) => headers.set(name, value) };
  const context = {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ExecutionContext;
  return { headers, req, result: guard.canActivate(context) };
}

const keys = { platformOf: async (key: string) => (key === 'good-key' ? 'shop-a' : null) } as PlatformKeys;

describe('PlatformGuard: the budget of the platform, visible on every answer', () => {
  it('lets a request within the budget through with RateLimit-Policy and RateLimit', async () => {
    const limit = new ScriptedRateLimit({ allowed: true, remaining: 7, resetSeconds: 3 });
    const { headers, req, result } = call(new PlatformGuard(keys, limit), 'good-key');
    await expect(result).resolves.toBe(true);
    expect(limit.asked).toEqual(['shop-a']);
    expect(req['platformId']).toBe('shop-a');
    expect(Object.fromEntries(headers)).toEqual({
      'RateLimit-Policy': '"platform";q=20;w=4',
      RateLimit: '"platform";r=7;t=3',
    });
  });

  it('answers 429 problem+json with Retry-After (the seconds to the window end) past the budget', async () => {
    const limit = new ScriptedRateLimit({ allowed: false, remaining: 0, resetSeconds: 2 });
    const { headers, req, result } = call(new PlatformGuard(keys, limit), 'good-key');
    const err = await result.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProblemException);
    expect((err as ProblemException).problem).toMatchObject({
      status: 429,
      type: expect.stringMatching(/rate-limited$/),
    });
    expect((err as ProblemException).problem.detail).toContain('retry after 2 s');
    expect(req['platformId']).toBeUndefined();
    expect(Object.fromEntries(headers)).toEqual({
      'RateLimit-Policy': '"platform";q=20;w=4',
      RateLimit: '"platform";r=0;t=2',
      'Retry-After': '2',
    });
  });

  it('spends no budget on a missing or unknown key (401)', async () => {
    const limit = new ScriptedRateLimit({ allowed: true, remaining: 1, resetSeconds: 1 });
    for (const key of [undefined, 'bad-key']) {
      const { headers, result } = call(new PlatformGuard(keys, limit), key);
      await expect(result).rejects.toMatchObject({ problem: { status: 401 } });
      expect(headers.size).toBe(0);
    }
    expect(limit.asked).toEqual([]);
  });

  it('passes on the store failure, for the problem filter to answer (503 when temporary)', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const { result } = call(new PlatformGuard(keys, new ScriptedRateLimit(down)), 'good-key');
    await expect(result).rejects.toBe(down);
  });
});
