// What one assessment works on: the declaration with its figures resolved once (the frame) and
// what fires (the outcome). The common assessment and each jurisdiction's own law share it.
import { COUNT_UNITS } from '../config/code-lists';
import { type GoodsProfile, MONEY_SCALE, type RateTableLookup, type StandardLookup } from '../config/lookup';
import type { Standard } from '../config/types';
import type { Declaration, GoodsItem } from '../declaration/types';
import { formatUnits, numberToUnits } from '../money/decimal';
import { checksForLane, rule } from '../rules';
import { stricterLane, type Authority, type Check, type Lane, type Role } from '../types';
import type { Duty, DutyCode, Reason } from './types';

/** Collects what fires during one assessment. */
export class Outcome {
  lane: Lane = 'GREEN';
  readonly ruleIds: string[] = [];
  readonly reasons: Reason[] = [];
  readonly checks: Check[] = [];
  readonly rejections: string[] = [];
  readonly permitsMissing: string[] = [];
  readonly duties: Duty[] = [];
  reserved = false;

  /** Records a rule with its catalogued effect; `lane` overrides it (risk targets, random selection). */
  fire(ruleId: string, detail: string, extra: { line?: number; targetId?: string; lane?: Lane } = {}): void {
    const r = rule(ruleId);
    if (!this.ruleIds.includes(ruleId)) this.ruleIds.push(ruleId);
    const reason: Reason = { ruleId, detail };
    if (extra.line !== undefined) reason.line = extra.line;
    if (extra.targetId !== undefined) reason.targetId = extra.targetId;
    this.reasons.push(reason);
    if (r.effect === 'reject' && !this.rejections.includes(ruleId)) this.rejections.push(ruleId);
    const lane = extra.lane ?? r.lane;
    if (lane !== undefined) {
      this.lane = stricterLane(this.lane, lane);
      for (const c of r.checks ?? checksForLane(lane)) if (!this.checks.includes(c)) this.checks.push(c);
      if (r.reserved) this.reserved = true;
    }
  }

  /** Adds a duty of `cents` minor units (nothing when zero). */
  addDuty(code: DutyCode, cents: bigint, currency: Duty['currency'], ruleId: string): void {
    if (cents > 0n) this.duties.push({ code, amount: formatUnits(cents, MONEY_SCALE), currency, ruleId });
  }
}

/** Everything one assessment reads, resolved once. */
export interface Frame {
  readonly d: Declaration;
  readonly authority: Authority;
  readonly role: Role;
  readonly standard: Standard;
  readonly lk: StandardLookup;
  /** Time of assessment, ms since the epoch, and its local (UTC+8) day. */
  readonly ms: number;
  readonly day: number;
  readonly rates: RateTableLookup;
  /** Per item: unit value (10^-4), quantity (10^-6), and their product in cents, in the item's currency. */
  readonly unitValues: readonly bigint[];
  readonly quantities: readonly bigint[];
  readonly lineValues: readonly bigint[];
  /** What the standard says about each item's HS-6. */
  readonly goods: readonly GoodsProfile[];
  readonly out: Outcome;
}

/** Litres of a line (scale 10^-6) from its unit or its stated volume. */
export function litresOf(item: GoodsItem, quantity: bigint): bigint | undefined {
  if (item.unit === 'LTR') return quantity;
  if (item.unit === 'MLT') return quantity / 1000n;
  return item.volumeLitres === undefined ? undefined : numberToUnits(item.volumeLitres, 6);
}

/** Articles counted one by one (scale 10^-6), when the unit counts them. */
export function countOf(item: GoodsItem, quantity: bigint): bigint | undefined {
  const factor = COUNT_UNITS[item.unit];
  return factor === undefined ? undefined : quantity * BigInt(factor);
}
