// assess(): one authority's answer to one declaration under the standard in force: lane, rules
// fired, duties, missing permits. Pure and deterministic: the same declaration, context and
// standard version always give the same assessment.
import { lookupFor } from '../config/lookup';
import { standardByVersion, standardFor } from '../config/standards';
import type { Standard } from '../config/types';
import { isJointTerritory, partyIdentifiers } from '../declaration/participants';
import type { Declaration } from '../declaration/types';
import { checkUscc } from '../identifiers/uscc';
import { JURISDICTIONS } from '../jurisdictions';
import { formatUnits, numberToUnits, toUnits } from '../money/decimal';
import { convertCents, lineCents, rateTableFor, unitValueCny10 } from '../money/valuation';
import { instantMs, isoUtc, localDay } from '../time';
import { CHECKS, stricterLane, TERRITORY_OF, type Authority, type Role } from '../types';
import { aeoRecognisedOnDay } from './aeo';
import { type Frame, Outcome } from './frame';
import { laneOfDraw, selectionDraw } from './random-selection';
import type { Assessment, AssessmentContext, RiskTarget } from './types';

const E6 = 1_000_000n;

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
  const ownLaw = JURISDICTIONS[authority].assess(f, context);
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
  if (ownLaw) Object.assign(assessment, ownLaw);
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

/** Every identifier of the consignor and the consignee, foreign ones included. */
function partyIds(d: Declaration): string[] {
  return [...partyIdentifiers(d.consignor), ...partyIdentifiers(d.consignee)];
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
