import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signOfficerToken } from '@gba/auth';
import { type CryptoKey, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { type AuthorityCode, type AuthorityStack, OFFICER_JWT_SECRET } from './authority-stack';

export type OfficerRole = 'officer' | 'supervisor';

/** An identity provider for tests: an RS256 key pair whose public half is served as a JWKS. */
export interface IdentityProvider {
  jwksUrl: string;
  /** The public key as SPKI PEM text, e.g. to forge HS256 tokens "signed" with it. */
  publicPem: string;
  privateKey: CryptoKey;
  kid: string;
  close(): Promise<void>;
}

export async function startIdentityProvider(kid = 'e2e-security-key-1'): Promise<IdentityProvider> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const body = JSON.stringify({ keys: [jwk] });
  const server: Server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(body),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    publicPem: await exportSPKI(publicKey),
    privateKey,
    kid,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An HS256 token signed with the stack's OFFICER_JWT_SECRET, valid unless an option says
 * otherwise (`audience`/`issuer` default to the stack's OFFICER_JWT_AUDIENCE/ISSUER).
 */
export const hs256Token = (
  authority: AuthorityCode,
  roles: OfficerRole[],
  options: {
    sub?: string;
    expiresIn?: string | number;
    secret?: string;
    audience?: string;
    issuer?: string;
    issuedAt?: number;
    notBefore?: number;
  } = {},
) =>
  signOfficerToken({
    secret: options.secret ?? OFFICER_JWT_SECRET,
    sub: options.sub ?? `${authority}-${roles.join('-')}`,
    authority,
    roles,
    expiresIn: options.expiresIn,
    audience: options.audience,
    issuer: options.issuer,
    issuedAt: options.issuedAt,
    notBefore: options.notBefore,
  });

/** A valid RS256 token signed by the identity provider (verified against its JWKS). */
export const rs256Token = (
  idp: IdentityProvider,
  authority: AuthorityCode,
  roles: OfficerRole[],
  sub = `${authority}-rs256-${roles.join('-')}`,
) => signOfficerToken({ secret: idp.privateKey, alg: 'RS256', kid: idp.kid, sub, authority, roles });

/** An unsigned token (`alg: none`) claiming whatever it likes. */
export const algNoneToken = (authority: AuthorityCode, roles: OfficerRole[]) =>
  `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({
    sub: `${authority}-forged`,
    authority,
    roles,
    exp: Math.floor(Date.now() / 1000) + 3600,
  })}.`;

/** The classic key-confusion forgery: HS256 with the RSA public key's PEM text as HMAC secret. */
export const publicKeyAsHmacToken = (idp: IdentityProvider, authority: AuthorityCode, roles: OfficerRole[]) =>
  signOfficerToken({ secret: idp.publicPem, alg: 'HS256', sub: `${authority}-confused`, authority, roles });

/** One HTTP answer, read completely. */
export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

export async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

/**
 * What is wrong with an error answer as problem details (RFC 9457 as api.md demands): the
 * content type, a JSON object body, a numeric `status` equal to the HTTP status, string `type`
 * and `title`. Empty when it is a proper problem.
 */
export function problemViolations(answer: Answer): string[] {
  const wrong: string[] = [];
  if (!/^application\/problem\+json\b/i.test(answer.contentType))
    wrong.push(`content-type is "${answer.contentType}", not application/problem+json`);
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return [...wrong, `body is not JSON: ${JSON.stringify(answer.text.slice(0, 120))}`];
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return [...wrong, 'body is not a JSON object'];
  const p = body as Record<string, unknown>;
  if (p['status'] !== answer.status)
    wrong.push(`body.status is ${JSON.stringify(p['status'])}, HTTP status ${answer.status}`);
  if (typeof p['type'] !== 'string') wrong.push('body.type is not a string');
  if (typeof p['title'] !== 'string') wrong.push('body.title is not a string');
  return wrong;
}

export interface InspectionTask {
  id: string;
  declarationId: string;
  kind: 'document' | 'physical';
  checks: string[];
}

/** Polls this authority's queue until the declaration's task of that kind appears. */
export async function waitForTask(
  baseUrl: string,
  bearer: string,
  declarationId: string,
  kind: InspectionTask['kind'],
  timeoutMs = 30000,
): Promise<InspectionTask> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`${baseUrl}/api/v1/inspections?status=pending&limit=200`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    if (res.status === 200) {
      const { items } = (await res.json()) as { items: InspectionTask[] };
      const task = items.find((t) => t.declarationId === declarationId && t.kind === kind);
      if (task) return task;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no pending ${kind} task at ${baseUrl} for ${declarationId}`);
}

/** A conforming result of the common inspection record for a task (as in officers.e2e-spec). */
export const conformingResult = (checks: string[], location = 'CNHUA') => ({
  location,
  method: 'physical',
  checks: checks.map((check) => ({ check, outcome: 'pass' })),
  containerNumbers: ['CSQU3054383'],
  sealNumber: 'S99881',
  eLockId: 'EL000123',
  sealIntact: true,
  findings: [],
});

/** An e-lock observation as the SELS endpoints take it. */
export const eLockObservation = (location: string, intact = true) => ({
  lockId: 'EL000123',
  sealNumber: 'S99881',
  intact,
  location,
});

/** A risk target body that a supervisor may set. */
export const riskTargetBody = (partyId = `P${Date.now()}`) => ({
  match: { partyId },
  lane: 'YELLOW',
  reason: 'e2e security matrix',
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
});

/** Whether a service's process has ended (a health check alone cannot tell a crash from a stall). */
export function processExited(stack: AuthorityStack, authority: AuthorityCode): boolean {
  return stack.hasExited(authority);
}
