// The common data standard: what every authority validates on intake (domain.md, api.md).
// Every error is reported at once with its JSON pointer; business rules (limits, prohibited
// goods) are not data errors and are left to assess().
import { COUNT_UNITS } from '../config/code-lists';
import { lookupFor, type StandardLookup } from '../config/lookup';
import { currentStandard } from '../config/standards';
import type { Standard, TradeMode, TransportMode } from '../config/types';
import {
  isValidContainerNumber,
  isValidHs6,
  isValidHsCode,
  localDateNumber,
  NATIONAL_CODE_LENGTH,
  residentIdFaultOn,
  type ResidentIdFault,
  usccFault,
  type UsccFault,
} from '../identifiers';
import {
  aeoIssuer,
  FOREIGN_ID_COUNTRY,
  FOREIGN_ID_SCHEMES,
  foreignIdFault,
  type ForeignIdScheme,
  isValidBusinessRegistrationNumber,
  isValidHkid,
  isValidMacauRegistrationNumber,
  isValidMacauResidentId,
} from '../identifiers/party-ids';
import { fitsMinorUnits, minorUnits } from '../money/minor-units';
import type { Authority, DataError } from '../types';
import { Fields, isObject, type JsonObject, pointerToken, Problems } from '../validation/problems';
import { isJointTerritory, participantsOfRoute } from './participants';
import type { Declaration, Ecommerce, GoodsItem, IdType, Party, Permit, Route, Transport } from './types';

export type DeclarationValidation =
  | { ok: true; declaration: Declaration }
  | { ok: false; errors: DataError[] };

/** Abuse limits of the data standard. */
export const LIMITS = {
  items: 999,
  transit: 5,
  containers: 100,
  permits: 50,
  name: 200,
  address: 500,
  description: 512,
  ref: 64,
  idNumber: 32,
} as const;

const fields = (...names: string[]): ReadonlySet<string> => new Set(names);
const TOP = fields(
  'platformRef',
  'tradeMode',
  'route',
  'consignor',
  'consignee',
  'items',
  'transport',
  'ecommerce',
  'permits',
);
const ROUTE = fields('origin', 'destination', 'transit');
const PARTY = fields(
  'name',
  'country',
  'uscc',
  'businessRegistrationNumber',
  'registrationNumber',
  'idType',
  'idNumber',
  'address',
  'foreignId',
  'aeo',
);
const AEO = fields('code');
const FOREIGN_ID = fields('scheme', 'value');
const SCHEMES: ReadonlySet<string> = new Set<string>(FOREIGN_ID_SCHEMES);
/** Why a foreign identifier is refused, by scheme (foreignIdFault gives the sources). */
const FOREIGN_ID_DETAIL: Readonly<Record<ForeignIdScheme, string>> = {
  EORI: "an EORI number is the issuing state's ISO 3166 alpha-2 code and up to 15 upper-case letters or digits",
  LEI: 'an LEI (ISO 17442) is a 4-character LOU prefix (not 0000), a 14-character entity part and two ISO 7064 MOD 97-10 check digits (02–98)',
  JP_CORPORATE_NUMBER:
    'a Japanese corporate number is 13 digits, the first the check digit of the other 12 (not all zeros)',
  GB_COMPANY_NUMBER:
    'a UK company number is 8 digits (not 00000000), or a Companies House register prefix (SC, NI, OC, FC, …) and 6 digits (not 000000)',
  US_EIN:
    'a US EIN is 9 digits, written NN-NNNNNNN or without the hyphen, starting with a prefix the IRS assigns (not 00, 07–09, 17–19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97)',
};
const ITEM = fields(
  'line',
  'hsCode',
  'tariffCodes',
  'description',
  'quantity',
  'unit',
  'unitValue',
  'currency',
  'originCountry',
  'grossMassKg',
  'netMassKg',
  'alcoholPercent',
  'volumeLitres',
);
const TRANSPORT = fields('mode', 'conveyanceRef', 'transportDocument', 'containerNumbers', 'eLock');
const ELOCK = fields('lockId', 'sealNumber');
const ECOMMERCE = fields('order', 'payment', 'waybill');
const ORDER = fields(
  'orderNo',
  'amountPaid',
  'freight',
  'taxWithheld',
  'discount',
  'insurance',
  'currency',
  'buyerName',
  'buyerIdNumber',
  'buyerAuthenticated',
);
const PAYMENT = fields('paymentNo', 'orderNo', 'amount', 'currency', 'payerName', 'payerIdNumber');
const WAYBILL = fields('waybillNo', 'orderNo');
const PERMIT = fields('type', 'number');

