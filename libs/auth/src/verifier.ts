import type { AuthorityCode } from '@gba/contracts';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

export const OFFICER_ROLES = ['officer', 'supervisor'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

/** The authenticated officer, as taken from a verified token. */
export interface Officer {
  id: string;
  authority: AuthorityCode;
  roles: OfficerRole[];
}

export interface OfficerTokenVerifierOptions {
  /** The authority of this service: tokens of any other authority are refused. */
  authority: AuthorityCode;
  /** Development and tests: HS256 with a shared secret (OFFICER_JWT_SECRET). */
  hs256Secret?: string;
  /** Production: RS256 against the identity provider's key set (OFFICER_JWKS_URL). */
  jwksUrl?: string;
  /**
   * The `aud` every token must carry (OFFICER_JWT_AUDIENCE; RFC 7519 §4.1.3: a string, or an
   * array holding it). Required with a secret or key set: a token the same issuer made for
   * another application, signed with the same key, must not pass.
   */
  audience?: string;
  /** The `iss` every token must carry (OFFICER_JWT_ISSUER; RFC 7519 §4.1.1). Required likewise. */
  issuer?: string;
  /** Allowed clock skew between the token issuer and this service, seconds, for exp/nbf/iat. */
  clockToleranceSec?: number;
}

export type OfficerAuthStatus = 401 | 403 | 503;

/**
 * Why an officer was refused. `detail` (the message) is safe to answer to the client: it never
 * contains the token or its claims beyond the authority.
 */
export class OfficerAuthError extends Error {
  override readonly name = 'OfficerAuthError';
  constructor(
    readonly status: OfficerAuthStatus,
    readonly slug: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(detail, options);
  }

  static unauthenticated(detail: string): OfficerAuthError {
    return new OfficerAuthError(401, 'unauthenticated', detail);
  }
}

const AUTHORITIES: readonly AuthorityCode[] = ['GZ', 'HK', 'MO'];
const MIN_SECRET_LENGTH = 32; // as the runtime config demands of OFFICER_JWT_SECRET
const DEFAULT_CLOCK_TOLERANCE_SEC = 30;

/** Marks a failure to fetch the key set, which is our fault, not the client's. */
class KeySetUnavailable extends Error {}

/**
 * Verifies officer bearer tokens (api.md, "Authentication and authorisation"). The algorithm is
 * pinned to what is configured: HS256 only with a secret, RS256 only with a key set, and each
 * algorithm only ever with its own key, so a token cannot choose how it is checked (no `none`,
 * no HS256 signed with the RSA public key).
 */
export class OfficerTokenVerifier {
  private readonly authority: AuthorityCode;
  private readonly algorithms: string[] = [];
  private readonly getKey: JWTVerifyGetKey;
  private readonly clockTolerance: number;
  private readonly audience: string;
  private readonly issuer: string;

  /** Throws (a configuration fault) for a short secret, or a key without audience and issuer. */
  constructor(options: OfficerTokenVerifierOptions) {
    this.authority = options.authority;
    this.clockTolerance = options.clockToleranceSec ?? DEFAULT_CLOCK_TOLERANCE_SEC;
    this.audience = options.audience ?? '';
    this.issuer = options.issuer ?? '';
    if ((options.hs256Secret !== undefined || options.jwksUrl) && (!this.audience || !this.issuer))
      throw new Error('officer tokens need an audience and an issuer to be checked against');

    let secret: Uint8Array | undefined;
    if (options.hs256Secret !== undefined) {
      if (options.hs256Secret.length < MIN_SECRET_LENGTH)
        throw new Error(`the HS256 secret must be at least ${MIN_SECRET_LENGTH} characters`);
      secret = new TextEncoder().encode(options.hs256Secret);
      this.algorithms.push('HS256');
    }
    const jwks = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : undefined;
    if (jwks) this.algorithms.push('RS256');

    // jose rejects any alg outside `algorithms` before this runs, so here alg is one we configured.
    this.getKey = async (header, token) => {
      if (header.alg === 'HS256' && secret) return secret;
      if (header.alg === 'RS256' && jwks) {
        try {
          return await jwks(header, token);
        } catch (err) {
          // An unknown kid is the token's problem; an unreachable or broken key set is ours.
          if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys)
            throw err;
          throw new KeySetUnavailable('officer key set unavailable', { cause: err });
        }
      }
      throw new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
    };
  }

  async verify(token: string): Promise<Officer> {
    if (this.algorithms.length === 0)
      throw OfficerAuthError.unauthenticated('officer authentication is not configured');
    if (!token) throw OfficerAuthError.unauthenticated('missing bearer token');

    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, this.getKey, {
        algorithms: this.algorithms,
        requiredClaims: ['sub', 'exp'],
        audience: this.audience,
        issuer: this.issuer,
        clockTolerance: this.clockTolerance,
      }));
    } catch (err) {
      throw toAuthError(err);
    }
    // jose checks `nbf` against the clock but `iat` only with a maximum token age, which we do not
    // impose: a token issued later than now (beyond the skew) was not issued by a sane issuer.
    if (typeof claims.iat === 'number' && claims.iat > Date.now() / 1000 + this.clockTolerance)
      throw OfficerAuthError.unauthenticated('token is issued in the future ("iat")');
    return this.toOfficer(claims);
  }

  private toOfficer(claims: JWTPayload): Officer {
    const { sub, authority, roles } = claims;
    // The officer id is recorded in decisions and the audit trail: printable text of sane length.
    if (typeof sub !== 'string' || !/^[\x21-\x7e\u00a0-\ud7ff\ue000-\uffff ]{1,128}$/.test(sub))
      throw OfficerAuthError.unauthenticated('token has no valid "sub" claim');
    if (typeof authority !== 'string' || !AUTHORITIES.includes(authority as AuthorityCode))
      throw OfficerAuthError.unauthenticated('token has no valid "authority" claim');
    // Roles we do not know are ignored (the issuer may serve other systems), but some must remain.
    const known = Array.isArray(roles) ? OFFICER_ROLES.filter((role) => roles.includes(role)) : [];
    if (known.length === 0)
      throw OfficerAuthError.unauthenticated('token has no known "roles" (officer, supervisor)');
    if (authority !== this.authority)
      throw new OfficerAuthError(
        403,
        'forbidden',
        `token issued for ${authority}, this is ${this.authority}`,
      );
    return { id: sub, authority: authority as AuthorityCode, roles: known };
  }
}

