import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import { problem, ProblemException } from '@gba/runtime';
import type { Request } from 'express';
import { PlatformKeys } from './platform-keys';

interface PlatformRequest extends Request {
  platformId?: string;
}

/** Platforms authenticate with `X-API-Key`; the request then carries the platform's id. */
@Injectable()
export class PlatformGuard implements CanActivate {
  constructor(private readonly keys: PlatformKeys) {}

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
