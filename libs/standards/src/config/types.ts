// The shape of one version of the common standard. Every figure that changes by decree lives in
// an object of this shape, never as a literal in the rules.
import type { Authority, Lane, Role, Territory } from '../types';

/** A decimal string: rates, amounts and ratios are kept exact. */
export type DecimalString = string;

/** A calendar date, YYYY-MM-DD, read in the territories' local time (UTC+8, all three). */
export type CalendarDate = string;

export interface CodeName {
  readonly code: string;
  readonly name: string;
}

export interface TradeMode extends CodeName {
  /**
   * Cross-border e-commerce retail: the three documents (order, payment, waybill) are filed with
   * the declaration. Into the mainland it is a retail import: quota, positive list and CBEC tax.
   */
  readonly ecommerceRetail: boolean;
  /** The route must start in this territory (mainland B2B export modes). */
  readonly origin?: Territory;
  /** The route must end in this territory (bonded modes are mainland-only). */
  readonly destination?: Territory;
}

/** Units of CNY and of HKD for one unit of each currency; MOP is derived through its HKD peg. */
export interface ExchangeRateTable {
  readonly effectiveFrom: CalendarDate;
  readonly source: string;
  readonly cnyPerUnit: Readonly<Record<string, DecimalString>>;
  readonly hkdPerUnit: Readonly<Record<string, DecimalString>>;
}

/** A goods category of the common prohibited or restricted list, by HS heading or subheading. */
export interface GoodsListEntry {
  readonly hsPrefix: string;
  readonly category: string;
}

export interface RestrictedGoodsEntry extends GoodsListEntry {
  /** The permit type that lifts the hold. */
  readonly permitType: string;
}

/** Reference figures per HS-6 for the undervaluation and mass/value rules. */
export interface ReferenceValue {
  readonly hs6: string;
  readonly description: string;
  /** Reference unit value in CNY, per `unit`. */
  readonly unit: string;
  readonly unitValueCny: DecimalString;
  /** Plausible band of declared value per kilogram of net mass, CNY. */
  readonly valuePerKgCny: { readonly min: DecimalString; readonly max: DecimalString };
}

/** Minimum random-selection rate per lane, as a fraction (0.02 = 2 %). */
export interface LaneRates {
  readonly RED: DecimalString;
  readonly YELLOW: DecimalString;
}

/** AEO mutual recognition between two customs administrations, with its start per transport mode. */
export interface AeoArrangement {
  readonly parties: readonly [Territory, Territory];
  readonly name: string;
  readonly source: string;
  /** First day in force per mode; a mode not listed is not covered. */
  readonly inForceFrom: Readonly<Partial<Record<TransportMode, CalendarDate>>>;
}

export type TransportMode = 'road' | 'air' | 'sea' | 'rail';

export interface HsRate {
  readonly hsPrefix: string;
  readonly rate: DecimalString;
  readonly note: string;
}

export interface PositiveListLine {
  /** 8-digit mainland tariff line, digits only. */
  readonly tariffLine: string;
  readonly description: string;
  /** Remark as published; `bondedOnly` is what the rules read from it. */
  readonly remark: string;
  /** Importable as retail only under trade mode 1210 (bonded). */
  readonly bondedOnly: boolean;
}

export interface PositiveList {
  readonly edition: string;
  readonly source: string;
  readonly lines: readonly PositiveListLine[];
}

/** One tier of an ad valorem duty: `rate` on the value up to `upToPerUnit` per basis unit. */
export interface DutyTier {
  readonly upToPerUnit: DecimalString | null;
  readonly rate: DecimalString;
}

export type FindingCode =
  | 'QUANTITY_MISMATCH'
  | 'UNDECLARED_GOODS'
  | 'PROHIBITED_GOODS'
  | 'MISDESCRIPTION'
  | 'UNDERVALUATION'
  | 'SEAL_BROKEN';

export interface Standard {
  readonly version: string;
  readonly effectiveFrom: CalendarDate;
  readonly description: string;
  /** Versions under which a partner's inspection result is accepted (mutual recognition). */
  readonly recognises: readonly string[];

