// What the mainland CBEC annual ledger needs from the standard: the buyer's key and the return window.
import { createHmac } from 'node:crypto';
import { currentStandard } from '../config/standards';
import type { Standard } from '../config/types';
import { localDay } from '../time';

/**
 * The ledger key of a buyer: HMAC-SHA256(ledgerSecret, ID number), hex. The ledger never holds
 * the ID number in clear; the same buyer always gets the same key under the same secret.
 */
export function cbecBuyerKey(buyerIdNumber: string, ledgerSecret: string): string {
  if (!ledgerSecret) throw new RangeError('a ledger secret is required');
  return createHmac('sha256', ledgerSecret).update(buyerIdNumber).digest('hex');
}

/**
 * Whether a retail return at `returnedAt` falls within the return window (30 calendar days,
 * UTC+8) after release at `releasedAt`: then GZ refunds the tax and restores the quota.
 */
export function isCbecReturnInTime(
  releasedAt: Date | string,
  returnedAt: Date | string,
  standard: Standard = currentStandard(),
): boolean {
  const days = localDay(returnedAt) - localDay(releasedAt);
  return days >= 0 && days <= standard.cbec.returnWindowDays;
}
