import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { problem, ProblemException } from '@gba/runtime';
import type { Request, Response } from 'express';
import { type OfficerRequest, ROLES_KEY } from './decorators';
import { OfficerAuthError, type OfficerRole, OfficerTokenVerifier } from './verifier';

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

/**
 * Authenticates officers by `Authorization: Bearer <JWT>` and enforces @Roles. HTTP only. The
 * token is never logged or echoed; failures answer problem+json (401, 403, or 503 when the key
 * set cannot be fetched).
 */
@Injectable()
export class OfficerGuard implements CanActivate {
  constructor(
    private readonly verifier: OfficerTokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & OfficerRequest>();
    try {
      const header = req.headers.authorization;
      if (!header) throw OfficerAuthError.unauthenticated('missing bearer token');
      const token = BEARER.exec(header)?.[1];
      if (!token) throw OfficerAuthError.unauthenticated('Authorization must be "Bearer <token>"');
      req.officer = await this.verifier.verify(token);
    } catch (err) {
      if (!(err instanceof OfficerAuthError)) throw err;
      // RFC 9110: a 401 names the scheme the client should use.
      if (err.status === 401) http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
      throw new ProblemException(problem(err.status, err.slug, err.message));
    }

    const required = this.reflector.getAllAndOverride<OfficerRole[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (required?.length && !required.some((role) => req.officer?.roles.includes(role)))
      throw new ProblemException(
        problem(403, 'forbidden', `this action requires the ${required.join(' or ')} role`),
      );
    return true;
  }
}