  readonly codeLists: {
    readonly countries: readonly string[];
    readonly units: readonly CodeName[];
    readonly locodes: readonly CodeName[];
    readonly tradeModes: readonly TradeMode[];
    readonly permitTypes: readonly CodeName[];
  };

  /** Effective-dated; the currencies a declaration may use are exactly those quoted here. */
  readonly exchangeRates: readonly ExchangeRateTable[];
  /** The MOP–HKD peg. */
  readonly mopPerHkd: DecimalString;

  readonly prohibitedGoods: readonly GoodsListEntry[];
  readonly restrictedGoods: readonly RestrictedGoodsEntry[];

  readonly valuation: {
    /** Undervaluation fires below this fraction of the reference unit value. */
    readonly undervaluationRatio: DecimalString;
    readonly references: readonly ReferenceValue[];
  };

  /** Goods an authority reserves to itself: it inspects them and takes no part in a joint plan. */
  readonly reservedCategories: readonly {
    readonly ruleId: string;
    readonly authority: Authority;
    readonly roles: readonly Role[];
    readonly hsChapters: readonly string[];
    readonly category: string;
    readonly lane: Lane;
  }[];

  readonly randomSelection: {
    readonly standard: LaneRates;
    /** For an AEO recognised by the assessing authority (own, or under an arrangement in force). */
    readonly aeo: LaneRates;
    /** The first-time-consignor risk indicator raises the rates; it outranks AEO facilitation. */
    readonly firstTimeConsignor: LaneRates;
  };

  readonly aeoArrangements: readonly AeoArrangement[];

  readonly cbec: {
    readonly singleTransactionLimitCny: DecimalString;
    readonly annualLimitCny: DecimalString;
    readonly limitsSince: CalendarDate;
    /** A return within this many calendar days of release refunds the tax and restores the quota. */
    readonly returnWindowDays: number;
    /** Three-document match: amount paid vs goods + freight + tax − discount. */
    readonly amountPaidTolerance: DecimalString;
    readonly tariffRate: DecimalString;
    readonly vatRate: DecimalString;
    /** Share of VAT and consumption tax collected within the limits. */
    readonly taxReduction: DecimalString;
    readonly consumptionTax: readonly HsRate[];
    /** MFN rates for goods taxed in full (the indivisible item above the single limit). Sample. */
    readonly mfnTariff: readonly HsRate[];
    readonly positiveList: PositiveList;
  };

  readonly hk: {
    readonly declarationCharge: {
      readonly firstValue: DecimalString;
      readonly firstCharge: DecimalString;
      readonly stepValue: DecimalString;
      readonly stepCharge: DecimalString;
      readonly roundUpTo: DecimalString;
      readonly cap: DecimalString;
    };
    readonly liquor: {
      readonly hsHeadings: readonly string[];
      /** Dutiable only strictly above this strength (% vol). */
      readonly dutiableAboveAbv: DecimalString;
      /** Tiers apply per container up to this size; larger containers are valued per litre. */
      readonly containerLitres: DecimalString;
      readonly tiers: readonly DutyTier[];
      readonly source: string;
    };
    /** Dutiable commodities without a rate in this standard: an officer assesses the duty. */
    readonly otherDutiable: readonly GoodsListEntry[];
  };

  readonly mo: {
    readonly alcohol: {
      readonly hsHeadings: readonly string[];
      /** Taxed at or above this strength (% vol). */
      readonly minAbv: DecimalString;
      readonly adValorem: DecimalString;
      readonly perLitreMop: DecimalString;
      /** Rice wine is excepted; a description containing one of these claims the exception. */
      readonly riceWineTerms: readonly string[];
    };
    readonly cigarettes: { readonly hsPrefixes: readonly string[]; readonly perStickMop: DecimalString };
    readonly cigars: { readonly hsPrefixes: readonly string[]; readonly perKgMop: DecimalString };
    readonly source: string;
  };

  /** Non-conform inspection: hold or reject by finding. */
  readonly findingOutcomes: Readonly<Record<FindingCode, 'HELD' | 'REJECTED'>>;
}
