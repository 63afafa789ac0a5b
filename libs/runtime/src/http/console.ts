import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { SignJWT } from 'jose';
import { cleanEnv, str, url } from 'envalid';
import { ConfigError, type ServiceConfig } from '../config';
import { closedMembers } from './json-body';
import { type FieldError, problem } from './problem';
import { sendProblem } from './problem.filter';

/** Where the officer console is served: outside the API prefix, on every authority service. */
export const CONSOLE_PATH = '/console';

/** The built single-page app (`vite build` of apps/officer-console, run by tools/build.mjs). */
export const CONSOLE_DIST = join(__dirname, '../../../../apps/officer-console');

/** What the console reads at start-up from `/console/config.json`. */
export interface ConsoleSettings {
  authority: ServiceConfig['authority'];
  mode: ServiceConfig['mode'];
  /** OpenID Connect Authorization Code + PKCE (production); null where none is configured. */
  oidc: { issuer: string; clientId: string; scope: string } | null;
}

/**
 * The console's OpenID Connect client (production sign-in): CONSOLE_OIDC_ISSUER (the identity
 * provider's issuer URL, whose access tokens are the officer tokens OFFICER_JWKS_URL verifies),
 * CONSOLE_OIDC_CLIENT_ID (a public client, no secret: PKCE protects the code) and
 * CONSOLE_OIDC_SCOPE (default `openid profile`). Unset issuer: no OIDC sign-in. Throws
 * ConfigError (the service stops with exit code 78) for an issuer that is not an https URL.
 */
export function consoleOidcSettings(env: NodeJS.ProcessEnv = process.env): ConsoleSettings['oidc'] {
  const problems: string[] = [];
  const read = cleanEnv(
    {
      CONSOLE_OIDC_ISSUER: env.CONSOLE_OIDC_ISSUER?.trim() || undefined,
      CONSOLE_OIDC_CLIENT_ID: env.CONSOLE_OIDC_CLIENT_ID?.trim() || undefined,
      CONSOLE_OIDC_SCOPE: env.CONSOLE_OIDC_SCOPE?.trim() || undefined,
    },
    {
      CONSOLE_OIDC_ISSUER: url({ default: undefined }),
      CONSOLE_OIDC_CLIENT_ID: str({ default: 'officer-console' }),
      CONSOLE_OIDC_SCOPE: str({ default: 'openid profile' }),
    },
    {
      reporter: ({ errors }) => {
        for (const name of Object.keys(errors)) problems.push(`${name} must be a URL`);
      },
    },
  );
  if (problems.length > 0) throw new ConfigError(problems);
  const issuer = read.CONSOLE_OIDC_ISSUER;
  // OpenID Connect Discovery 1.0 §4: the issuer is an https URL (http only on this machine, for tests).
  if (issuer && !/^https:/.test(issuer) && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(issuer))
    throw new ConfigError(['CONSOLE_OIDC_ISSUER must be an https URL']);
  if (!issuer) return null;
  return { issuer, clientId: read.CONSOLE_OIDC_CLIENT_ID, scope: read.CONSOLE_OIDC_SCOPE };
}

/**
 * The console's Content-Security-Policy: its own scripts and styles only, no inline script, no
 * framing; connections to this service and to the identity provider (token endpoint).
 */
