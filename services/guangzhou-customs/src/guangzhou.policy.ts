import type { AuthorityPolicy } from '@gba/clearance';

/**
 * Mainland law on top of the common standard: CBEC retail limits, positive list and tax are
 * applied by the standard's assessment for GZ; the buyer's annual ledger is GZ's own record.
 */
export const policy: AuthorityPolicy = { authority: 'GZ' };
