import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
} from '@nestjs/common';
import { problem, ProblemException, SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import type { Request, Response } from 'express';
import { PlatformKeys } from './platform-keys';
import { RateLimiter } from './rate-limiter';

interface PlatformRequest extends Request {
  platformId?: string;
}

/** Platforms authenticate with `X-API-Key`; the request then carries the platform's id. */
@Injectable()
export class PlatformGuard implements CanActivate {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly keys: PlatformKeys,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.limiter = new RateLimiter(config.rateLimit.perSecond, config.rateLimit.burst);
  }

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
    const wait = this.limiter.take(platformId);
    if (wait > 0) {
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(wait));
      throw new ProblemException(
        problem(429, 'rate-limited', `Too many requests for this platform: retry after ${wait} s.`),
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