const ID_TYPES: ReadonlySet<string> = new Set<IdType>(['RESIDENT_ID', 'HKID', 'MO_ID', 'PASSPORT']);
const TRANSPORT_MODES: ReadonlySet<string> = new Set<TransportMode>(['road', 'air', 'sea', 'rail']);
const ID_NUMBER = /^[A-Z0-9()-]+$/;
const VOLUME_UNITS: ReadonlySet<string> = new Set(['LTR', 'MLT']);

const QUANTITY = { min: 0, max: 1e9, places: 6, code: 'QUANTITY_INVALID' };
const MASS = { min: 0, max: 1e7, places: 6, code: 'MASS_INVALID' };
const ALCOHOL = { min: 0, max: 100, places: 2, minInclusive: true, code: 'ALCOHOL_PERCENT_INVALID' };
const VOLUME = { min: 0, max: 1e7, places: 3, code: 'VOLUME_INVALID' };

const COUNTRY = 'an ISO 3166 country code';
const CURRENCY = 'an ISO 4217 currency quoted by the standard';
/** Why a resident ID is refused, by the GB 11643 rule it breaks. */
const RESIDENT_ID_DETAIL: Readonly<Record<ResidentIdFault, string>> = {
  format: 'not a mainland resident ID (GB 11643): 17 digits and a check character 0-9 or X',
  province:
    'not a mainland resident ID (GB 11643): the first two digits are not a province of GB/T 2260 (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82) nor 83',
  'birth-date':
    'not a mainland resident ID (GB 11643): digits 7–14 are not a real birth date from 1900-01-01 to today (UTC+8)',
  'check-character': 'not a mainland resident ID (GB 11643): wrong check character (ISO 7064 MOD 11-2)',
};

/** Why a USCC is refused, by the GB 32100 rule it breaks (check-character faults are risk flags). */
const USCC_DETAIL: Readonly<
  Record<Exclude<UsccFault, 'organisation-code-check' | 'check-character'>, string>
> = {
  format:
    'a USCC (GB 32100) is 18 characters of 0-9 and A-Z without I, O, S, V, Z, the 17th (GB 11714 check) 0-9 or X',
  'registration-authority':
    'the first character of a USCC (GB 32100) is a registration authority: 1–9, A, N or Y',
  'organisation-type':
    'the second character of a USCC (GB 32100) is not an organisation type of its registration authority',
  division:
    'characters 3–8 of a USCC (GB 32100) are the GB/T 2260 division of the registering office: a province code then 4 digits, or 100000',
};

/** What the rest of the declaration tells the checks of one part. */
interface Frame {
  readonly lk: StandardLookup;
  readonly p: Problems;
  /** E-commerce retail trade mode: resident IDs of parties must be valid. */
  readonly retail: boolean;
  /** Retail import into the mainland: buyer and payer IDs must be valid resident IDs. */
  readonly retailImport: boolean;
  /** Authorities on a valid route, whose national codes every item must carry. */
  readonly participants: readonly Authority[] | undefined;
  /** The day of the check (UTC+8) as yyyymmdd: no one is born after it. */
  readonly today: number;
}

/**
 * Validates a declaration body against the common data standard of `standard` (the newest by
 * default), on `asOf`: the instant of the check (callers pass the current time, or the filing time
 * when they re-check a partner's filing), against which birth dates in resident IDs are checked.
 * Never throws for any JSON value: it gets either the typed declaration or every error.
 * @throws RangeError only when `asOf` is not a valid instant.
 */
