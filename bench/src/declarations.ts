// Test data of the clearance benchmark: the shared sample declarations of @gba/testing. Every retail
// import gets its own buyer, so that no buyer's annual CBEC quota is what decides the outcome.
import { sampleDeclaration, sampleResidentId } from '@gba/testing';

export type AuthorityCode = 'GZ' | 'HK' | 'MO';
type Territory = 'CN' | 'HK' | 'MO';

export interface Route {
  origin: Territory;
  destination: Territory;
}

/** One kind of traffic: a route and the authority it is filed with. */
export interface Kind {
  name: string;
  filedWith: AuthorityCode;
  route: Route;
}

/**
 * The mix, one entry per batch in turn: HK→CN filed at HK and at GZ, CN→MO filed at GZ, HK→MO filed
 * at MO. Every kind is green-lane face cream (HS 330499), released by every participant at once.
 */
export const KINDS: readonly Kind[] = [
  { name: 'HK→CN @HK', filedWith: 'HK', route: { origin: 'HK', destination: 'CN' } },
  { name: 'HK→CN @GZ', filedWith: 'GZ', route: { origin: 'HK', destination: 'CN' } },
  { name: 'CN→MO @GZ', filedWith: 'GZ', route: { origin: 'CN', destination: 'MO' } },
  { name: 'HK→MO @MO', filedWith: 'MO', route: { origin: 'HK', destination: 'MO' } },
];

const AUTHORITY_OF: Record<Territory, AuthorityCode> = { CN: 'GZ', HK: 'HK', MO: 'MO' };

/** The authorities that decide a declaration along `route` (libs/standards participantsOfRoute). */
export function participantsOfRoute(route: Route): AuthorityCode[] {
  return [AUTHORITY_OF[route.origin], AUTHORITY_OF[route.destination]];
}

/** A valid declaration of face cream along `route`; `n` makes its reference and buyer unique. */
export function declaration(route: Route, n: number, runId: string): Record<string, unknown> {
  return sampleDeclaration(route, {
    platformRef: `BENCH-${runId}-${n}`,
    buyerIdNumber: sampleResidentId(n),
    serial: n,
  });
}
