import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type GenerateKeyPairResult,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { signOfficerToken } from './testing';
import {
  type Officer,
  OfficerAuthError,
  OfficerTokenVerifier,
  type OfficerTokenVerifierOptions,
} from './verifier';

const SECRET = 'test-secret-of-at-least-32-characters!!';
const KID = 'officer-key-1';
const AUDIENCE = 'gba-clearance-test';
const ISSUER = 'https://idp.customs.test';

let keys: GenerateKeyPairResult;
let otherKeys: GenerateKeyPairResult;
let publicPem: string;
let jwksServer: Server;
let jwksUrl: string;

beforeAll(async () => {
  keys = await generateKeyPair('RS256', { extractable: true });
  otherKeys = await generateKeyPair('RS256', { extractable: true });
  publicPem = await exportSPKI(keys.publicKey);
  const jwks = JSON.stringify({
    keys: [{ ...(await exportJWK(keys.publicKey)), kid: KID, alg: 'RS256', use: 'sig' }],
  });
  jwksServer = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(jwks),
  );
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(() => new Promise<void>((resolve) => jwksServer.close(() => resolve())));

const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Signs arbitrary claims with HS256, for tokens the helper deliberately cannot make; `aud` and
 * `iss` are this verifier's unless the claims set them (to `undefined` to leave them out).
 */
const hs256 = (claims: JWTPayload, secret = SECRET) =>
  new SignJWT(JSON.parse(JSON.stringify({ aud: AUDIENCE, iss: ISSUER, ...claims })) as JWTPayload)
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(secret));

const officer = (
  roles: Officer['roles'] = ['officer'],
  extra: Partial<Parameters<typeof signOfficerToken>[0]> = {},
) =>
  signOfficerToken({
    secret: SECRET,
    sub: 'officer-7',
    authority: 'GZ',
    roles,
    audience: AUDIENCE,
    issuer: ISSUER,
    ...extra,
  });

type Setup = 'hs256' | 'jwks' | 'both' | 'none';
const verifierFor = (setup: Setup, extra: Partial<OfficerTokenVerifierOptions> = {}) =>
  new OfficerTokenVerifier({
    authority: 'GZ',
    hs256Secret: setup === 'hs256' || setup === 'both' ? SECRET : undefined,
    jwksUrl: setup === 'jwks' || setup === 'both' ? jwksUrl : undefined,
    audience: AUDIENCE,
    issuer: ISSUER,
    ...extra,
  });

type Case = {
  name: string;
  setup: Setup;
  token: () => Promise<string>;
} & ({ officer: Officer } | { status: number; detail: string | RegExp });

