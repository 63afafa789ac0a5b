// The registry of versions of the common standard. A version is one immutable object holding every
// figure in force from its effective date; a new decree makes a new version, never an edit.
import { ISO_3166_COUNTRIES, LOCODES, PERMIT_TYPES, REC20_UNITS, TRADE_MODES } from './code-lists';
import { EXCHANGE_RATES_2023, EXCHANGE_RATES_2024, EXCHANGE_RATES_2025 } from './exchange-rates';
import {
  CN_CONSUMPTION_TAX,
  CN_MFN_TARIFF,
  PROHIBITED_GOODS,
  REFERENCE_VALUES,
  RESTRICTED_GOODS,
} from './goods';
import { POSITIVE_LIST_2022_SAMPLE } from './positive-list';
import type { Standard } from './types';
import { localDay } from '../time';
import { lookupFor } from './lookup';

const HK_DUTIABLE_SOURCE = 'Dutiable Commodities Ordinance (Cap. 109); customs.gov.hk, dutiable commodities';

/** In force from 2024-01-01: HK liquor duty a flat 100 % above 30 % ABV. */
export const STANDARD_2024_1: Standard = {
  version: 'GBA-2024.1',
  effectiveFrom: '2024-01-01',
  description: 'Common inspection standard of GZ, HK and MO customs (SELS across the three places from 2024)',
  recognises: ['GBA-2024.1'],
  codeLists: {
    countries: ISO_3166_COUNTRIES,
    units: REC20_UNITS,
    locodes: LOCODES,
    tradeModes: TRADE_MODES,
    permitTypes: PERMIT_TYPES,
  },
  exchangeRates: [EXCHANGE_RATES_2023, EXCHANGE_RATES_2024, EXCHANGE_RATES_2025],
  mopPerHkd: '1.03',
  prohibitedGoods: PROHIBITED_GOODS,
  restrictedGoods: RESTRICTED_GOODS,
  valuation: { undervaluationRatio: '0.50', references: REFERENCE_VALUES },
  reservedCategories: [
    {
      ruleId: 'QUARANTINE_RESERVED',
      authority: 'GZ',
      roles: ['import', 'transit'],
      hsChapters: Array.from({ length: 24 }, (_, i) => String(i + 1).padStart(2, '0')),
      category: 'quarantine: animals, plants and food (HS chapters 01–24) entering the mainland',
      lane: 'RED',
    },
  ],
  randomSelection: {
    standard: { RED: '0.0200', YELLOW: '0.0500' },
    // Published mainland figure: 0.57 % average inspection rate of advanced certified enterprises (2019).
    aeo: { RED: '0.0057', YELLOW: '0.0100' },
    firstTimeConsignor: { RED: '0.1000', YELLOW: '0.1500' },
  },
  aeoArrangements: [
    {
      parties: ['CN', 'HK'],
      name: 'GACC–HK Customs AEO mutual recognition arrangement (signed 2013)',
      source: 'GACC Announcement 64/2014; customs.gov.hk press releases',
      inForceFrom: { road: '2014-05-18', air: '2014-09-01', sea: '2014-09-01' },
    },
    {
      parties: ['CN', 'MO'],
      name: 'GACC–Macao Customs AEO mutual recognition arrangement',
      source: 'GACC announcement, 2023',
      inForceFrom: { road: '2023-02-07', air: '2023-02-07', sea: '2023-02-07', rail: '2023-02-07' },
    },
    {
      parties: ['HK', 'MO'],
      name: 'HK Customs–Macao Customs AEO mutual recognition arrangement',
      source: 'customs.gov.hk press release, 2023',
      inForceFrom: { road: '2023-11-10', air: '2023-11-10', sea: '2023-11-10', rail: '2023-11-10' },
    },
  ],
  cbec: {
    singleTransactionLimitCny: '5000.00',
    annualLimitCny: '26000.00',
    limitsSince: '2019-01-01',
    returnWindowDays: 30,
    amountPaidTolerance: '0.05',
    tariffRate: '0',
    vatRate: '0.13',
    taxReduction: '0.70',
    consumptionTax: CN_CONSUMPTION_TAX,
    mfnTariff: CN_MFN_TARIFF,
    positiveList: POSITIVE_LIST_2022_SAMPLE,
  },
  hk: {
    declarationCharge: {
      firstValue: '46000',
      firstCharge: '0.20',
      stepValue: '1000',
      stepCharge: '0.125',
      roundUpTo: '0.10',
      cap: '200.00',
    },
    liquor: {
      hsHeadings: ['2203', '2204', '2205', '2206', '2207', '2208'],
      dutiableAboveAbv: '30',
      containerLitres: '1',
      tiers: [{ upToPerUnit: null, rate: '1' }],
      source: `${HK_DUTIABLE_SOURCE}: 100 % of value for liquor above 30 % ABV`,
    },
    otherDutiable: [
      { hsPrefix: '2402', category: 'tobacco: cigars, cigarettes' },
      { hsPrefix: '2403', category: 'tobacco: manufactured tobacco' },
      { hsPrefix: '2710', category: 'hydrocarbon oil' },
      { hsPrefix: '290511', category: 'methyl alcohol' },
    ],
  },
  mo: {
    alcohol: {
      hsHeadings: ['2205', '2206', '2208'],
      minAbv: '30',
      adValorem: '0.10',
      perLitreMop: '20.00',
      riceWineTerms: ['rice wine', '米酒', '黄酒', '黃酒', 'huangjiu', 'shaoxing', '紹興', '绍兴'],
    },
    cigarettes: { hsPrefixes: ['240220', '240290'], perStickMop: '1.50' },
    cigars: { hsPrefixes: ['240210'], perKgMop: '4326.00' },
    source: 'Consumption Tax Regulation, Law No. 4/99/M; gov.mo service ps-1331',
  },
  findingOutcomes: {
    PROHIBITED_GOODS: 'REJECTED',
    UNDECLARED_GOODS: 'HELD',
    QUANTITY_MISMATCH: 'HELD',
    MISDESCRIPTION: 'HELD',
    UNDERVALUATION: 'HELD',
    SEAL_BROKEN: 'HELD',
  },
};

