import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
} from '@nestjs/common';
import { problem, ProblemException } from '@gba/runtime';
import type { Request, Response } from 'express';
import { PlatformKeys } from './platform-keys';
import { PlatformRateLimit, rateLimitFields } from './rate-limit';

interface PlatformRequest extends Request {
  platformId?: string;
}

/**
 * Platforms authenticate with `X-API-Key`; the request then carries the platform's id. Each
 * request of a known key spends one of the platform's budget (PlatformRateLimit, shared by every
 * replica); the answer, success or problem, carries `RateLimit-Policy` and `RateLimit`
 * (draft-ietf-httpapi-ratelimit-headers-11), and past the budget it is 429 problem+json with
 * `Retry-After` (seconds until the window ends). A budget that cannot be counted (database
 * unreachable) is the store's error: 503 with Retry-After from the problem filter.
 */
@Injectable()
export class PlatformGuard implements CanActivate {
  constructor(
    private readonly keys: PlatformKeys,
    @Inject(PlatformRateLimit) private readonly limit: PlatformRateLimit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<PlatformRequest>();
    const key = req.header('x-api-key');
    if (!key) {
      throw new ProblemException(
        problem(401, 'unauthenticated', 'Send your platform key in the X-API-Key header.'),
      );
    }
    const platformId = await this.keys.platformOf(key);
    if (!platformId) throw new ProblemException(problem(401, 'unauthenticated', 'The API key is not valid.'));
    const state = await this.limit.take(platformId);
    const res = context.switchToHttp().getResponse<Response>();
    for (const [name, value] of Object.entries(rateLimitFields(this.limit.policy, state)))
      res.setHeader(name, value);
    if (!state.allowed) {
      res.setHeader('Retry-After', String(state.resetSeconds));
      const { quota, windowSeconds } = this.limit.policy;
      throw new ProblemException(
        problem(
          429,
          'rate-limited',
          `Too many requests for this platform (${quota} per ${windowSeconds} s, shared by every instance of the service): retry after ${state.resetSeconds} s.`,
        ),
      );
    }
    req.platformId = platformId;
    return true;
  }
}

/** The authenticated platform's id (after PlatformGuard). */
export const PlatformId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const platformId = context.switchToHttp().getRequest<PlatformRequest>().platformId;
  if (!platformId) throw new Error('PlatformId used on a route without PlatformGuard');
  return platformId;
});