export function validateDeclaration(
  input: unknown,
  asOf: Date | string | number,
  standard: Standard = currentStandard(),
): DeclarationValidation {
  const today = localDateNumber(asOf);
  const lk = lookupFor(standard);
  const p = new Problems();
  if (!isObject(input)) {
    p.add('', 'TYPE_INVALID', 'a declaration must be a JSON object');
    return { ok: false, errors: p.errors };
  }
  const top = new Fields(input, '', p);

  const platformRef = top.text(input.platformRef, 'platformRef', LIMITS.ref);
  const tradeModeCode = top.text(input.tradeMode, 'tradeMode', 16);
  let mode: TradeMode | undefined;
  if (tradeModeCode !== undefined) {
    mode = lk.tradeModes.get(tradeModeCode);
    if (!mode)
      top.error(
        'tradeMode',
        'TRADE_MODE_UNKNOWN',
        `${JSON.stringify(tradeModeCode)} is not a trade mode of the standard`,
      );
  }
  const routeInput = top.object(input.route, 'route');
  const route = routeInput && validateRoute(routeInput, lk, p);
  if (
    mode &&
    route &&
    ((mode.origin && route.origin !== mode.origin) ||
      (mode.destination && route.destination !== mode.destination))
  ) {
    const where = mode.origin ? `start in ${mode.origin}` : `end in ${mode.destination}`;
    top.error(
      'tradeMode',
      'TRADE_MODE_ROUTE_MISMATCH',
      `trade mode ${mode.code} requires the route to ${where}`,
    );
  }

  const destination = route?.destination ?? routeInput?.destination;
  const frame: Frame = {
    lk,
    p,
    retail: mode?.ecommerceRetail === true,
    retailImport: mode?.ecommerceRetail === true && destination === 'CN',
    participants: route ? participantsOfRoute(route).map((x) => x.authority) : undefined,
    today,
  };

  const consignorInput = top.object(input.consignor, 'consignor');
  const consignor = consignorInput && validateParty(consignorInput, '/consignor', frame);
  const consigneeInput = top.object(input.consignee, 'consignee');
  const consignee = consigneeInput && validateParty(consigneeInput, '/consignee', frame);
  const itemsInput = top.array(input.items, 'items', LIMITS.items);
  const items = itemsInput && validateItems(itemsInput, frame);
  const transportInput = top.object(input.transport, 'transport');
  const transport = transportInput && validateTransport(transportInput, frame);

  let ecommerce: Ecommerce | undefined;
  const ecommerceInput = top.object(input.ecommerce, 'ecommerce', true);
  if (mode?.ecommerceRetail && input.ecommerce == null) {
    top.error(
      'ecommerce',
      'ECOMMERCE_REQUIRED',
      `trade mode ${mode.code} is e-commerce retail: order, payment and waybill are required`,
    );
  } else if (mode && !mode.ecommerceRetail && input.ecommerce != null) {
    top.error(
      'ecommerce',
      'ECOMMERCE_NOT_ALLOWED',
      `trade mode ${mode.code} is not e-commerce retail: ecommerce must be absent`,
    );
  } else if (ecommerceInput) {
    ecommerce = validateEcommerce(ecommerceInput, frame);
  }
  const permitsInput = top.array(input.permits, 'permits', LIMITS.permits, true);
  const permits = permitsInput ? validatePermits(permitsInput, frame) : [];
  top.close(TOP);

  if (p.errors.length > 0) return { ok: false, errors: p.errors };
  const declaration: Declaration = {
    platformRef: platformRef as string,
    tradeMode: tradeModeCode as string,
    route: route as Route,
    consignor: consignor as Party,
    consignee: consignee as Party,
    items: items as GoodsItem[],
    transport: transport as Transport,
    permits,
  };
  if (ecommerce) declaration.ecommerce = ecommerce;
  return { ok: true, declaration };
}

function validateRoute(o: JsonObject, lk: StandardLookup, p: Problems): Route | undefined {
  const f = new Fields(o, '/route', p);
  const before = p.errors.length;
  const origin = f.coded(o.origin, 'origin', lk.countries, 'COUNTRY_UNKNOWN', COUNTRY);
  const destination = f.coded(o.destination, 'destination', lk.countries, 'COUNTRY_UNKNOWN', COUNTRY);
  const transit: string[] = [];
  const list = f.array(o.transit, 'transit', LIMITS.transit, true) ?? [];
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    if (typeof t !== 'string' || !lk.countries.has(t))
      p.add(`/route/transit/${i}`, 'COUNTRY_UNKNOWN', `${JSON.stringify(t)} is not ${COUNTRY}`);
    else transit.push(t);
  }
  f.close(ROUTE);
  if (p.errors.length > before || origin === undefined || destination === undefined) return undefined;
  const stops = [origin, ...transit, destination];
  if (new Set(stops).size !== stops.length) {
    p.add(
      '/route',
      'ROUTE_INVALID',
      'a territory appears more than once on the route (origin, transit, destination)',
    );
    return undefined;
  }
  if (!stops.some(isJointTerritory)) {
    p.add(
      '/route',
      'ROUTE_INVALID',
      'the route touches none of CN, HK and MO: no authority of the joint clearance takes part',
    );
    return undefined;
  }
  return { origin, destination, transit };
}