/**
 * In force from 2024-10-16: HK two-tier liquor duty (100 % on the first HK$200 of value per
 * container of up to one litre, 10 % on the remainder; larger containers per litre).
 */
export const STANDARD_2024_2: Standard = {
  ...STANDARD_2024_1,
  version: 'GBA-2024.2',
  effectiveFrom: '2024-10-16',
  description: `${STANDARD_2024_1.description}; HK two-tier liquor duty`,
  recognises: ['GBA-2024.1', 'GBA-2024.2'],
  hk: {
    ...STANDARD_2024_1.hk,
    liquor: {
      ...STANDARD_2024_1.hk.liquor,
      tiers: [
        { upToPerUnit: '200.00', rate: '1' },
        { upToPerUnit: null, rate: '0.10' },
      ],
      source: `${HK_DUTIABLE_SOURCE}; Public Revenue Protection (Duty on Liquor) Order 2024, in force 2024-10-16`,
    },
  },
};

/** Every version, oldest first. */
export const STANDARDS: readonly Standard[] = [STANDARD_2024_1, STANDARD_2024_2];

/** The newest version: the default where no date is given (code lists, the duty functions). */
export function currentStandard(): Standard {
  return STANDARDS[STANDARDS.length - 1];
}

/** The version with this name, or undefined. */
export function standardByVersion(version: string): Standard | undefined {
  return STANDARDS.find((s) => s.version === version);
}

/** The version in force at an instant (its calendar day in UTC+8). Throws before the first version. */
export function standardFor(at: Date | string, registry: readonly Standard[] = STANDARDS): Standard {
  const day = localDay(at);
  let found: Standard | undefined;
  for (const s of registry)
    if (lookupFor(s).effectiveDay <= day && (!found || s.effectiveFrom >= found.effectiveFrom)) found = s;
  if (!found) throw new RangeError(`no standard in force on ${String(at)}`);
  return found;
}
