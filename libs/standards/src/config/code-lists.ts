// Code lists of the data standard. Which currencies a declaration may use is not here: exactly the
// currencies the standard quotes exchange rates for (see exchange-rates.ts); their minor units are.
import type { CodeName, TradeMode } from './types';

/** ISO 3166-1 alpha-2, officially assigned codes. */
export const ISO_3166_COUNTRIES: readonly string[] = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT ' +
  'BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ' +
  'ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT ' +
  'HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS ' +
  'LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI ' +
  'NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG ' +
  'SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

/** UN/ECE Recommendation 20 unit codes used in declarations here (PCE kept: platforms still send it). */
export const REC20_UNITS: readonly CodeName[] = [
  { code: 'H87', name: 'piece' },
  { code: 'PCE', name: 'piece (legacy code)' },
  { code: 'C62', name: 'one' },
  { code: 'NAR', name: 'number of articles' },
  { code: 'PR', name: 'pair' },
  { code: 'NPR', name: 'number of pairs' },
  { code: 'SET', name: 'set' },
  { code: 'DZN', name: 'dozen' },
  { code: 'MIL', name: 'thousand' },
  { code: 'KGM', name: 'kilogram' },
  { code: 'GRM', name: 'gram' },
  { code: 'TNE', name: 'tonne (metric ton)' },
  { code: 'LBR', name: 'pound' },
  { code: 'ONZ', name: 'ounce' },
  { code: 'CTM', name: 'carat (metric)' },
  { code: 'LTR', name: 'litre' },
  { code: 'MLT', name: 'millilitre' },
  { code: 'MTQ', name: 'cubic metre' },
  { code: 'MTR', name: 'metre' },
  { code: 'CMT', name: 'centimetre' },
  { code: 'MTK', name: 'square metre' },
  { code: 'KWH', name: 'kilowatt hour' },
];

/** Units that count articles one by one (cigarettes in sticks, liquor in containers). */
export const COUNT_UNITS: Readonly<Record<string, number>> = { H87: 1, PCE: 1, C62: 1, NAR: 1, MIL: 1000 };

/** UN/LOCODEs of the crossing points and hubs where the three authorities inspect. */
export const LOCODES: readonly CodeName[] = [
  { code: 'CNCAN', name: 'Guangzhou' },
  { code: 'CNHUA', name: 'Huangpu' },
  { code: 'CNNSA', name: 'Nansha' },
  { code: 'CNSZX', name: 'Shenzhen' },
  { code: 'CNSHK', name: 'Shekou' },
  { code: 'CNYTN', name: 'Yantian' },
  { code: 'CNZUH', name: 'Zhuhai' },
  { code: 'HKHKG', name: 'Hong Kong' },
  { code: 'MOMFM', name: 'Macau' },
];

/** Mainland customs supervision modes (监管方式) the joint clearance handles. */
export const TRADE_MODES: readonly TradeMode[] = [
  { code: '0110', name: 'general trade', ecommerceRetail: false },
  { code: '9610', name: 'cross-border e-commerce retail, direct purchase', ecommerceRetail: true },
  { code: '1210', name: 'bonded cross-border e-commerce retail', ecommerceRetail: true, destination: 'CN' },
  { code: '1239', name: 'bonded cross-border e-commerce retail A', ecommerceRetail: true, destination: 'CN' },
  { code: '9710', name: 'cross-border e-commerce B2B direct export', ecommerceRetail: false, origin: 'CN' },
  {
    code: '9810',
    name: 'cross-border e-commerce export to overseas warehouse',
    ecommerceRetail: false,
    origin: 'CN',
  },
];

/** Permits that lift the hold on restricted goods. */
export const PERMIT_TYPES: readonly CodeName[] = [
  { code: 'CITES', name: 'endangered species import/export permit (CITES)' },
  { code: 'STRATEGIC', name: 'strategic commodities licence' },
  { code: 'ARMS', name: 'arms and ammunition licence' },
  { code: 'EXPLOSIVES', name: 'explosives permit' },
  { code: 'RADIOACTIVE', name: 'radioactive substances licence' },
];

/**
 * Province-level divisions of GB/T 2260 (codes of the first two digits): 11–15 north, 21–23
 * north-east, 31–37 east, 41–46 central south, 50–54 south-west, 61–65 north-west, 71 Taiwan,
 * 81 Hong Kong, 82 Macau.
 */
export const GB_T_2260_PROVINCES: readonly string[] =
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(
    ' ',
  );

/**
 * ISO 4217 minor units (List One: the number of decimal places of the currency's minor unit), for
 * every active currency code. Kept here, not taken from `Intl`: CLDR's digits are not ISO 4217's
 * (IQD has 3 minor units in ISO 4217, 0 in CLDR). Source: ISO 4217 List One, as published by SIX
 * Financial Information (the maintenance agency). Funds codes and precious metals are left out.
 */
export const ISO_4217_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({
  ...Object.fromEntries(
    (
      'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD ' +
      'CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ ' +
      'GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA ' +
      'MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR ' +
      'RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD ' +
      'TWD TZS UAH USD UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG'
    )
      .split(' ')
      .map((code) => [code, 2]),
  ),
  ...Object.fromEntries(
    'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF'.split(' ').map((code) => [code, 0]),
  ),
  ...Object.fromEntries('BHD IQD JOD KWD LYD OMR TND'.split(' ').map((code) => [code, 3])),
});