function validateParty(o: JsonObject, at: string, frame: Frame): Party | undefined {
  const { p, lk } = frame;
  const f = new Fields(o, at, p);
  const before = p.errors.length;
  const party: Party = {
    name: f.text(o.name, 'name', LIMITS.name) as string,
    country: f.coded(o.country, 'country', lk.countries, 'COUNTRY_UNKNOWN', COUNTRY) as string,
  };

  const uscc = f.text(o.uscc, 'uscc', LIMITS.ref, true);
  // A check-character mismatch is a risk rule (yellow lane), not a data error: the structure is checked here.
  const usccProblem = uscc === undefined ? null : usccFault(uscc);
  if (usccProblem !== null && usccProblem !== 'organisation-code-check' && usccProblem !== 'check-character')
    f.error('uscc', 'USCC_INVALID', USCC_DETAIL[usccProblem]);
  else if (uscc !== undefined) party.uscc = uscc;

  const brn = f.text(o.businessRegistrationNumber, 'businessRegistrationNumber', LIMITS.ref, true);
  if (brn !== undefined && !isValidBusinessRegistrationNumber(brn)) {
    f.error(
      'businessRegistrationNumber',
      'BUSINESS_REGISTRATION_NUMBER_INVALID',
      'an HK business registration number is 8 digits, not 00000000',
    );
  } else if (brn !== undefined) party.businessRegistrationNumber = brn;

  const registration = f.text(o.registrationNumber, 'registrationNumber', LIMITS.ref, true);
  if (registration !== undefined && !isValidMacauRegistrationNumber(registration)) {
    f.error(
      'registrationNumber',
      'REGISTRATION_NUMBER_INVALID',
      'a Macau registration number is up to 20 upper-case letters, digits, "/" or "-"',
    );
  } else if (registration !== undefined) party.registrationNumber = registration;

  const idType = f.coded(
    o.idType,
    'idType',
    ID_TYPES,
    'ID_TYPE_UNKNOWN',
    'one of RESIDENT_ID, HKID, MO_ID, PASSPORT',
    true,
  ) as IdType | undefined;
  const idNumber = f.text(o.idNumber, 'idNumber', LIMITS.idNumber, true);
  if (o.idType != null && o.idNumber == null)
    f.error('idNumber', 'REQUIRED', 'idNumber is required with idType');
  if (o.idNumber != null && o.idType == null)
    f.error('idType', 'REQUIRED', 'idType is required with idNumber');
  if (idType !== undefined && idNumber !== undefined) {
    const residentId =
      idType === 'RESIDENT_ID' && frame.retail ? residentIdFaultOn(idNumber, frame.today) : null;
    if (residentId !== null) f.error('idNumber', 'RESIDENT_ID_INVALID', RESIDENT_ID_DETAIL[residentId]);
    else if (idType === 'HKID' && !isValidHkid(idNumber))
      f.error(
        'idNumber',
        'ID_NUMBER_INVALID',
        'not an HKID: one or two letters, six digits and a check digit 0-9 or A, such as A123456(3), with the right check digit',
      );
    else if (idType === 'MO_ID' && !isValidMacauResidentId(idNumber))
      f.error(
        'idNumber',
        'ID_NUMBER_INVALID',
        'not a Macau resident ID (BIR) number: 1, 5 or 7, six digits and a check character, such as 1234567(8)',
      );
    else if (!ID_NUMBER.test(idNumber))
      f.error(
        'idNumber',
        'ID_NUMBER_INVALID',
        'an identity document number is upper-case letters, digits, "(", ")" or "-"',
      );
    else {
      party.idType = idType;
      party.idNumber = idNumber;
    }
  }
  // A party of CN, HK or MO carries one of their identifiers; one from elsewhere is identified by
  // name, country and address, optionally with an identifier of its own scheme.
  const joint = typeof o.country === 'string' && isJointTerritory(o.country);
  const foreign = party.country !== undefined && !joint;
  if (
    joint &&
    o.uscc == null &&
    o.businessRegistrationNumber == null &&
    o.registrationNumber == null &&
    o.idType == null &&
    o.idNumber == null
  ) {
    p.add(
      at,
      'PARTY_ID_REQUIRED',
      `a party of ${o.country as string} is identified by uscc, businessRegistrationNumber, registrationNumber or idType and idNumber`,
    );
  }

  const address = f.text(o.address, 'address', LIMITS.address, !foreign);
  if (address !== undefined) party.address = address;
  const foreignIdInput = f.object(o.foreignId, 'foreignId', true);
  if (foreignIdInput && joint) {
    f.error(
      'foreignId',
      'FOREIGN_ID_NOT_ALLOWED',
      `a party of ${o.country as string} is identified by its own identifiers, not a foreignId`,
    );
  } else if (foreignIdInput) {
    const foreignId = validateForeignId(foreignIdInput, `${at}/foreignId`, party.country, frame);
    if (foreignId) party.foreignId = foreignId;
  }
  const aeo = f.object(o.aeo, 'aeo', true);
  if (aeo) {
    const a = new Fields(aeo, `${at}/aeo`, p);
    const code = a.text(aeo.code, 'code', LIMITS.ref);
    if (code !== undefined && aeoIssuer(code) === undefined) {
      a.error(
        'code',
        'AEO_CODE_INVALID',
        'an AEO code is AEOCN + a 10-digit customs code starting with a province code (mainland), 15 digits (HK) or AEOMO + 10 digits (Macau)',
      );
    } else if (code !== undefined) party.aeo = { code };
    a.close(AEO);
  }
  f.close(PARTY);
  return p.errors.length > before ? undefined : party;
}

