// What GZ's CBEC annual ledger needs from the standard: the buyer's key, the quota year and the
// return window (domain.md § Mainland cross-border e-commerce retail imports (GZ), "Limits").
import { createHmac } from 'node:crypto';
import { currentStandard } from '../../config/standards';
import type { Standard } from '../../config/types';
import { localDay, localYear } from '../../time';

/**
 * The ledger key of a buyer: HMAC-SHA256(ledgerSecret, ID number in upper case), 64 hex digits.
 * "The annual ledger is kept by GZ; it keys buyers by a keyed hash of the ID number, never in
 * clear" (domain.md). The ID is upper-cased so that a resident ID's check character `x` and `X`
 * are one buyer. This is the value GZ's stored ledger rows hold: it equals
 * `new PersonalData(piiKey).keyedHash(idNumber)` of @gba/clearance with
 * `ledgerSecret = personalDataKeys(PII_KEY).hashing` (32 bytes, HKDF). Throws RangeError on an
 * empty secret.
 */
export function cbecBuyerKey(buyerIdNumber: string, ledgerSecret: string | Uint8Array): string {
  if (ledgerSecret.length === 0) throw new RangeError('a ledger secret is required');
  return createHmac('sha256', ledgerSecret).update(buyerIdNumber.toUpperCase()).digest('hex');
}

/**
 * The year of the buyer's annual quota for an instant (Date, RFC 3339 string or epoch ms): "¥26,000
 * per buyer per calendar year" (domain.md) is the mainland's calendar year, UTC+8. E.g.
 * 2025-12-31T16:00:00Z → 2026. Throws RangeError for an invalid Date or string.
 */
export function cbecQuotaYear(at: Date | string | number): number {
  return localYear(at);
}

/**
 * Whether a retail return at `returnedAt` is within the return window after release at
 * `releasedAt` (Date or RFC 3339), so that GZ refunds the tax and restores the buyer's quota.
 *
 * The rule: "A return within 30 days of release restores quota." (domain.md § Mainland cross-border
 * e-commerce retail imports (GZ), "Limits" *(config)*) and "Within 30 days of release, GZ refunds
 * the tax and restores the buyer's annual quota; later → 422" (api.md, POST
 * /declarations/{id}/returns). The 30 is configuration (`standard.cbec.returnWindowDays`), and like
 * the calendar year of the same limits its days are the mainland's calendar days (UTC+8), not
 * multiples of 24 hours: released on day 0 at any hour, a return on calendar day 30 at any hour is
 * in time, on day 31 it is late. A return dated on an earlier day than the release is not in time.
 * Throws RangeError for an invalid Date or string.
 */
export function isCbecReturnInTime(
  releasedAt: Date | string,
  returnedAt: Date | string,
  standard: Standard = currentStandard(),
): boolean {
  const days = localDay(returnedAt) - localDay(releasedAt);
  return days >= 0 && days <= standard.cbec.returnWindowDays;
}