export function consoleContentSecurityPolicy(settings: ConsoleSettings): string {
  const issuer = settings.oidc ? ` ${new URL(settings.oidc.issuer).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${issuer}`,
    `form-action 'self'${issuer}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

const ROLES = ['officer', 'supervisor'];
const AUTHORITIES = ['GZ', 'HK', 'MO'];

/** A problem+json answer, its `instance` naming the request like every other problem's (sendProblem). */
function refuse(res: Response, status: number, slug: string, detail: string, errors?: FieldError[]): void {
  sendProblem(res, problem(status, slug, detail, errors ? { errors } : {}));
}

/**
 * `POST /console/dev-token` (development mode only: the route does not exist otherwise):
 * `{ authority, roles[], sub? }` → `{ accessToken, expiresIn }`, an HS256 officer token of eight
 * hours signed with OFFICER_JWT_SECRET for OFFICER_JWT_AUDIENCE/ISSUER, as tools/officer-token.mjs
 * makes. 422 with every failing field; a token of another authority is refused (/authority), the
 * service accepting only its own.
 */
function developmentToken(config: ServiceConfig, secret: string) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = (req.body ?? {}) as { authority?: unknown; roles?: unknown; sub?: unknown };
    // Only these: an `officerId` or `authority` claim of the sender's choosing must not pass unseen.
    const errors: FieldError[] = closedMembers(req.body, ['authority', 'roles', 'sub']);
    if (body.authority !== config.authority)
      errors.push({
        pointer: '/authority',
        code: AUTHORITIES.includes(body.authority as string)
          ? 'AUTHORITY_NOT_THIS_SERVICE'
          : 'VALUE_NOT_ALLOWED',
        detail: `this service signs in officers of ${config.authority} only`,
      });
    const roles = body.roles;
    if (!Array.isArray(roles) || roles.length === 0 || roles.some((r) => !ROLES.includes(r as string)))
      errors.push({
        pointer: '/roles',
        code: 'VALUE_NOT_ALLOWED',
        detail: 'one or more of officer, supervisor',
      });
    const sub = body.sub === undefined || body.sub === '' ? undefined : body.sub;
    if (sub !== undefined && (typeof sub !== 'string' || !/^[\w.@-]{1,64}$/.test(sub)))
      errors.push({ pointer: '/sub', code: 'VALUE_NOT_ALLOWED', detail: '1–64 letters, digits, . _ @ -' });
    if (errors.length)
      return refuse(res, 422, 'validation-failed', 'The sign-in request is not valid.', errors);
    const granted = [...new Set(roles as string[])];
    const subject =
      (sub as string | undefined) ??
      `${config.authority.toLowerCase()}-${granted.includes('supervisor') ? 'supervisor' : 'officer'}-1`;
    const expiresIn = 8 * 3600;
    const accessToken = await new SignJWT({ authority: config.authority, roles: granted })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(subject)
      .setAudience(config.officerJwtAudience ?? '')
      .setIssuer(config.officerJwtIssuer ?? '')
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(new TextEncoder().encode(secret));
    res.set('Cache-Control', 'no-store').json({ accessToken, expiresIn, sub: subject });
  };
}

/**
 * The officer console at /console: `config.json` (no-store), the development sign-in (only in
 * development mode with OFFICER_JWT_SECRET), the hashed assets (immutable, a year) and, for every
 * other GET under /console, index.html (no-cache) so that the app's own routes survive a reload.
 * Every answer carries the console's CSP. Touches neither the database nor Kafka.
 */
export function consoleRouter(config: ServiceConfig, dist = CONSOLE_DIST, env = process.env): Router {
  const settings: ConsoleSettings = {
    authority: config.authority,
    mode: config.mode,
    oidc: consoleOidcSettings(env),
  };
  const csp = consoleContentSecurityPolicy(settings);
  const router = express.Router();
  router.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    next();
  });
  router.get('/config.json', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(settings);
  });
  if (config.mode === 'development' && config.officerJwtSecret)
    router.post('/dev-token', developmentToken(config, config.officerJwtSecret));

  const index = join(dist, 'index.html');
  router.use(
    '/assets',
    express.static(join(dist, 'assets'), { immutable: true, maxAge: '365d', index: false }),
    (_req: Request, res: Response) => refuse(res, 404, 'not-found', 'No such console asset.'),
  );
  router.use(express.static(dist, { index: false, maxAge: 0 }));
  router.get(/.*/, (_req, res) => {
    if (!existsSync(index))
      return refuse(res, 404, 'not-found', 'The officer console is not built (run node tools/build.mjs).');
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
