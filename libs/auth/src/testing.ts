import type { AuthorityCode } from '@gba/contracts';
import { DEVELOPMENT_OFFICER_JWT_AUDIENCE, DEVELOPMENT_OFFICER_JWT_ISSUER } from '@gba/runtime';
import { type CryptoKey, type KeyObject, SignJWT } from 'jose';
import type { OfficerRole } from './verifier';

export interface SignOfficerTokenOptions {
  /** HS256: the shared secret text. RS256: the private key. */
  secret: string | CryptoKey | KeyObject;
  sub: string;
  authority: AuthorityCode;
  roles: OfficerRole[];
  /** A jose time span from now ('15m', '-1h') or an absolute epoch-seconds `exp`. Default '15m'. */
  expiresIn?: string | number;
  alg?: 'HS256' | 'RS256';
  /** Key id in the header, for RS256 key sets with several keys. */
  kid?: string;
  /** `aud`; default the development audience (OFFICER_JWT_AUDIENCE of `npm run stack` and e2e). */
  audience?: string;
  /** `iss`; default the development issuer (OFFICER_JWT_ISSUER of `npm run stack` and e2e). */
  issuer?: string;
  /** `iat` as epoch seconds; default now. */
  issuedAt?: number;
  /** `nbf` as epoch seconds; default none. */
  notBefore?: number;
}

/** Signs an officer token the way the identity provider does, for tests of other projects. */
export function signOfficerToken(options: SignOfficerTokenOptions): Promise<string> {
  const { secret, sub, authority, roles, expiresIn = '15m', alg = 'HS256', kid } = options;
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  const jwt = new SignJWT({ authority, roles })
    .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
    .setSubject(sub)
    .setAudience(options.audience ?? DEVELOPMENT_OFFICER_JWT_AUDIENCE)
    .setIssuer(options.issuer ?? DEVELOPMENT_OFFICER_JWT_ISSUER)
    .setIssuedAt(options.issuedAt)
    .setExpirationTime(expiresIn);
  if (options.notBefore !== undefined) jwt.setNotBefore(options.notBefore);
  return jwt.sign(key);
}
