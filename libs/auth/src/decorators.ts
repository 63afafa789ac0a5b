import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Officer, OfficerRole } from './verifier';

export const ROLES_KEY = 'gba:auth:roles';

/** The request as OfficerGuard leaves it. */
export interface OfficerRequest {
  officer?: Officer;
}

/**
 * Restricts a handler or controller guarded by OfficerGuard to officers holding at least one of
 * the given roles; others get 403. A handler's list replaces its controller's.
 */
export const Roles = (...roles: [OfficerRole, ...OfficerRole[]]) => SetMetadata(ROLES_KEY, roles);

/** The officer OfficerGuard authenticated for this request. */
export const CurrentOfficer = createParamDecorator((_data: unknown, ctx: ExecutionContext): Officer => {
  const officer = ctx.switchToHttp().getRequest<OfficerRequest>().officer;
  // A programming error, not a client's: the route forgot @UseGuards(OfficerGuard).
  if (!officer) throw new Error('@CurrentOfficer() used on a route without OfficerGuard');
  return officer;
});
