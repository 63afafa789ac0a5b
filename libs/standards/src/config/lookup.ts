// Lookups derived once per standard version: Sets and Maps for the code lists, exact bigint
// figures for the rates. The rules read these so that no call re-parses configuration.
import type { Authority, Lane, Role } from '../types';
import { epochDay } from '../time';
import { toUnits } from '../money/decimal';
import type {
  AeoArrangement,
  GoodsListEntry,
  LaneRates,
  PositiveListLine,
  ReferenceValue,
  RestrictedGoodsEntry,
  Standard,
  TradeMode,
  TransportMode,
} from './types';

/** Scale of rates and ratios (10^-6). Money is in cents (10^-2). */
export const RATE_SCALE = 6;
export const MONEY_SCALE = 2;

/** Entries keyed by HS prefix, matched against the leading digits of a code. */
export class HsPrefixMap<T> {
  private readonly byPrefix = new Map<string, T>();
  private readonly lengths: number[];
  /** Answers by full code: the HS universe is small, and the same codes come back all day. */
  private readonly answers = new Map<string, T | null>();

  constructor(entries: Iterable<[string, T]>) {
    for (const [prefix, value] of entries) this.byPrefix.set(prefix, value);
    this.lengths = [...new Set([...this.byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
  }

  /** The entry with the shortest prefix of `code`, if any. */
  match(code: string): T | undefined {
    const known = this.answers.get(code);
    if (known !== undefined) return known ?? undefined;
    let found: T | null = null;
    for (const length of this.lengths) {
      if (length > code.length) break;
      const hit = this.byPrefix.get(code.slice(0, length));
      if (hit !== undefined) {
        found = hit;
        break;
      }
    }
    if (this.answers.size >= 20_000) this.answers.clear();
    this.answers.set(code, found);
    return found ?? undefined;
  }
}

export interface RateTableLookup {
  readonly fromDay: number;
  readonly cny: ReadonlyMap<string, bigint>;
  readonly hkd: ReadonlyMap<string, bigint>;
}

export interface ReferenceLookup {
  readonly entry: ReferenceValue;
  readonly unitValueCents: bigint;
  /** Undervaluation threshold: ratio × reference unit value, CNY at scale 10^-10. */
  readonly undervaluedBelow: bigint;
  readonly minPerKgCents: bigint;
  readonly maxPerKgCents: bigint;
}

/** Everything the standard says about one HS-6, gathered once: assess reads one entry per item. */
export interface GoodsProfile {
  readonly prohibited: GoodsListEntry | undefined;
  readonly restricted: RestrictedGoodsEntry | undefined;
  readonly reference: ReferenceLookup | undefined;
  /** HS chapter, for reserved categories. */
  readonly chapter: string;
  readonly cnConsumptionTax: bigint;
  readonly cnMfnTariff: bigint | undefined;
  readonly hkLiquor: boolean;
  readonly hkOtherDutiable: GoodsListEntry | undefined;
  readonly moAlcohol: boolean;
  readonly moCigarettes: boolean;
  readonly moCigars: boolean;
}

export interface StandardLookup {
  /** The profile of an HS-6 code (memoised). */
  goods(hs6: string): GoodsProfile;
  /** The local day the version comes into force. */
  readonly effectiveDay: number;
  readonly countries: ReadonlySet<string>;
  readonly units: ReadonlySet<string>;
  readonly locodes: ReadonlySet<string>;
  readonly currencies: ReadonlySet<string>;
  readonly permitTypes: ReadonlySet<string>;
  readonly tradeModes: ReadonlyMap<string, TradeMode>;
  readonly rateTables: readonly RateTableLookup[];
  readonly mopPerHkd: bigint;
  readonly prohibited: HsPrefixMap<GoodsListEntry>;
  readonly restricted: HsPrefixMap<RestrictedGoodsEntry>;
  readonly references: ReadonlyMap<string, ReferenceLookup>;
  readonly undervaluationRatio: bigint;
  readonly reserved: readonly {
    ruleId: string;
    authority: Authority;
    roles: readonly Role[];
    chapters: ReadonlySet<string>;
    category: string;
    lane: Lane;
  }[];
  /** Random-selection thresholds on a uniform 32-bit draw: below RED → RED, below RED+YELLOW → YELLOW. */
  readonly selection: {
    readonly standard: Thresholds;
    readonly aeo: Thresholds;
    readonly firstTimeConsignor: Thresholds;
  };
  readonly arrangements: readonly {
    arrangement: AeoArrangement;
    fromDay: Partial<Record<TransportMode, number>>;
  }[];
  readonly cbec: {
    readonly singleLimitCents: bigint;
    readonly annualLimitCents: bigint;
    readonly tolerance: bigint;
    readonly tariffRate: bigint;
    readonly vatRate: bigint;
    readonly taxReduction: bigint;
    readonly consumptionTax: HsPrefixMap<bigint>;
    readonly mfnTariff: HsPrefixMap<bigint>;
    readonly positiveList: ReadonlyMap<string, PositiveListLine>;
  };
  readonly hk: {
    readonly charge: {
      first: bigint;
      firstCharge: bigint;
      step: bigint;
      stepCharge: bigint;
      roundUpTo: bigint;
      cap: bigint;
    };
    readonly liquorHeadings: ReadonlySet<string>;
    readonly liquorAboveAbv: bigint;
    readonly containerLitres: bigint;
    readonly liquorTiers: readonly { upToPerUnitCents: bigint | null; rate: bigint }[];
    readonly otherDutiable: HsPrefixMap<GoodsListEntry>;
  };
  readonly mo: {
    readonly alcoholHeadings: ReadonlySet<string>;
    readonly alcoholMinAbv: bigint;
    readonly adValorem: bigint;
    readonly perLitreCents: bigint;
    readonly riceWineTerms: readonly string[];
    readonly cigarettes: HsPrefixMap<true>;
    readonly perStickCents: bigint;
    readonly cigars: HsPrefixMap<true>;
    readonly perKgCents: bigint;
  };
}

export interface Thresholds {
  readonly red: number;
  readonly redOrYellow: number;
}

const rate = (s: string): bigint => toUnits(s, RATE_SCALE);
const cents = (s: string): bigint => toUnits(s, MONEY_SCALE);

function thresholds(rates: LaneRates): Thresholds {
  const of = (r: string) => Number((rate(r) << 32n) / 1_000_000n);
  return { red: of(rates.RED), redOrYellow: of(rates.RED) + of(rates.YELLOW) };
}

function rateMap(quotes: Readonly<Record<string, string>>): Map<string, bigint> {
  return new Map(Object.entries(quotes).map(([code, r]) => [code, rate(r)]));
}

function build(s: Standard): StandardLookup {
  const tables = [...s.exchangeRates].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  const profiles = new Map<string, GoodsProfile>();
  const lk: StandardLookup = {
    goods(hs6: string): GoodsProfile {
      let profile = profiles.get(hs6);
      if (!profile) {
        const heading = hs6.slice(0, 4);
        profile = {
          prohibited: lk.prohibited.match(hs6),
          restricted: lk.restricted.match(hs6),
          reference: lk.references.get(hs6),
          chapter: hs6.slice(0, 2),
          cnConsumptionTax: lk.cbec.consumptionTax.match(hs6) ?? 0n,
          cnMfnTariff: lk.cbec.mfnTariff.match(hs6),
          hkLiquor: lk.hk.liquorHeadings.has(heading),
          hkOtherDutiable: lk.hk.otherDutiable.match(hs6),
          moAlcohol: lk.mo.alcoholHeadings.has(heading),
          moCigarettes: lk.mo.cigarettes.match(hs6) !== undefined,
          moCigars: lk.mo.cigars.match(hs6) !== undefined,
        };
        if (profiles.size >= 20_000) profiles.clear();
        profiles.set(hs6, profile);
      }
      return profile;
    },
    effectiveDay: epochDay(s.effectiveFrom),
    countries: new Set(s.codeLists.countries),
    units: new Set(s.codeLists.units.map((u) => u.code)),
    locodes: new Set(s.codeLists.locodes.map((l) => l.code)),
    currencies: new Set(tables.flatMap((t) => Object.keys(t.cnyPerUnit))),
    permitTypes: new Set(s.codeLists.permitTypes.map((p) => p.code)),
    tradeModes: new Map(s.codeLists.tradeModes.map((m) => [m.code, m])),
    rateTables: tables.map((t) => ({
      fromDay: epochDay(t.effectiveFrom),
      cny: rateMap(t.cnyPerUnit),
      hkd: rateMap(t.hkdPerUnit),
    })),
    mopPerHkd: rate(s.mopPerHkd),
    prohibited: new HsPrefixMap(s.prohibitedGoods.map((e) => [e.hsPrefix, e])),
    restricted: new HsPrefixMap(s.restrictedGoods.map((e) => [e.hsPrefix, e])),
    references: new Map(
      s.valuation.references.map((r) => [
        r.hs6,
        {
          entry: r,
          unitValueCents: cents(r.unitValueCny),
          undervaluedBelow: cents(r.unitValueCny) * rate(s.valuation.undervaluationRatio) * 100n,
          minPerKgCents: cents(r.valuePerKgCny.min),
          maxPerKgCents: cents(r.valuePerKgCny.max),
        },
      ]),
    ),
    undervaluationRatio: rate(s.valuation.undervaluationRatio),
    reserved: s.reservedCategories.map((r) => ({ ...r, chapters: new Set(r.hsChapters) })),
    selection: {
      standard: thresholds(s.randomSelection.standard),
      aeo: thresholds(s.randomSelection.aeo),
      firstTimeConsignor: thresholds(s.randomSelection.firstTimeConsignor),
    },
    arrangements: s.aeoArrangements.map((a) => ({
      arrangement: a,
      fromDay: Object.fromEntries(
        Object.entries(a.inForceFrom).map(([mode, day]) => [mode, epochDay(day as string)]),
      ),
    })),
    cbec: {
      singleLimitCents: cents(s.cbec.singleTransactionLimitCny),
      annualLimitCents: cents(s.cbec.annualLimitCny),
      tolerance: rate(s.cbec.amountPaidTolerance),
      tariffRate: rate(s.cbec.tariffRate),
      vatRate: rate(s.cbec.vatRate),
      taxReduction: rate(s.cbec.taxReduction),
      consumptionTax: new HsPrefixMap(s.cbec.consumptionTax.map((r) => [r.hsPrefix, rate(r.rate)])),
      mfnTariff: new HsPrefixMap(s.cbec.mfnTariff.map((r) => [r.hsPrefix, rate(r.rate)])),
      positiveList: new Map(s.cbec.positiveList.lines.map((l) => [l.tariffLine, l])),
    },
    hk: {
      charge: {
        first: cents(s.hk.declarationCharge.firstValue),
        firstCharge: toUnits(s.hk.declarationCharge.firstCharge, 3),
        step: cents(s.hk.declarationCharge.stepValue),
        stepCharge: toUnits(s.hk.declarationCharge.stepCharge, 3),
        roundUpTo: toUnits(s.hk.declarationCharge.roundUpTo, 3),
        cap: toUnits(s.hk.declarationCharge.cap, 3),
      },
      liquorHeadings: new Set(s.hk.liquor.hsHeadings),
      liquorAboveAbv: toUnits(s.hk.liquor.dutiableAboveAbv, 2),
      containerLitres: toUnits(s.hk.liquor.containerLitres, RATE_SCALE),
      liquorTiers: s.hk.liquor.tiers.map((t) => ({
        upToPerUnitCents: t.upToPerUnit === null ? null : cents(t.upToPerUnit),
        rate: rate(t.rate),
      })),
      otherDutiable: new HsPrefixMap(s.hk.otherDutiable.map((e) => [e.hsPrefix, e])),
    },
    mo: {
      alcoholHeadings: new Set(s.mo.alcohol.hsHeadings),
      alcoholMinAbv: toUnits(s.mo.alcohol.minAbv, 2),
      adValorem: rate(s.mo.alcohol.adValorem),
      perLitreCents: cents(s.mo.alcohol.perLitreMop),
      riceWineTerms: s.mo.alcohol.riceWineTerms.map((t) => t.toLowerCase()),
      cigarettes: new HsPrefixMap(s.mo.cigarettes.hsPrefixes.map((p) => [p, true as const])),
      perStickCents: cents(s.mo.cigarettes.perStickMop),
      cigars: new HsPrefixMap(s.mo.cigars.hsPrefixes.map((p) => [p, true as const])),
      perKgCents: cents(s.mo.cigars.perKgMop),
    },
  };
  return lk;
}

const cache = new WeakMap<Standard, StandardLookup>();

/** The lookups of a standard version, built on first use. */
export function lookupFor(standard: Standard): StandardLookup {
  let found = cache.get(standard);
  if (!found) {
    found = build(standard);
    cache.set(standard, found);
  }
  return found;
}