/** A party's identifier from outside CN, HK and MO (`at` is its pointer; `country` the party's, if valid). */
function validateForeignId(
  o: JsonObject,
  at: string,
  country: string | undefined,
  frame: Frame,
): Party['foreignId'] {
  const { p, lk } = frame;
  const f = new Fields(o, at, p);
  const scheme = f.coded(
    o.scheme,
    'scheme',
    SCHEMES,
    'FOREIGN_ID_SCHEME_UNKNOWN',
    `one of ${FOREIGN_ID_SCHEMES.join(', ')}`,
  ) as ForeignIdScheme | undefined;
  const value = f.text(o.value, 'value', LIMITS.ref);
  f.close(FOREIGN_ID);
  if (scheme === undefined || value === undefined) return undefined;
  const fault = foreignIdFault(scheme, value, (c) => lk.countries.has(c));
  if (fault === 'format' || fault === 'country') {
    f.error('value', 'FOREIGN_ID_INVALID', FOREIGN_ID_DETAIL[scheme]);
    return undefined;
  }
  if (fault === 'check') {
    f.error('value', 'FOREIGN_ID_INVALID', `${FOREIGN_ID_DETAIL[scheme]}: wrong check digit`);
    return undefined;
  }
  const issuedIn = FOREIGN_ID_COUNTRY[scheme];
  if (issuedIn !== undefined && country !== undefined && country !== issuedIn) {
    f.error('scheme', 'FOREIGN_ID_COUNTRY_MISMATCH', `${scheme} identifies parties of ${issuedIn} only`);
    return undefined;
  }
  return { scheme, value };
}

function validateItems(list: unknown[], frame: Frame): GoodsItem[] | undefined {
  if (list.length === 0) {
    frame.p.add('/items', 'REQUIRED', 'a declaration has at least one goods item');
    return undefined;
  }
  const items: GoodsItem[] = [];
  const lines = new Set<number>();
  for (let i = 0; i < list.length; i++) {
    const item = validateItem(list[i], `/items/${i}`, frame);
    if (!item) continue;
    if (lines.has(item.line))
      frame.p.add(`/items/${i}/line`, 'LINE_DUPLICATE', `line ${item.line} appears more than once`);
    lines.add(item.line);
    items.push(item);
  }
  return items.length === list.length ? items : undefined;
}

