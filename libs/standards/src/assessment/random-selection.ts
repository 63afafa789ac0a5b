// Deterministic keyed random selection: auditable (same inputs, same draw) and unpredictable to
// traders without the key.
import type { Thresholds } from '../config/lookup';
import type { Authority, Lane } from '../types';
import { hmacSha256First32 } from './hmac-sha256';

/** The draw, a uniform 32-bit integer: the first 4 bytes of HMAC-SHA256(key, id|authority|version). */
export function selectionDraw(
  selectionKey: string,
  declarationId: string,
  authority: Authority,
  standardVersion: string,
): number {
  if (typeof selectionKey !== 'string' || selectionKey === '')
    throw new RangeError('a selection key is required for random selection');
  return hmacSha256First32(selectionKey, `${declarationId}|${authority}|${standardVersion}`);
}

/** The lane a draw selects under the given rates. */
export function laneOfDraw(draw: number, thresholds: Thresholds): Lane {
  if (draw < thresholds.red) return 'RED';
  if (draw < thresholds.redOrYellow) return 'YELLOW';
  return 'GREEN';
}
