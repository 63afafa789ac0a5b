// Every rule of the common standard with its stable id: what it says, where it comes from, and
// what it does. Assessments and decisions record these ids so that any answer can be explained.
import { GZ_RULES } from './jurisdictions/gz/rules';
import { HK_RULES } from './jurisdictions/hk/rules';
import { MO_RULES } from './jurisdictions/mo/rules';
import type { Check, Lane } from './types';

export type RuleEffect =
  /** A data error of the common data standard: the declaration is refused (422). */
  | 'data-error'
  /** A business rejection: the declaration is accepted, then decided REJECTED. */
  | 'reject'
  /** Sets at least this lane. */
  | 'lane'
  /** Recorded; changes the random-selection rates or the taxation, sets no lane by itself. */
  | 'indicator'
  /** Computes a duty, tax or charge. */
  | 'duty'
  /** Governs inspection and recognition of results. */
  | 'inspection'
  /** Turns an assessment and its checks into an outcome. */
  | 'decision';

export interface Rule {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly source: string;
  readonly effect: RuleEffect;
  /** For 'lane' rules. */
  readonly lane?: Lane;
  /** What an officer checks when this rule sends the declaration to a lane. */
  readonly checks?: readonly Check[];
  /** The lane comes from a goods category an authority reserves to itself. */
  readonly reserved?: boolean;
}

const DOMAIN = 'domain.md';
const DATA = `${DOMAIN} § The common data standard; api.md § The declaration body`;
const RISK = `${DOMAIN} § Risk and inspection`;
const DOCS: readonly Check[] = ['documents'];
const PHYSICAL: readonly Check[] = ['documents', 'quantity', 'description'];

function data(id: string, title: string, text: string, source = DATA): Rule {
  return { id, title, text, source, effect: 'data-error' };
}