function validateItem(v: unknown, at: string, frame: Frame): GoodsItem | undefined {
  const { p, lk } = frame;
  if (!isObject(v)) {
    p.add(at, 'TYPE_INVALID', 'a goods item must be an object');
    return undefined;
  }
  const f = new Fields(v, at, p);
  const before = p.errors.length;

  const line = f.number(v.line, 'line', {
    min: 1,
    max: LIMITS.items,
    places: 0,
    minInclusive: true,
    code: 'LINE_INVALID',
  });
  const hsCode = f.text(v.hsCode, 'hsCode', LIMITS.ref);
  const hs6 = hsCode !== undefined && isValidHs6(hsCode) ? hsCode : undefined;
  if (hsCode !== undefined && !hs6)
    f.error('hsCode', 'HS_CODE_INVALID', 'hsCode is the common HS-6: 6 digits of a real HS chapter');
  const tariffInput = f.object(v.tariffCodes, 'tariffCodes');
  const tariffCodes = tariffInput && validateTariffCodes(tariffInput, at, hs6, frame);

  const description = f.text(v.description, 'description', LIMITS.description);
  const quantity = f.number(v.quantity, 'quantity', QUANTITY);
  const unit = f.coded(
    v.unit,
    'unit',
    lk.units,
    'UNIT_UNKNOWN',
    'a UN/ECE Recommendation 20 unit code of the standard',
  );
  const unitValue = f.money(v.unitValue, 'unitValue', 4);
  const currency = f.coded(v.currency, 'currency', lk.currencies, 'CURRENCY_UNKNOWN', CURRENCY);
  const originCountry = f.coded(v.originCountry, 'originCountry', lk.countries, 'COUNTRY_UNKNOWN', COUNTRY);
  const grossMassKg = f.number(v.grossMassKg, 'grossMassKg', MASS);
  const netMassKg = f.number(v.netMassKg, 'netMassKg', MASS);
  if (grossMassKg !== undefined && netMassKg !== undefined && netMassKg > grossMassKg) {
    f.error('netMassKg', 'NET_MASS_EXCEEDS_GROSS', 'net mass cannot exceed gross mass');
  }

  // Excise and consumption taxes need the strength and volume of liquor, and cigarettes in sticks.
  const alcoholPercent = f.number(v.alcoholPercent, 'alcoholPercent', ALCOHOL, true);
  const volumeLitres = f.number(v.volumeLitres, 'volumeLitres', VOLUME, true);
  if (hs6 !== undefined) {
    const heading = hs6.slice(0, 4);
    if (lk.hk.liquorHeadings.has(heading) || lk.mo.alcoholHeadings.has(heading)) {
      if (v.alcoholPercent == null)
        f.error(
          'alcoholPercent',
          'ALCOHOL_PERCENT_REQUIRED',
          'liquor (HS 2203–2208) must state its alcoholic strength, % vol',
        );
      if (v.volumeLitres == null && unit !== undefined && !VOLUME_UNITS.has(unit)) {
        f.error(
          'volumeLitres',
          'VOLUME_REQUIRED',
          'liquor not declared in LTR or MLT must state its total volume in litres',
        );
      }
    }
    if (unit !== undefined && lk.mo.cigarettes.match(hs6) && COUNT_UNITS[unit] === undefined) {
      f.error(
        'unit',
        'UNIT_NOT_ALLOWED',
        'cigarettes are declared in sticks: unit H87, PCE, C62, NAR or MIL',
      );
    }
  }
  f.close(ITEM);

  if (p.errors.length > before) return undefined;
  const item: GoodsItem = {
    line: line as number,
    hsCode: hs6 as string,
    tariffCodes: tariffCodes as GoodsItem['tariffCodes'],
    description: description as string,
    quantity: quantity as number,
    unit: unit as string,
    unitValue: unitValue as string,
    currency: currency as string,
    originCountry: originCountry as string,
    grossMassKg: grossMassKg as number,
    netMassKg: netMassKg as number,
  };
  if (alcoholPercent !== undefined) item.alcoholPercent = alcoholPercent;
  if (volumeLitres !== undefined) item.volumeLitres = volumeLitres;
  return item;
}

/**
 * Why a national code is not acceptable: 'invalid' (not the authority's length of digits of a real
 * chapter), 'mismatch' (not starting with the item's HS-6), or null when fine.
 */
function tariffCodeFault(
  code: unknown,
  authority: Authority,
  hs6: string | undefined,
): 'invalid' | 'mismatch' | null {
  if (typeof code !== 'string' || !isValidHsCode(code, authority)) return 'invalid';
  return hs6 !== undefined && !code.startsWith(hs6) ? 'mismatch' : null;
}

/** One authority's national code of an item: valid, starting with the item's HS-6, present if it takes part. */
function tariffCode(
  code: unknown,
  authority: Authority,
  at: string,
  hs6: string | undefined,
  frame: Frame,
): string | undefined {
  const { p } = frame;
  if (code === undefined || code === null) {
    if (frame.participants?.includes(authority)) {
      p.add(
        `${at}/tariffCodes/${authority}`,
        'TARIFF_CODE_MISSING',
        `${authority} takes part in this declaration: its national tariff code is required`,
      );
    }
    return undefined;
  }
  const fault = tariffCodeFault(code, authority, hs6);
  if (fault === null) return code as string;
  if (fault === 'invalid') {
    p.add(
      `${at}/tariffCodes/${authority}`,
      'TARIFF_CODE_INVALID',
      `a ${authority} tariff code is ${NATIONAL_CODE_LENGTH[authority]} digits of a real HS chapter`,
    );
  } else {
    p.add(
      `${at}/tariffCodes/${authority}`,
      'TARIFF_CODE_MISMATCH',
      `the ${authority} tariff code does not start with hsCode ${hs6}`,
    );
  }
  return undefined;
}

