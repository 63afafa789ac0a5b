// Vocabulary shared by every part of the standard.

/** A customs authority taking part in the joint clearance. */
export type Authority = 'GZ' | 'HK' | 'MO';

/** The ISO 3166 territory an authority clears for. */
export type Territory = 'CN' | 'HK' | 'MO';

/** Selectivity lane, as ASYCUDA: release, document check, physical inspection. */
export type Lane = 'GREEN' | 'YELLOW' | 'RED';

/** What a participant does with the shipment along its route. */
export type Role = 'export' | 'transit' | 'import';

/** The checks an officer can perform; the union of these is what a joint inspection covers. */
export type Check =
  | 'documents'
  | 'identity'
  | 'seal'
  | 'quantity'
  | 'description'
  | 'valuation'
  | 'quarantine';

export const AUTHORITIES: readonly Authority[] = ['GZ', 'HK', 'MO'];
export const CHECKS: readonly Check[] = [
  'documents',
  'identity',
  'seal',
  'quantity',
  'description',
  'valuation',
  'quarantine',
];

export const TERRITORY_OF: Readonly<Record<Authority, Territory>> = { GZ: 'CN', HK: 'HK', MO: 'MO' };
export const AUTHORITY_OF: Readonly<Record<Territory, Authority>> = { CN: 'GZ', HK: 'HK', MO: 'MO' };

/** Each authority's currency: duties and limits are expressed in it. */
export const CURRENCY_OF: Readonly<Record<Authority, 'CNY' | 'HKD' | 'MOP'>> = {
  GZ: 'CNY',
  HK: 'HKD',
  MO: 'MOP',
};

const LANE_RANK: Readonly<Record<Lane, number>> = { GREEN: 0, YELLOW: 1, RED: 2 };

/** The stricter of two lanes. */
export function stricterLane(a: Lane, b: Lane): Lane {
  return LANE_RANK[b] > LANE_RANK[a] ? b : a;
}

/** One error of the data standard, located by an RFC 6901 JSON pointer. */
export interface DataError {
  pointer: string;
  code: string;
  detail: string;
}