const cases: Case[] = [
  {
    name: 'valid HS256 officer',
    setup: 'hs256',
    token: () => officer(),
    officer: { id: 'officer-7', authority: 'GZ', roles: ['officer'] },
  },
  {
    name: 'valid supervisor',
    setup: 'hs256',
    token: () => officer(['officer', 'supervisor']),
    officer: { id: 'officer-7', authority: 'GZ', roles: ['officer', 'supervisor'] },
  },
  {
    name: 'unknown roles are ignored',
    setup: 'hs256',
    token: () =>
      hs256({ sub: 'officer-7', authority: 'GZ', roles: ['auditor', 'supervisor'], exp: now() + 60 }),
    officer: { id: 'officer-7', authority: 'GZ', roles: ['supervisor'] },
  },
  {
    name: 'RS256 verified against the JWKS',
    setup: 'jwks',
    token: () => officer(['supervisor'], { alg: 'RS256', secret: keys.privateKey, kid: KID }),
    officer: { id: 'officer-7', authority: 'GZ', roles: ['supervisor'] },
  },
  {
    name: 'with both configured, RS256 still verifies',
    setup: 'both',
    token: () => officer(['officer'], { alg: 'RS256', secret: keys.privateKey, kid: KID }),
    officer: { id: 'officer-7', authority: 'GZ', roles: ['officer'] },
  },
  {
    name: 'with both configured, HS256 still verifies',
    setup: 'both',
    token: () => officer(),
    officer: { id: 'officer-7', authority: 'GZ', roles: ['officer'] },
  },
  {
    name: 'token of another authority → 403',
    setup: 'hs256',
    token: () => officer(['officer'], { authority: 'HK' }),
    status: 403,
    detail: 'token issued for HK, this is GZ',
  },
  {
    name: 'expired token',
    setup: 'hs256',
    token: () => officer(['officer'], { expiresIn: '-5m' }),
    status: 401,
    detail: 'token has expired',
  },
  {
    name: 'alg none',
    setup: 'hs256',
    token: async () =>
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', authority: 'GZ', roles: ['supervisor'], exp: now() + 60 })}.`,
    status: 401,
    detail: 'token algorithm is not accepted',
  },
  {
    name: 'HS256 signed with the RSA public key PEM, verifier on JWKS only',
    setup: 'jwks',
    token: () => officer(['supervisor'], { secret: publicPem }),
    status: 401,
    detail: 'token algorithm is not accepted',
  },
  {
    name: 'HS256 signed with the RSA public key PEM, verifier on both',
    setup: 'both',
    token: () => officer(['supervisor'], { secret: publicPem }),
    status: 401,
    detail: 'token signature is invalid',
  },
  {
    name: 'RS256 token, verifier on HS256 only',
    setup: 'hs256',
    token: () => officer(['officer'], { alg: 'RS256', secret: keys.privateKey, kid: KID }),
    status: 401,
    detail: 'token algorithm is not accepted',
  },
  {
    name: 'RS256 signed by a key not in the JWKS',
    setup: 'jwks',
    token: () => officer(['officer'], { alg: 'RS256', secret: otherKeys.privateKey, kid: KID }),
    status: 401,
    detail: 'token signature is invalid',
  },
  {
    name: 'wrong secret',
    setup: 'hs256',
    token: () => officer(['officer'], { secret: 'another-secret-of-at-least-32-characters' }),
    status: 401,
    detail: 'token signature is invalid',
  },
  {
    name: 'missing sub',
    setup: 'hs256',
    token: () => hs256({ authority: 'GZ', roles: ['officer'], exp: now() + 60 }),
    status: 401,
    detail: 'token claim "sub" is missing or invalid',
  },
  {
    name: 'sub with a NUL character',
    setup: 'hs256',
    token: () => hs256({ sub: 'sup\u0000x', authority: 'GZ', roles: ['supervisor'], exp: now() + 60 }),
    status: 401,
    detail: 'token has no valid "sub" claim',
  },
  {
    name: 'sub with an unpaired surrogate',
    setup: 'hs256',
    token: () => hs256({ sub: 'sup\ud800', authority: 'GZ', roles: ['supervisor'], exp: now() + 60 }),
    status: 401,
    detail: 'token has no valid "sub" claim',
  },
  {
    name: 'missing exp',
    setup: 'hs256',
    token: () => hs256({ sub: 'officer-7', authority: 'GZ', roles: ['officer'] }),
    status: 401,
    detail: 'token claim "exp" is missing or invalid',
  },
  {
    name: 'missing roles',
    setup: 'hs256',
    token: () => hs256({ sub: 'officer-7', authority: 'GZ', exp: now() + 60 }),
    status: 401,
    detail: /no known "roles"/,
  },
  {
    name: 'only unknown roles',
    setup: 'hs256',
    token: () => hs256({ sub: 'officer-7', authority: 'GZ', roles: ['admin'], exp: now() + 60 }),
    status: 401,
    detail: /no known "roles"/,
  },
  {
    name: 'roles not an array',
    setup: 'hs256',
    token: () => hs256({ sub: 'officer-7', authority: 'GZ', roles: 'supervisor', exp: now() + 60 }),
    status: 401,
    detail: /no known "roles"/,
  },
  {
    name: 'unknown authority',
    setup: 'hs256',
    token: () => hs256({ sub: 'officer-7', authority: 'XX', roles: ['officer'], exp: now() + 60 }),
    status: 401,
    detail: 'token has no valid "authority" claim',
  },
  {
    name: 'not a JWT',
    setup: 'hs256',
    token: async () => 'not-a-jwt',
    status: 401,
    detail: 'token is malformed',
  },
  {
    name: 'garbage in every segment',
    setup: 'hs256',
    token: async () => 'e30.%%%.@@@',
    status: 401,
    detail: 'token is malformed',
  },
  // Kind: a token signed with the right key but made for someone else (RFC 8725 §3.9, §3.10).
  {
    name: "another application's audience and issuer, right secret",
    setup: 'hs256',
    token: () => officer(['supervisor'], { audience: 'payroll-app', issuer: 'https://idp.other.test' }),
    status: 401,
    detail: 'token is from another issuer ("iss")',
  },
  {
    name: 'wrong audience',
    setup: 'hs256',
    token: () => officer(['supervisor'], { audience: 'payroll-app' }),
    status: 401,
    detail: 'token is for another audience ("aud")',
  },
  {
    name: 'wrong audience, RS256',
    setup: 'jwks',
    token: () =>
      officer(['supervisor'], { alg: 'RS256', secret: keys.privateKey, kid: KID, audience: 'payroll-app' }),
    status: 401,
    detail: 'token is for another audience ("aud")',
  },
  {
    name: 'wrong issuer',
    setup: 'hs256',
    token: () => officer(['supervisor'], { issuer: 'https://idp.other.test' }),
    status: 401,
    detail: 'token is from another issuer ("iss")',
  },
  {
    name: 'audience differing only in case',
    setup: 'hs256',
    token: () => officer(['officer'], { audience: AUDIENCE.toUpperCase() }),
    status: 401,
    detail: 'token is for another audience ("aud")',
  },
  {
    name: 'audience list holding ours',
    setup: 'hs256',
    token: () =>
      hs256({
        sub: 'officer-7',
        authority: 'GZ',
        roles: ['officer'],
        aud: ['other', AUDIENCE],
        exp: now() + 60,
      }),
    officer: { id: 'officer-7', authority: 'GZ', roles: ['officer'] },
  },
  {
    name: 'audience list without ours',
    setup: 'hs256',
    token: () =>
      hs256({
        sub: 'officer-7',
        authority: 'GZ',
        roles: ['officer'],
        aud: ['other', 'more'],
        exp: now() + 60,
      }),
    status: 401,
    detail: 'token is for another audience ("aud")',
  },
  {
    name: 'missing aud',
    setup: 'hs256',
    token: () =>
      hs256({ sub: 'officer-7', authority: 'GZ', roles: ['officer'], aud: undefined, exp: now() + 60 }),
    status: 401,
    detail: 'token claim "aud" is missing or invalid',
  },
  {
    name: 'missing iss',
    setup: 'hs256',
    token: () =>
      hs256({ sub: 'officer-7', authority: 'GZ', roles: ['officer'], iss: undefined, exp: now() + 60 }),
    status: 401,
    detail: 'token claim "iss" is missing or invalid',
  },
  {
    name: 'nbf in the future beyond the leeway',
    setup: 'hs256',
    token: () => officer(['officer'], { notBefore: now() + 31 + 5 }),
    status: 401,
    detail: 'token is not valid yet ("nbf")',
  },
  {
    name: 'nbf in the future within the leeway',
    setup: 'hs256',
    token: () => officer(['officer'], { notBefore: now() + 20 }),
    officer: { id: 'officer-7', authority: 'GZ', roles: ['officer'] },
  },
  {
    name: 'iat in the future beyond the leeway',
    setup: 'hs256',
    token: () => officer(['officer'], { issuedAt: now() + 31 + 5 }),
    status: 401,
    detail: 'token is issued in the future ("iat")',
  },
  {
    name: 'iat a day ahead, RS256',
    setup: 'jwks',
    token: () =>
      officer(['officer'], { alg: 'RS256', secret: keys.privateKey, kid: KID, issuedAt: now() + 86400 }),
    status: 401,
    detail: 'token is issued in the future ("iat")',
  },
  {
    name: 'iat in the future within the leeway',
    setup: 'hs256',
    token: () => officer(['officer'], { issuedAt: now() + 20 }),
    officer: { id: 'officer-7', authority: 'GZ', roles: ['officer'] },
  },
  {
    name: 'iat not a number',
    setup: 'hs256',
    token: () =>
      hs256({
        sub: 'officer-7',
        authority: 'GZ',
        roles: ['officer'],
        iat: 'now',
        exp: now() + 60,
      } as unknown as JWTPayload),
    status: 401,
    detail: 'token claim "iat" is missing or invalid',
  },
  {
    name: 'nothing configured',
    setup: 'none',
    token: () => officer(),
    status: 401,
    detail: 'officer authentication is not configured',
  },
];