/** The national codes of an item (`at` is the item's pointer). */
function validateTariffCodes(
  o: JsonObject,
  at: string,
  hs6: string | undefined,
  frame: Frame,
): GoodsItem['tariffCodes'] {
  const gz = tariffCode(o.GZ, 'GZ', at, hs6, frame);
  const hk = tariffCode(o.HK, 'HK', at, hs6, frame);
  const mo = tariffCode(o.MO, 'MO', at, hs6, frame);
  const codes: GoodsItem['tariffCodes'] = {};
  if (gz !== undefined) codes.GZ = gz;
  if (hk !== undefined) codes.HK = hk;
  if (mo !== undefined) codes.MO = mo;
  const present = (o.GZ !== undefined ? 1 : 0) + (o.HK !== undefined ? 1 : 0) + (o.MO !== undefined ? 1 : 0);
  if (Object.keys(o).length !== present) {
    for (const key in o) {
      if (key !== 'GZ' && key !== 'HK' && key !== 'MO') {
        frame.p.add(
          `${at}/tariffCodes/${pointerToken(key)}`,
          'FIELD_UNKNOWN',
          `"${key}" is not an authority code`,
        );
      }
    }
  }
  return codes;
}

function validateTransport(o: JsonObject, frame: Frame): Transport | undefined {
  const { p } = frame;
  const f = new Fields(o, '/transport', p);
  const before = p.errors.length;
  const mode = f.coded(
    o.mode,
    'mode',
    TRANSPORT_MODES,
    'TRANSPORT_MODE_UNKNOWN',
    'one of road, air, sea, rail',
  ) as TransportMode;
  const conveyanceRef = f.text(o.conveyanceRef, 'conveyanceRef', LIMITS.ref) as string;
  const transportDocument = f.text(o.transportDocument, 'transportDocument', LIMITS.ref) as string;
  const containerNumbers: string[] = [];
  const list = f.array(o.containerNumbers, 'containerNumbers', LIMITS.containers, true) ?? [];
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (typeof c !== 'string' || !isValidContainerNumber(c)) {
      p.add(
        `/transport/containerNumbers/${i}`,
        'CONTAINER_NUMBER_INVALID',
        'not an ISO 6346 container number (owner code, U/J/Z, 6 digits, check digit)',
      );
    } else if (containerNumbers.includes(c)) {
      p.add(`/transport/containerNumbers/${i}`, 'CONTAINER_NUMBER_DUPLICATE', `${c} is listed twice`);
    } else containerNumbers.push(c);
  }
  const transport: Transport = { mode, conveyanceRef, transportDocument, containerNumbers };
  const eLock = f.object(o.eLock, 'eLock', true);
  if (eLock) {
    const l = new Fields(eLock, '/transport/eLock', p);
    const lockId = l.text(eLock.lockId, 'lockId', LIMITS.ref);
    const sealNumber = l.text(eLock.sealNumber, 'sealNumber', LIMITS.ref);
    l.close(ELOCK);
    if (lockId !== undefined && sealNumber !== undefined) transport.eLock = { lockId, sealNumber };
  }
  f.close(TRANSPORT);
  return p.errors.length > before ? undefined : transport;
}

