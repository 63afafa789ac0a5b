import type { AuthorityCode } from '@gba/contracts';
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
}

/** Signs an officer token the way the identity provider does, for tests of other projects. */
export function signOfficerToken(options: SignOfficerTokenOptions): Promise<string> {
  const { secret, sub, authority, roles, expiresIn = '15m', alg = 'HS256', kid } = options;
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  return new SignJWT({ authority, roles })
    .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key);
}