describe('OfficerTokenVerifier', () => {
  it.each(cases)('$name', async (c) => {
    const result = verifierFor(c.setup).verify(await c.token());
    if ('officer' in c) {
      await expect(result).resolves.toEqual(c.officer);
    } else {
      const err = await result.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(OfficerAuthError);
      expect((err as OfficerAuthError).status).toBe(c.status);
      expect((err as OfficerAuthError).message).toMatch(c.detail);
    }
  });

  it('never puts the token into the error', async () => {
    const token = await officer(['officer'], { authority: 'MO' });
    const err = (await verifierFor('hs256')
      .verify(token)
      .catch((e: unknown) => e)) as Error;
    expect(JSON.stringify({ ...err, message: err.message })).not.toContain(token.split('.')[1]);
  });

  it('tolerates small clock skew only', async () => {
    const token = await officer(['officer'], { expiresIn: now() - 10 });
    await expect(verifierFor('hs256', { clockToleranceSec: 30 }).verify(token)).resolves.toBeDefined();
    await expect(verifierFor('hs256', { clockToleranceSec: 0 }).verify(token)).rejects.toMatchObject({
      status: 401,
    });
  });

  it('answers 503, not 401, when the key set cannot be fetched', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const verifier = new OfficerTokenVerifier({
      authority: 'GZ',
      jwksUrl: `http://127.0.0.1:${port}/jwks`,
      audience: AUDIENCE,
      issuer: ISSUER,
    });
    const token = await officer(['officer'], { alg: 'RS256', secret: keys.privateKey, kid: KID });
    await expect(verifier.verify(token)).rejects.toMatchObject({ status: 503 });
  });

  it('refuses a key without an audience and an issuer at construction (production configuration)', () => {
    expect(() => new OfficerTokenVerifier({ authority: 'GZ', hs256Secret: SECRET, issuer: ISSUER })).toThrow(
      /audience and an issuer/,
    );
    expect(() => new OfficerTokenVerifier({ authority: 'GZ', jwksUrl, audience: AUDIENCE })).toThrow(
      /audience and an issuer/,
    );
  });

  it('checks the audience and issuer it is given, not the development ones', async () => {
    const development = await signOfficerToken({
      secret: SECRET,
      sub: 'officer-7',
      authority: 'GZ',
      roles: ['officer'],
    });
    await expect(verifierFor('hs256').verify(development)).rejects.toMatchObject({
      status: 401,
      message: 'token is from another issuer ("iss")',
    });
  });

  it('refuses a short HS256 secret at construction', () => {
    expect(
      () =>
        new OfficerTokenVerifier({
          authority: 'GZ',
          hs256Secret: 'short',
          audience: AUDIENCE,
          issuer: ISSUER,
        }),
    ).toThrow(/at least 32/);
  });
});
