// assess(): one authority's answer to one declaration under the standard in force: lane, rules
// fired, duties, missing permits. Pure and deterministic: the same declaration, context and
// standard version always give the same assessment.
import { COUNT_UNITS } from '../config/code-lists';
import {
  type GoodsProfile,
  lookupFor,
  MONEY_SCALE,
  type RateTableLookup,
  type StandardLookup,
} from '../config/lookup';
import { standardByVersion, standardFor } from '../config/standards';
import type { Standard } from '../config/types';
import { isJointTerritory } from '../declaration/participants';
import type { Declaration, Ecommerce, GoodsItem } from '../declaration/types';
import { cbecTaxCents, fullImportTaxCents } from '../duties/cbec-tax';
import { hkDeclarationChargeCents, hkLiquorDutyCents, liquorBasisUnits } from '../duties/hk';
import { macauTaxCents } from '../duties/macau';
import { convertCents, lineCents, rateTableFor, unitValueCny10 } from '../duties/valuation';
import { checkUscc } from '../identifiers/uscc';
import { divRound, formatUnits, numberToUnits, toUnits } from '../money/decimal';
import { checksForLane, rule } from '../rules';
import { instantMs, isoUtc, localDay } from '../time';
import {
  CHECKS,
  stricterLane,
  TERRITORY_OF,
  type Authority,
  type Check,
  type Lane,
  type Role,
} from '../types';
import { aeoRecognisedOnDay } from './aeo';
import { laneOfDraw, selectionDraw } from './random-selection';
import type { Assessment, AssessmentContext, Duty, DutyCode, Reason, RiskTarget } from './types';

const E6 = 1_000_000n;

/** Collects what fires during one assessment. */
class Outcome {
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

  addDuty(code: DutyCode, cents: bigint, currency: Duty['currency'], ruleId: string): void {
    if (cents > 0n) this.duties.push({ code, amount: formatUnits(cents, MONEY_SCALE), currency, ruleId });
  }
}