const CATALOGUE: readonly Rule[] = [
  // The common data standard (error codes of validateDeclaration and validateInspectionResult).
  data('REQUIRED', 'Required field', 'A field the data standard requires is missing, null or blank.'),
  data(
    'TYPE_INVALID',
    'Wrong JSON type',
    'A field has the wrong JSON type (string, number, boolean, object or array).',
  ),
  data(
    'FIELD_UNKNOWN',
    'Unknown field',
    'A member the data standard does not define: misspelt fields must not vanish silently.',
  ),
  data(
    'TOO_LONG',
    'Text too long',
    'Text longer than its abuse limit (names 200, addresses 500, descriptions 512, references 64).',
  ),
  data(
    'TOO_MANY',
    'Too many elements',
    'A list longer than its abuse limit (items 999, transit 5, containers 100, permits 50).',
  ),
  data('TEXT_INVALID', 'Control characters', 'Text fields are single-line and free of control characters.'),
  data(
    'TRADE_MODE_UNKNOWN',
    'Trade mode',
    'tradeMode is a mainland supervision mode of the standard: 0110, 9610, 1210, 1239, 9710, 9810.',
  ),
  data(
    'TRADE_MODE_ROUTE_MISMATCH',
    'Trade mode and route',
    'Bonded retail modes 1210 and 1239 end in CN; B2B export modes 9710 and 9810 start in CN.',
  ),
  data(
    'ROUTE_INVALID',
    'Route',
    'A route has an origin, a destination and optional transits, no territory twice, and touches at least one of CN, HK, MO.',
    `${DOMAIN} § Routes and roles`,
  ),
  data('COUNTRY_UNKNOWN', 'Country', 'Countries are ISO 3166-1 alpha-2 codes.'),
  data('CURRENCY_UNKNOWN', 'Currency', 'Currencies are ISO 4217 codes quoted by the standard for valuation.'),
  data('UNIT_UNKNOWN', 'Unit', 'Units are UN/ECE Recommendation 20 codes of the standard.'),
  data(
    'UNIT_NOT_ALLOWED',
    'Unit for the goods',
    'Cigarettes are declared in sticks (H87, PCE, C62, NAR or MIL): Macau taxes them per stick.',
    `${DOMAIN} § Hong Kong (HK) and Macau (MO)`,
  ),
  data(
    'MONEY_INVALID',
    'Money',
    'Money is a non-negative decimal string: at most 2 decimal places for amounts, 4 for unit values. An amount paid or declared in a currency (order amounts, payment amount) is a whole number of its ISO 4217 minor unit: JPY and KRW have none (6001.50 JPY is refused, 6001 and 6001.00 accepted), CNY, HKD, MOP, USD two. Unit values are prices and keep 4 decimals in any currency.',
    'api.md § Public REST contract; ISO 4217 (minor units)',
  ),
  data(
    'QUANTITY_INVALID',
    'Quantity',
    'Quantities are numbers above 0, at most 10^9, with at most 6 decimal places.',
  ),
  data(
    'MASS_INVALID',
    'Mass',
    'Gross and net masses are kilograms above 0, at most 10^7, with at most 6 decimal places.',
  ),
  data(
    'NET_MASS_EXCEEDS_GROSS',
    'Net and gross mass',
    'The net mass of an item cannot exceed its gross mass.',
  ),
  data(
    'ALCOHOL_PERCENT_REQUIRED',
    'Alcoholic strength',
    'Liquor (HS 2203–2208) states alcoholPercent (% vol): excise and consumption tax depend on it.',
    `${DOMAIN} § Hong Kong (HK) and Macau (MO)`,
  ),
  data(
    'ALCOHOL_PERCENT_INVALID',
    'Alcoholic strength',
    'alcoholPercent is a number from 0 to 100 with at most 2 decimal places.',
  ),
  data(
    'VOLUME_REQUIRED',
    'Liquor volume',
    'Liquor not declared in LTR or MLT states volumeLitres: Macau taxes per litre, HK values large containers per litre.',
    `${DOMAIN} § Hong Kong (HK) and Macau (MO)`,
  ),
  data('VOLUME_INVALID', 'Liquor volume', 'volumeLitres is a number above 0 with at most 3 decimal places.'),
  data(
    'HS_CODE_INVALID',
    'HS-6',
    'hsCode is the common HS-6 subheading: 6 digits of a real HS chapter (01–97, not 77).',
  ),
  data(
    'TARIFF_CODE_INVALID',
    'National tariff code',
    'A national tariff code has the length its authority uses: GZ 10 digits, HK 8, MO 8.',
  ),
  data(
    'TARIFF_CODE_MISMATCH',
    'National tariff code',
    'Across authorities goods are matched on the common HS-6: every national code starts with hsCode.',
  ),
  data(
    'TARIFF_CODE_MISSING',
    'National tariff code',
    'tariffCodes holds the national code of every participating authority.',
  ),
  data('LINE_INVALID', 'Line number', 'Item line numbers are integers from 1 to 999.'),
  data('LINE_DUPLICATE', 'Line number', 'Item line numbers are unique within a declaration.'),
  data(
    'CONTAINER_NUMBER_INVALID',
    'Container number',
    'ISO 6346: owner code, category U/J/Z, 6-digit serial and a check digit = (Σ value × 2^position mod 11) mod 10.',
  ),
  data('CONTAINER_NUMBER_DUPLICATE', 'Container number', 'A container is listed once.'),
  data('PERMIT_DUPLICATE', 'Permit', 'A permit (type and number) is listed once.'),
  data(
    'RESIDENT_ID_INVALID',
    'Resident ID',
    'GB 11643: 18 characters; digits 1–2 a province-level code of GB/T 2260 (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82) or 83 (81, 82 and 83 also on the residence permits of Hong Kong, Macau and Taiwan residents); digits 7–14 a real birth date from 1900-01-01 to the day of the check (UTC+8); check character from weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2 mod 11 indexing "10X98765432". A data error for e-commerce retail.',
  ),
  data(
    'USCC_INVALID',
    'USCC format',
    "GB 32100-2015: 18 characters from 0-9 and A-Z without I, O, S, V, Z; character 1 a registration authority of the standard's table (1–9, A, N, Y) and character 2 an organisation type that authority registers; characters 3–8 the GB/T 2260 division of the registering office (a province code, or 100000 at national level); characters 9–17 a GB 11714 organisation code whose check character is 0-9 or X. (A mismatch of either check character is the risk rule USCC_CHECKSUM_MISMATCH, not a data error.)",
  ),
  data(
    'BUSINESS_REGISTRATION_NUMBER_INVALID',
    'HK business registration number',
    'The Unique Business Identifier: 8 digits, no public check digit.',
  ),
  data(
    'REGISTRATION_NUMBER_INVALID',
    'Macau registration number',
    'Up to 20 upper-case letters, digits, "/" or "-".',
  ),
  data(
    'ID_TYPE_UNKNOWN',
    'Identity document type',
    'Persons are identified by RESIDENT_ID, HKID, MO_ID or PASSPORT.',
  ),
  data(
    'ID_NUMBER_INVALID',
    'Identity document number',
    'Identity document numbers are upper-case letters, digits, "(", ")" or "-". An HKID is one or two letters, six digits and its check digit 0-9 or A (A123456(3)); a Macau resident ID (BIR) is 1, 5 or 7, six digits and a check character (1234567(8) or 12345678).',
  ),
  data(
    'PARTY_ID_REQUIRED',
    'Party identification',
    'A party of CN, HK or MO is identified by uscc, businessRegistrationNumber, registrationNumber or idType with idNumber; a party of any other country by name, country and address (required), optionally with a foreignId.',
  ),
  data(
    'FOREIGN_ID_NOT_ALLOWED',
    'Foreign identifier of a joint-territory party',
    'A foreignId identifies a party from outside CN, HK and MO only: parties of the three places carry their own identifiers.',
  ),
  data(
    'FOREIGN_ID_SCHEME_UNKNOWN',
    'Foreign identifier scheme',
    'foreignId.scheme is one of EORI, LEI, JP_CORPORATE_NUMBER, GB_COMPANY_NUMBER, US_EIN.',
  ),
  data(
    'FOREIGN_ID_INVALID',
    'Foreign identifier',
    'foreignId.value follows its scheme: EORI an ISO 3166 alpha-2 code and up to 15 letters or digits (Implementing Regulation (EU) 2015/2447, Annex 12-01); LEI 20 characters with ISO 7064 MOD 97-10 check digits (ISO 17442); a Japanese corporate number 13 digits with its check digit (MoF Ordinance No. 70 of 2014, art. 2); a UK company number 8 digits or 2 letters and 6 digits (Companies Act 2006, s. 1066); a US EIN 9 digits (26 U.S.C. § 6109).',
  ),
  data(
    'FOREIGN_ID_COUNTRY_MISMATCH',
    'Foreign identifier of another country',
    'A national identifier (JP_CORPORATE_NUMBER, GB_COMPANY_NUMBER, US_EIN) identifies parties of its own country only.',
  ),
  data(
    'AEO_CODE_INVALID',
    'AEO code',
    'Mainland AEOCN + 10-digit customs enterprise code whose first two digits are a GB/T 2260 province; HK 15 digits; Macau AEOMO + 10 digits.',
  ),
  data('TRANSPORT_MODE_UNKNOWN', 'Transport mode', 'Transport mode is road, air, sea or rail.'),
  data(
    'ECOMMERCE_REQUIRED',
    'Three documents',
    'E-commerce retail trade modes (9610, 1210, 1239) carry order, payment and waybill.',
  ),
  data(
    'ECOMMERCE_NOT_ALLOWED',
    'Three documents',
    'ecommerce is absent for trade modes other than e-commerce retail.',
  ),
  data(
    'PERMIT_TYPE_UNKNOWN',
    'Permit type',
    'Permits are of a type of the standard: CITES, STRATEGIC, ARMS, EXPLOSIVES, RADIOACTIVE.',
  ),
  data('AUTHORITY_UNKNOWN', 'Authority', 'Authorities are GZ, HK and MO.', `${DOMAIN} § Inspection result`),
  data('DATE_TIME_INVALID', 'Date-time', 'Times are RFC 3339 date-times.', 'api.md § Public REST contract'),
  data(
    'LOCODE_UNKNOWN',
    'Place',
    'Inspection places are UN/LOCODEs of the standard.',
    `${RISK} (inspection result)`,
  ),
  data(
    'METHOD_UNKNOWN',
    'Inspection method',
    'Inspection methods are physical, non-intrusive, sampling or document.',
    `${RISK} (inspection result)`,
  ),
  data(
    'CHECK_UNKNOWN',
    'Check',
    'Checks are documents, identity, seal, quantity, description, valuation, quarantine.',
    `${RISK} (inspection result)`,
  ),
  data(
    'CHECK_DUPLICATE',
    'Check',
    'Each check appears once in an inspection result.',
    `${RISK} (inspection result)`,
  ),
  data(
    'OUTCOME_UNKNOWN',
    'Check outcome',
    'A check outcome is pass, fail or not-performed.',
    `${RISK} (inspection result)`,
  ),
  data(
    'FINDING_UNKNOWN',
    'Finding',
    'Findings are QUANTITY_MISMATCH, UNDECLARED_GOODS, PROHIBITED_GOODS, MISDESCRIPTION, UNDERVALUATION, SEAL_BROKEN.',
    `${RISK} (inspection result)`,
  ),
  data(
    'FINDING_WITHOUT_FAILED_CHECK',
    'Finding',
    'A non-conform result has at least one failed check; a conform result has no findings.',
    `${RISK} (inspection result)`,
  ),

  // Goods lists and identifiers.
  {
    id: 'PROHIBITED_GOODS',
    title: 'Prohibited goods',
    text: 'Goods on the common prohibited list (weapons and ammunition, narcotics, poisons, carriers of pests or disease), by HS heading, are rejected by every authority.',
    source: RISK,
    effect: 'reject',
  },
  {
    id: 'RESTRICTED_GOODS',
    title: 'Restricted goods',
    text: 'Goods on the common restricted list need a permit of the listed type: held until its reference is given, and checked by an officer.',
    source: RISK,
    effect: 'lane',
    lane: 'YELLOW',
    checks: DOCS,
  },
  {
    id: 'USCC_CHECKSUM_MISMATCH',
    title: 'USCC checksum mismatch',
    text: 'A well-formed USCC whose GB 32100 check character, or the GB 11714 check character of its embedded organisation code, disagrees (some real early codes do) flags the declaration for review in the yellow lane; it does not reject it.',
    source: `${DOMAIN} § The common data standard`,
    effect: 'lane',
    lane: 'YELLOW',
    checks: ['documents', 'identity'],
  },

  // GZ's own law: mainland cross-border e-commerce retail imports (jurisdictions/gz).
  ...GZ_RULES,

  // Risk rules.
  {
    id: 'UNDERVALUATION',
    title: 'Undervaluation',
    text: 'A unit value below the configured share (50 %) of the reference unit value for its HS-6 and unit.',
    source: RISK,
    effect: 'lane',
    lane: 'YELLOW',
    checks: ['documents', 'valuation'],
  },
  {
    id: 'MASS_VALUE_INCONSISTENT',
    title: 'Mass/value inconsistency',
    text: 'Declared value per kilogram of net mass outside the plausible band for its HS-6: misdescription or misdeclared quantity.',
    source: RISK,
    effect: 'lane',
    lane: 'RED',
    checks: ['documents', 'quantity', 'description', 'valuation'],
  },
  {
    id: 'FIRST_TIME_CONSIGNOR',
    title: 'First-time consignor',
    text: 'A risk indicator: raises the random-selection rates; sets no lane by itself.',
    source: RISK,
    effect: 'indicator',
  },
  {
    id: 'AEO_FACILITATION',
    title: 'AEO facilitation',
    text: "An AEO of the assessing authority, or of a partner under an AEO arrangement in force on the declaration's date for its transport mode, gets the lower random-selection rates.",
    source: `${DOMAIN} § What the real programmes do (AEO mutual recognition)`,
    effect: 'indicator',
  },
  {
    id: 'ELOCK_BROKEN',
    title: 'Broken seal',
    text: 'The e-lock or seal was found not intact on arrival.',
    source: `${RISK}; SELS`,
    effect: 'lane',
    lane: 'RED',
    checks: ['seal', 'quantity', 'description'],
  },
  {
    id: 'ELOCK_MISMATCH',
    title: 'Mismatched seal',
    text: 'The e-lock id or seal number seen differs from the declared one.',
    source: `${RISK}; SELS`,
    effect: 'lane',
    lane: 'RED',
    checks: ['seal', 'quantity', 'description'],
  },
  {
    id: 'QUARANTINE_RESERVED',
    title: 'Quarantine-reserved goods',
    text: 'HS chapters 01–24 entering the mainland: GZ inspects them itself (red lane) and takes no part in a joint plan.',
    source: RISK,
    effect: 'lane',
    lane: 'RED',
    checks: ['quarantine', 'quantity', 'description'],
    reserved: true,
  },
  {
    id: 'RISK_TARGET',
    title: 'Risk target',
    text: "A target an authority's supervisors set (party identifier, HS prefix, origin country) sends matching declarations to its lane until it expires.",
    source: RISK,
    effect: 'lane',
  },
  {
    id: 'RANDOM',
    title: 'Random selection',
    text: 'Deterministic keyed selection: HMAC-SHA256(selection key, declaration id | authority | standard version) read as a uniform number and compared with the minimum rates per lane (lower for recognised AEOs, higher for first-time consignors).',
    source: RISK,
    effect: 'lane',
  },

  // HK's excise and declaration charge; Macau's consumption tax (jurisdictions/hk, mo).
  ...HK_RULES,
  ...MO_RULES,

  // Inspection and decision.
  {
    id: 'JOINT_INSPECTION',
    title: 'One inspection',
    text: 'If any participant needs RED, one physical inspection at one authority (export side, else first transit, else import side) covers the union of the checks every participant asked for; a participant whose RED comes from its reserved categories inspects itself.',
    source: RISK,
    effect: 'inspection',
  },
  {
    id: 'MUTUAL_RECOGNITION',
    title: 'Mutual recognition of inspection results',
    text: "A partner's result is accepted when recorded under a recognised standard version, covering every check asked for, matching the shipment identity (declaration, containers, seal/e-lock) with the seal intact, for goods outside the accepting authority's reserved categories.",
    source: `${RISK}; 2018 GACC Guangdong–HK–Macao memorandum`,
    effect: 'inspection',
  },
  {
    id: 'INSPECTION_FINDING',
    title: 'Non-conform inspection',
    text: 'A result with findings or failed checks: held or rejected by finding (prohibited goods → rejected; otherwise held).',
    source: RISK,
    effect: 'decision',
  },
  {
    id: 'PERMIT_MISSING',
    title: 'Permit missing',
    text: 'Restricted goods stay held until the permit reference is given.',
    source: RISK,
    effect: 'decision',
  },
  {
    id: 'DOCUMENT_CHECK',
    title: 'Document check',
    text: 'The yellow lane waits for an officer of the deciding authority to check the documents; a failed check holds the goods.',
    source: RISK,
    effect: 'decision',
  },
  {
    id: 'INSPECTION_REQUIRED',
    title: 'Physical inspection',
    text: "The red lane waits for a physical inspection (own, or a partner's result accepted under mutual recognition) covering every check asked for.",
    source: RISK,
    effect: 'decision',
  },
];

const BY_ID: ReadonlyMap<string, Rule> = new Map(CATALOGUE.map((r) => [r.id, r]));

/** Every rule of the standard, in catalogue order. */
export const RULES: readonly Rule[] = CATALOGUE;

/** The rule with this id (its text, source and effect), or undefined for an unknown id. */
export function explain(ruleId: string): Rule | undefined {
  return BY_ID.get(ruleId);
}

/** The rule with this id; a programming error if it is not in the catalogue. */
export function rule(ruleId: string): Rule {
  const found = BY_ID.get(ruleId);
  if (!found) throw new Error(`rule ${ruleId} is not in the catalogue`);
  return found;
}

/** Checks asked for by a random selection or a risk target of this lane. */
export function checksForLane(lane: Lane): readonly Check[] {
  return lane === 'RED' ? PHYSICAL : lane === 'YELLOW' ? DOCS : [];
}