/** Maps jose's failures to what the client is told; anything unexpected propagates. */
function toAuthError(err: unknown): OfficerAuthError {
  if (err instanceof KeySetUnavailable)
    return new OfficerAuthError(503, 'unavailable', 'officer keys cannot be fetched; try again later', {
      cause: err.cause,
    });
  if (err instanceof errors.JWTExpired) return OfficerAuthError.unauthenticated('token has expired');
  if (err instanceof errors.JOSEAlgNotAllowed)
    return OfficerAuthError.unauthenticated('token algorithm is not accepted');
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey)
    return OfficerAuthError.unauthenticated('token signature is invalid');
  if (err instanceof errors.JWTClaimValidationFailed) {
    const claim = err.claim;
    if (err.reason === 'check_failed') {
      if (claim === 'aud') return OfficerAuthError.unauthenticated('token is for another audience ("aud")');
      if (claim === 'iss') return OfficerAuthError.unauthenticated('token is from another issuer ("iss")');
      if (claim === 'nbf') return OfficerAuthError.unauthenticated('token is not valid yet ("nbf")');
    }
    return OfficerAuthError.unauthenticated(`token claim "${claim}" is missing or invalid`);
  }
  // Everything else jose raises about the token itself (bad encoding, header, JSON) is a JOSEError.
  if (err instanceof errors.JOSEError) return OfficerAuthError.unauthenticated('token is malformed');
  throw err; // not about the token: a fault of ours, to be logged as such
}