function validateEcommerce(o: JsonObject, frame: Frame): Ecommerce | undefined {
  const { p, lk } = frame;
  const f = new Fields(o, '/ecommerce', p);
  const before = p.errors.length;
  const order = f.object(o.order, 'order');
  const payment = f.object(o.payment, 'payment');
  const waybill = f.object(o.waybill, 'waybill');
  f.close(ECOMMERCE);
  // Retail imports into the mainland identify buyer and payer by resident ID (GB 11643).
  const residentId = (r: Fields, v: unknown, key: string) => {
    const id = r.text(v, key, LIMITS.idNumber);
    const fault = id !== undefined && frame.retailImport ? residentIdFaultOn(id, frame.today) : null;
    if (fault !== null) r.error(key, 'RESIDENT_ID_INVALID', RESIDENT_ID_DETAIL[fault]);
    return id as string;
  };

  let result: Ecommerce | undefined;
  if (order && payment && waybill) {
    const r = new Fields(order, '/ecommerce/order', p);
    const y = new Fields(payment, '/ecommerce/payment', p);
    const w = new Fields(waybill, '/ecommerce/waybill', p);
    result = {
      order: {
        orderNo: r.text(order.orderNo, 'orderNo', LIMITS.ref) as string,
        amountPaid: r.money(order.amountPaid, 'amountPaid', 2) as string,
        freight: r.money(order.freight, 'freight', 2, true) ?? '0.00',
        taxWithheld: r.money(order.taxWithheld, 'taxWithheld', 2, true) ?? '0.00',
        discount: r.money(order.discount, 'discount', 2, true) ?? '0.00',
        insurance: r.money(order.insurance, 'insurance', 2, true) ?? '0.00',
        currency: r.coded(order.currency, 'currency', lk.currencies, 'CURRENCY_UNKNOWN', CURRENCY) as string,
        buyerName: r.text(order.buyerName, 'buyerName', LIMITS.name) as string,
        buyerIdNumber: residentId(r, order.buyerIdNumber, 'buyerIdNumber'),
        buyerAuthenticated: r.boolean(order.buyerAuthenticated, 'buyerAuthenticated', true) ?? false,
      },
      payment: {
        paymentNo: y.text(payment.paymentNo, 'paymentNo', LIMITS.ref) as string,
        orderNo: y.text(payment.orderNo, 'orderNo', LIMITS.ref) as string,
        amount: y.money(payment.amount, 'amount', 2) as string,
        currency: y.coded(
          payment.currency,
          'currency',
          lk.currencies,
          'CURRENCY_UNKNOWN',
          CURRENCY,
        ) as string,
        payerName: y.text(payment.payerName, 'payerName', LIMITS.name) as string,
        payerIdNumber: residentId(y, payment.payerIdNumber, 'payerIdNumber'),
      },
      waybill: {
        waybillNo: w.text(waybill.waybillNo, 'waybillNo', LIMITS.ref) as string,
        orderNo: w.text(waybill.orderNo, 'orderNo', LIMITS.ref) as string,
      },
    };
    r.close(ORDER);
    y.close(PAYMENT);
    w.close(WAYBILL);
    const { order: o, payment: pay } = result;
    inMinorUnits(r, o.currency, [
      ['amountPaid', o.amountPaid],
      ['freight', order.freight == null ? undefined : o.freight],
      ['taxWithheld', order.taxWithheld == null ? undefined : o.taxWithheld],
      ['discount', order.discount == null ? undefined : o.discount],
      ['insurance', order.insurance == null ? undefined : o.insurance],
    ]);
    inMinorUnits(y, pay.currency, [['amount', pay.amount]]);
  }
  return p.errors.length > before ? undefined : result;
}

/**
 * Refuses every amount (`[key, value]`, undefined when absent or already refused) that is not a whole
 * number of `currency`'s ISO 4217 minor unit: JPY 6001.50 is not an amount (MONEY_INVALID at its
 * pointer). Skipped when the currency itself was refused.
 */
function inMinorUnits(
  f: Fields,
  currency: string | undefined,
  amounts: readonly (readonly [string, string | undefined])[],
): void {
  if (currency === undefined) return;
  const units = minorUnits(currency);
  for (const [key, amount] of amounts) {
    if (amount === undefined || fitsMinorUnits(amount, currency)) continue;
    f.error(
      key,
      'MONEY_INVALID',
      units === undefined
        ? `${currency} has no ISO 4217 minor units: an amount in it cannot be checked`
        : `${key} in ${currency} has at most ${units} decimal place${units === 1 ? '' : 's'} (ISO 4217 minor units): ${amount} is not an amount of ${currency}`,
    );
  }
}

function validatePermits(list: unknown[], frame: Frame): Permit[] {
  const { p, lk } = frame;
  const permits: Permit[] = [];
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    const at = `/permits/${i}`;
    if (!isObject(v)) {
      p.add(at, 'TYPE_INVALID', 'a permit must be an object');
      continue;
    }
    const f = new Fields(v, at, p);
    const type = f.coded(
      v.type,
      'type',
      lk.permitTypes,
      'PERMIT_TYPE_UNKNOWN',
      'a permit type of the standard',
    );
    const number = f.text(v.number, 'number', LIMITS.ref);
    f.close(PERMIT);
    if (type === undefined || number === undefined) continue;
    if (permits.some((x) => x.type === type && x.number === number))
      p.add(at, 'PERMIT_DUPLICATE', `permit ${type} ${number} is listed twice`);
    else permits.push({ type, number });
  }
  return permits;
}