/** Everything one assessment reads, resolved once. */
interface Frame {
  readonly d: Declaration;
  readonly authority: Authority;
  readonly role: Role;
  readonly standard: Standard;
  readonly lk: StandardLookup;
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

function resolveStandard(context: AssessmentContext, ms: number): Standard {
  if (context.standard) return context.standard;
  if (context.standardVersion !== undefined) {
    const s = standardByVersion(context.standardVersion);
    if (!s) throw new RangeError(`unknown standard version ${context.standardVersion}`);
    return s;
  }
  const day = localDay(ms);
  if (day !== inForce.day) {
    inForce.day = day;
    inForce.standard = standardFor(new Date(ms));
  }
  return inForce.standard as Standard;
}

/** The version in force on the last day asked: assessments come in time order, mostly on one day. */
const inForce: { day: number; standard: Standard | undefined } = { day: NaN, standard: undefined };

/**
 * Assesses a validated declaration for one participating authority. Throws (a programming error)
 * if the authority does not take part, or the context's time, key or version are unusable.
 */
export function assess(d: Declaration, authority: Authority, context: AssessmentContext): Assessment {
  const ms = instantMs(context.assessedAt);
  const standard = resolveStandard(context, ms);
  const lk = lookupFor(standard);
  const { role, sequence } = roleOf(d, authority);
  const day = localDay(ms);
  const unitValues = d.items.map((i) => toUnits(i.unitValue, 4));
  const quantities = d.items.map((i) => numberToUnits(i.quantity, 6));
  const lineValues = unitValues.map((v, i) => lineCents(v, quantities[i]));
  const f: Frame = {
    d,
    authority,
    role,
    standard,
    lk,
    ms,
    day,
    rates: rateTableFor(lk, day),
    unitValues,
    quantities,
    lineValues,
    goods: d.items.map((item) => lk.goods(item.hsCode)),
    out: new Outcome(),
  };

  goodsLists(f);
  identifiers(f);
  valuation(f);
  reservedCategories(f);
  seal(f, context);
  riskTargets(f, context);
  const cbec = d.ecommerce && isRetailImport(f) ? cbecRetailImport(f, d.ecommerce, context) : undefined;
  if (role === 'import' && authority === 'HK') hkImport(f);
  if (role !== 'transit' && authority === 'HK') hkDeclarationCharge(f);
  if (role === 'import' && authority === 'MO') moImport(f);
  if (f.out.rejections.length === 0) randomSelection(f, context);

  const out = f.out;
  const assessment: Assessment = {
    declarationId: context.declarationId,
    authority,
    role,
    sequence,
    lane: out.lane,
    ruleIds: out.ruleIds,
    reasons: out.reasons,
    checks: out.checks.length === 0 ? [] : CHECKS.filter((c) => out.checks.includes(c)),
    reserved: out.reserved,
    duties: out.rejections.length === 0 ? out.duties : [],
    permitsMissing: out.permitsMissing,
    rejected: out.rejections.length > 0 ? { ruleIds: out.rejections } : null,
    standardVersion: standard.version,
    assessedAt: isoUtc(ms),
  };
  if (cbec) {
    assessment.positiveListEdition = standard.cbec.positiveList.edition;
    assessment.cbecQuotaValueCny = formatUnits(cbec.transactionCents, MONEY_SCALE);
  }
  return assessment;
}

/** The authority's role and position along the route; a programming error if it takes no part. */
function roleOf(d: Declaration, authority: Authority): { role: Role; sequence: number } {
  const territory = TERRITORY_OF[authority];
  const { origin, transit, destination } = d.route;
  let sequence = 0;
  if (origin === territory) return { role: 'export', sequence };
  if (isJointTerritory(origin)) sequence++;
  for (const t of transit) {
    if (t === territory) return { role: 'transit', sequence };
    if (isJointTerritory(t)) sequence++;
  }
  if (destination === territory) return { role: 'import', sequence };
  throw new RangeError(`${authority} does not take part in this declaration`);
}

function goodsLists(f: Frame): void {
  const { d, out } = f;
  for (let i = 0; i < d.items.length; i++) {
    const item = d.items[i];
    const { prohibited, restricted } = f.goods[i];
    if (prohibited)
      out.fire(
        'PROHIBITED_GOODS',
        `line ${item.line}: HS ${item.hsCode} is prohibited (${prohibited.category})`,
        { line: item.line },
      );
    if (restricted) {
      const given = d.permits.some((p) => p.type === restricted.permitType);
      out.fire(
        'RESTRICTED_GOODS',
        `line ${item.line}: HS ${item.hsCode} is restricted (${restricted.category}): ${restricted.permitType} permit ${given ? 'to be checked' : 'missing'}`,
        { line: item.line },
      );
      if (!given && !out.permitsMissing.includes(restricted.permitType))
        out.permitsMissing.push(restricted.permitType);
    }
  }
}

function identifiers(f: Frame): void {
  for (const [role, party] of [
    ['consignor', f.d.consignor],
    ['consignee', f.d.consignee],
  ] as const) {
    if (party.uscc !== undefined && checkUscc(party.uscc) === 'checksum-mismatch') {
      f.out.fire('USCC_CHECKSUM_MISMATCH', `${role} USCC ${party.uscc} fails the GB 32100 checksum`);
    }
  }
}

function valuation(f: Frame): void {
  const { d, lk, out, rates } = f;
  for (let i = 0; i < d.items.length; i++) {
    const item = d.items[i];
    const ref = f.goods[i].reference;
    if (!ref) continue;
    // Declared unit value and threshold both in CNY at scale 10^-10: compared exactly.
    if (
      item.unit === ref.entry.unit &&
      unitValueCny10(f.unitValues[i], item.currency, rates) < ref.undervaluedBelow
    ) {
      out.fire(
        'UNDERVALUATION',
        `line ${item.line}: unit value ${item.unitValue} ${item.currency} is below ${formatUnits(lk.undervaluationRatio * 100n, 6).replace(/\.?0+$/, '')} % of the reference CNY ${ref.entry.unitValueCny} per ${ref.entry.unit}`,
        { line: item.line },
      );
    }
    const valueCny = convertCents(f.lineValues[i], item.currency, 'CNY', rates, lk);
    const netKg = numberToUnits(item.netMassKg, 6);
    const perKg = valueCny * E6; // compared with band × net mass, both at cents × 10^-6
    if (perKg < ref.minPerKgCents * netKg || perKg > ref.maxPerKgCents * netKg) {
      out.fire(
        'MASS_VALUE_INCONSISTENT',
        `line ${item.line}: CNY ${formatUnits(valueCny, 2)} for ${item.netMassKg} kg net is outside CNY ${ref.entry.valuePerKgCny.min}–${ref.entry.valuePerKgCny.max} per kg for HS ${item.hsCode}`,
        { line: item.line },
      );
    }
  }
}

function reservedCategories(f: Frame): void {
  for (const category of f.lk.reserved) {
    if (category.authority !== f.authority || !category.roles.includes(f.role)) continue;
    for (let i = 0; i < f.d.items.length; i++) {
      const item = f.d.items[i];
      if (category.chapters.has(f.goods[i].chapter)) {
        f.out.fire(category.ruleId, `line ${item.line}: HS ${item.hsCode} — ${category.category}`, {
          line: item.line,
          lane: category.lane,
        });
      }
    }
  }
}

function seal(f: Frame, context: AssessmentContext): void {
  const seen = context.eLock;
  if (!seen) return;
  const declared = f.d.transport.eLock;
  if (!seen.intact)
    f.out.fire('ELOCK_BROKEN', `e-lock ${seen.lockId} / seal ${seen.sealNumber} not intact on arrival`);
  else if (!declared || declared.lockId !== seen.lockId || declared.sealNumber !== seen.sealNumber) {
    f.out.fire(
      'ELOCK_MISMATCH',
      `seen e-lock ${seen.lockId} / seal ${seen.sealNumber}; declared ${declared ? `${declared.lockId} / ${declared.sealNumber}` : 'none'}`,
    );
  }
}

function partyIds(d: Declaration): string[] {
  const ids: string[] = [];
  for (const p of [d.consignor, d.consignee]) {
    for (const id of [p.uscc, p.businessRegistrationNumber, p.registrationNumber, p.idNumber])
      if (id !== undefined) ids.push(id);
  }
  return ids;
}

function targetMatches(t: RiskTarget, f: Frame): boolean {
  const { partyId, hsPrefix, originCountry } = t.match;
  if (partyId === undefined && hsPrefix === undefined && originCountry === undefined) return false;
  if (partyId !== undefined && !partyIds(f.d).includes(partyId)) return false;
  if (
    hsPrefix !== undefined &&
    !f.d.items.some(
      (i) => i.hsCode.startsWith(hsPrefix) || (i.tariffCodes[f.authority] ?? '').startsWith(hsPrefix),
    )
  )
    return false;
  if (originCountry !== undefined && !f.d.items.some((i) => i.originCountry === originCountry)) return false;
  return true;
}

function riskTargets(f: Frame, context: AssessmentContext): void {
  for (const t of context.riskTargets ?? []) {
    if (instantMs(t.expiresAt) <= f.ms) continue;
    if (t.setAt !== undefined && instantMs(t.setAt) > f.ms) continue;
    if (targetMatches(t, f))
      f.out.fire('RISK_TARGET', `target ${t.id}: ${t.reason}`, { targetId: t.id, lane: t.lane });
  }
}

function isRetailImport(f: Frame): boolean {
  return (
    f.authority === 'GZ' &&
    f.role === 'import' &&
    f.lk.tradeModes.get(f.d.tradeMode)?.ecommerceRetail === true
  );
}

/** Allocates `extra` over groups in proportion to their values; the last group takes the rounding rest. */
function allocate(extra: bigint, values: readonly bigint[], total: bigint): bigint[] {
  if (extra === 0n) return values.map(() => 0n);
  if (total === 0n) return values.map((_, i) => (i === values.length - 1 ? extra : 0n));
  const sign = extra < 0n ? -1n : 1n;
  const magnitude = extra * sign;
  let given = 0n;
  return values.map((v, i) => {
    const share = i === values.length - 1 ? magnitude - given : divRound(magnitude * v, total, 'half-up');
    given += share;
    return share * sign;
  });
}

/** Mainland CBEC retail import: three-document match, limits, positive list, tax. */
function cbecRetailImport(
  f: Frame,
  ecommerce: Ecommerce,
  context: AssessmentContext,
): { transactionCents: bigint } {
  const { d, lk, out, rates } = f;
  const { order, payment, waybill } = ecommerce;
  const toCny = (cents: bigint) => convertCents(cents, order.currency, 'CNY', rates, lk);
  const valuesCny = d.items.map((item, i) => convertCents(f.lineValues[i], item.currency, 'CNY', rates, lk));
  const goodsCny = valuesCny.reduce((a, b) => a + b, 0n);
  const amountPaid = toUnits(order.amountPaid, MONEY_SCALE);
  const freightAndInsurance = toUnits(order.freight, MONEY_SCALE) + toUnits(order.insurance, MONEY_SCALE);
  const discount = toCny(toUnits(order.discount, MONEY_SCALE));

  // Three-document match (三单对碰); amounts compared in CNY, exact when the order is in CNY.
  if (payment.orderNo !== order.orderNo || waybill.orderNo !== order.orderNo) {
    out.fire(
      'CBEC_ORDER_NO_MISMATCH',
      `order ${order.orderNo}, payment for ${payment.orderNo}, waybill for ${waybill.orderNo}`,
    );
  }
  if (payment.currency !== order.currency || toUnits(payment.amount, MONEY_SCALE) !== amountPaid) {
    out.fire(
      'CBEC_PAYMENT_AMOUNT_MISMATCH',
      `payment ${payment.amount} ${payment.currency} vs amount paid ${order.amountPaid} ${order.currency}`,
    );
  }
  const charges = toCny(freightAndInsurance + toUnits(order.taxWithheld, MONEY_SCALE));
  const expected = goodsCny + charges - discount;
  const paid = toCny(amountPaid);
  const gap = paid > expected ? paid - expected : expected - paid;
  if (expected < 0n || gap * E6 > expected * lk.cbec.tolerance) {
    out.fire(
      'CBEC_AMOUNT_PAID_MISMATCH',
      `amount paid CNY ${formatUnits(paid, 2)} vs goods + freight + insurance + tax − discount CNY ${formatUnits(expected, 2)}`,
    );
  }
  if (
    !order.buyerAuthenticated &&
    (payment.payerName !== order.buyerName || payment.payerIdNumber !== order.buyerIdNumber)
  ) {
    out.fire(
      'CBEC_PAYER_NOT_BUYER',
      'the payer is not the buyer and the platform did not authenticate the buyer',
    );
  }

  // Limits on the transaction value: goods, freight and insurance, less discount, in CNY.
  const extraCny = toCny(freightAndInsurance) - discount;
  const transactionCents = goodsCny + extraCny > 0n ? goodsCny + extraCny : 0n;
  const used = toUnits(context.buyerAnnualUsedCny ?? '0', MONEY_SCALE);
  const indivisible = d.items.length === 1 && f.quantities[0] === E6;
  const overSingle = transactionCents > lk.cbec.singleLimitCents;
  if (overSingle && !indivisible) {
    out.fire(
      'CBEC_SINGLE_LIMIT_EXCEEDED',
      `transaction CNY ${formatUnits(transactionCents, 2)} exceeds CNY ${f.standard.cbec.singleTransactionLimitCny} with ${d.items.length} line(s); general trade applies`,
    );
  } else if (overSingle) {
    out.fire(
      'CBEC_INDIVISIBLE_ITEM_OVER_LIMIT',
      `one indivisible item at CNY ${formatUnits(transactionCents, 2)} above CNY ${f.standard.cbec.singleTransactionLimitCny}: taxed in full`,
    );
  }
  if (used + transactionCents > lk.cbec.annualLimitCents) {
    out.fire(
      'CBEC_ANNUAL_LIMIT_EXCEEDED',
      `CNY ${formatUnits(used, 2)} used this year + CNY ${formatUnits(transactionCents, 2)} exceeds CNY ${f.standard.cbec.annualLimitCny}`,
    );
  }

  // Positive list, by the 8-digit tariff line of the mainland code.
  for (const item of d.items) {
    const tariffLine = (item.tariffCodes.GZ ?? '').slice(0, 8);
    const listed = lk.cbec.positiveList.get(tariffLine);
    if (!listed)
      out.fire(
        'CBEC_NOT_ON_POSITIVE_LIST',
        `line ${item.line}: tariff line ${tariffLine} is not on the ${f.standard.cbec.positiveList.edition} positive list`,
        { line: item.line },
      );
    else if (listed.bondedOnly && d.tradeMode !== '1210') {
      out.fire(
        'CBEC_POSITIVE_LIST_1210_ONLY',
        `line ${item.line}: tariff line ${tariffLine} is importable as retail only under 1210 (remark: ${listed.remark})`,
        { line: item.line },
      );
    }
  }

  // Tax on the price actually paid: goods plus their share of freight and insurance, less
  // discount, totalled per consumption-tax rate and rounded once per rate.
  const ctRates: bigint[] = [];
  const groupValues: bigint[] = [];
  for (let i = 0; i < d.items.length; i++) {
    const rate = f.goods[i].cnConsumptionTax;
    const k = ctRates.indexOf(rate);
    if (k < 0) {
      ctRates.push(rate);
      groupValues.push(valuesCny[i]);
    } else groupValues[k] += valuesCny[i];
  }
  const shares = allocate(extraCny, groupValues, goodsCny);
  let duty = 0n;
  let ct = 0n;
  let vat = 0n;
  for (let k = 0; k < ctRates.length; k++) {
    const base = groupValues[k] + shares[k] > 0n ? groupValues[k] + shares[k] : 0n;
    let tax: { duty: bigint; ct: bigint; vat: bigint };
    if (overSingle && indivisible) {
      // One item, so one group: taxed in full at its MFN tariff rate.
      const item = d.items[0];
      const tariff = f.goods[0].cnMfnTariff;
      if (tariff === undefined) {
        out.fire(
          'CBEC_TARIFF_RATE_UNKNOWN',
          `line ${item.line}: no MFN tariff rate for HS ${item.hsCode} in this standard`,
          {
            line: item.line,
          },
        );
      }
      tax = fullImportTaxCents(base, tariff ?? 0n, ctRates[k], lk.cbec.vatRate);
    } else {
      tax = cbecTaxCents(base, ctRates[k], lk);
    }
    duty += tax.duty;
    ct += tax.ct;
    vat += tax.vat;
  }
  const taxRule = overSingle && indivisible ? 'CBEC_INDIVISIBLE_ITEM_OVER_LIMIT' : 'CBEC_TAX';
  out.addDuty('CN_CUSTOMS_DUTY', duty, 'CNY', taxRule);
  out.addDuty('CN_CONSUMPTION_TAX', ct, 'CNY', taxRule);
  out.addDuty('CN_IMPORT_VAT', vat, 'CNY', taxRule);
  return { transactionCents };
}

/** Litres of a line (scale 10^-6) from its unit or its stated volume. */
function litresOf(item: GoodsItem, quantity: bigint): bigint | undefined {
  if (item.unit === 'LTR') return quantity;
  if (item.unit === 'MLT') return quantity / 1000n;
  return item.volumeLitres === undefined ? undefined : numberToUnits(item.volumeLitres, 6);
}

/** Articles counted one by one (scale 10^-6), when the unit counts them. */
function countOf(item: GoodsItem, quantity: bigint): bigint | undefined {
  const factor = COUNT_UNITS[item.unit];
  return factor === undefined ? undefined : quantity * BigInt(factor);
}

function hkImport(f: Frame): void {
  const { d, lk, out, rates } = f;
  let liquorDuty = 0n;
  for (let i = 0; i < d.items.length; i++) {
    const item = d.items[i];
    if (f.goods[i].hkLiquor && item.alcoholPercent !== undefined) {
      const value = convertCents(f.lineValues[i], item.currency, 'HKD', rates, lk);
      liquorDuty += hkLiquorDutyCents(
        value,
        numberToUnits(item.alcoholPercent, 2),
        liquorBasisUnits(countOf(item, f.quantities[i]), litresOf(item, f.quantities[i]), lk),
        lk,
      );
    }
    const dutiable = f.goods[i].hkOtherDutiable;
    if (dutiable)
      out.fire(
        'HK_DUTIABLE_COMMODITY',
        `line ${item.line}: ${dutiable.category} is dutiable in HK; duty assessed by an officer`,
        { line: item.line },
      );
  }
  out.addDuty('HK_LIQUOR_DUTY', liquorDuty, 'HKD', 'HK_LIQUOR_DUTY');
}

function hkDeclarationCharge(f: Frame): void {
  const { d, lk, rates } = f;
  // Lines are totalled per currency and each total converted once: one rounding per currency.
  const currencies: string[] = [];
  const totals: bigint[] = [];
  for (let i = 0; i < d.items.length; i++) {
    const k = currencies.indexOf(d.items[i].currency);
    if (k < 0) {
      currencies.push(d.items[i].currency);
      totals.push(f.lineValues[i]);
    } else totals[k] += f.lineValues[i];
  }
  let value = 0n;
  for (let k = 0; k < currencies.length; k++)
    value += convertCents(totals[k], currencies[k], 'HKD', rates, lk);
  f.out.addDuty('HK_DECLARATION_CHARGE', hkDeclarationChargeCents(value, lk), 'HKD', 'HK_DECLARATION_CHARGE');
}

function moImport(f: Frame): void {
  const { d, lk, out, rates } = f;
  let tax = 0n;
  for (let i = 0; i < d.items.length; i++) {
    const item = d.items[i];
    const { moAlcohol, moCigarettes, moCigars } = f.goods[i];
    if (!moAlcohol && !moCigarettes && !moCigars) continue;
    const description = item.description.toLowerCase();
    const riceWine = moAlcohol && lk.mo.riceWineTerms.some((t) => description.includes(t));
    const goods = {
      hsCode: item.hsCode,
      cifCents: convertCents(f.lineValues[i], item.currency, 'MOP', rates, lk),
      alcoholPercent: item.alcoholPercent,
      litres: litresOf(item, f.quantities[i]),
      sticks: countOf(item, f.quantities[i]),
      netKg: numberToUnits(item.netMassKg, 6),
      riceWine,
    };
    if (riceWine && macauTaxCents({ ...goods, riceWine: false }, lk) > 0n) {
      out.fire(
        'MO_RICE_WINE_EXCEPTION',
        `line ${item.line}: described as rice wine, excepted from the consumption tax`,
        { line: item.line },
      );
    }
    tax += macauTaxCents(goods, lk);
  }
  out.addDuty('MO_CONSUMPTION_TAX', tax, 'MOP', 'MO_CONSUMPTION_TAX');
}

function randomSelection(f: Frame, context: AssessmentContext): void {
  const { d, lk, out } = f;
  let thresholds = lk.selection.standard;
  if (context.firstTimeConsignor) {
    out.fire(
      'FIRST_TIME_CONSIGNOR',
      'no earlier declaration from this consignor: higher random-selection rates',
    );
    thresholds = lk.selection.firstTimeConsignor;
  } else {
    const aeo = [d.consignor.aeo, d.consignee.aeo].find(
      (a) => a !== undefined && aeoRecognisedOnDay(a.code, f.authority, d.transport.mode, f.day, f.standard),
    );
    if (aeo) {
      out.fire(
        'AEO_FACILITATION',
        `AEO ${aeo.code} recognised by ${f.authority} on the declaration date: lower random-selection rates`,
      );
      thresholds = lk.selection.aeo;
    }
  }
  const lane = laneOfDraw(
    selectionDraw(context.selectionKey, context.declarationId, f.authority, f.standard.version),
    thresholds,
  );
  if (stricterLane(out.lane, lane) !== out.lane)
    out.fire('RANDOM', `randomly selected for the ${lane} lane`, { lane });
}
