import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { OfficerGuard } from '@gba/auth';
import type { Request } from 'express';
import { PlatformGuard } from './platform.guard';

/** Routes open to both platforms (X-API-Key) and officers (Bearer token). */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(
    private readonly platform: PlatformGuard,
    private readonly officer: OfficerGuard,
  ) {}

  canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    return req.headers.authorization ? this.officer.canActivate(context) : this.platform.canActivate(context);
  }
}
