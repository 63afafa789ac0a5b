import type { OpenApiSchema } from '@gba/runtime';
import { DECLARATION_HK_CN } from '@gba/examples';
import { LIMITS } from '@gba/standards';

// The declaration body of api.md as an OpenAPI schema (components.schemas.Declaration), at least
// as strict as validateDeclaration of the standard in its shape: the same members and no others,
// the same money patterns, the same length and count limits (LIMITS), the identifier a party of
// CN, HK or MO must carry and the address one from elsewhere must. What needs the standard itself
// (identifier checksums, code lists, cross-field rules) is checked by validateDeclaration alone,
// which answers 422 with every failing field. declaration.schema.spec.ts holds the two to that.

type SchemaObject = OpenApiSchema;

/** A single-line text of 1 to `max` characters (Fields.text). */
const text = (max: number, description?: string): SchemaObject => ({
  type: 'string',
  minLength: 1,
  maxLength: max,
  ...(description ? { description } : {}),
});
const ref = (description?: string) => text(LIMITS.ref, description);
/** A unit value: a non-negative decimal string, no leading zero, at most 4 decimals (Fields.money). */
const money: SchemaObject = {
  type: 'string',
  pattern: '^(0|[1-9][0-9]{0,14})(\\.[0-9]{1,4})?$',
  description: 'decimal string, at most 4 decimals, no leading zero',
};
/** An amount paid or declared in a currency: at most 2 decimals, and whole minor units of the currency. */
const inCurrency: SchemaObject = {
  type: 'string',
  pattern: '^(0|[1-9][0-9]{0,14})(\\.[0-9]{1,2})?$',
  description:
    "decimal string, at most 2 decimals, no leading zero; a whole number of the currency's ISO 4217 minor unit (JPY 6001, not 6001.50)",
};
const country: SchemaObject = { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' };
const currency: SchemaObject = { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217' };
const closed = (
  required: string[],
  properties: Record<string, SchemaObject>,
  description?: string,
): SchemaObject => ({
  type: 'object',
  ...(description ? { description } : {}),
  ...(required.length > 0 ? { required } : {}),
  additionalProperties: false,
  properties,
});

const JOINT_TERRITORIES = ['CN', 'HK', 'MO'];
const party: SchemaObject = {
  ...closed(
    ['name', 'country'],
    {
      name: text(LIMITS.name),
      country,
      uscc: ref('mainland organisation (GB 32100: authority and type, division, GB 11714 code, check)'),
      businessRegistrationNumber: ref('HK, 8 digits'),
      registrationNumber: ref('Macau'),
      idType: { type: 'string', enum: ['RESIDENT_ID', 'HKID', 'MO_ID', 'PASSPORT'] },
      idNumber: text(
        LIMITS.idNumber,
        'a person; GB 11643 for RESIDENT_ID (province, birth date, check); HKID with its check digit; MO_ID 8 digits',
      ),
      address: text(LIMITS.address, 'required for a party outside CN, HK and MO'),
      foreignId: closed(
        ['scheme', 'value'],
        {
          scheme: {
            type: 'string',
            enum: ['EORI', 'LEI', 'JP_CORPORATE_NUMBER', 'GB_COMPANY_NUMBER', 'US_EIN'],
          },
          value: ref(),
        },
        'only for a party outside CN, HK and MO, who need no other identifier: EORI (ISO 3166 alpha-2 + up to 15 letters or digits), LEI (ISO 17442), JP_CORPORATE_NUMBER (13 digits with check digit), GB_COMPANY_NUMBER (8 digits, or 2 letters + 6 digits), US_EIN (NN-NNNNNNN); the national ones for parties of their country',
      ),
      aeo: closed([], { code: ref('AEOCN + 10 digits, a 15-digit HK code, or AEOMO + 10 digits') }),
    },
    'a party of CN, HK or MO carries uscc, businessRegistrationNumber, registrationNumber or idType + idNumber (and no foreignId); one from elsewhere is identified by name, country and address',
  ),
  allOf: [
    {
      // CN, HK, MO: one of their identifiers, and no foreignId.
      anyOf: [
        { not: { required: ['country'], properties: { country: { enum: JOINT_TERRITORIES } } } },
        {
          properties: { foreignId: { not: {} } },
          anyOf: [
            { required: ['uscc'] },
            { required: ['businessRegistrationNumber'] },
            { required: ['registrationNumber'] },
            { required: ['idType', 'idNumber'] },
          ],
        },
      ],
    },
    {
      // Elsewhere: an address.
      anyOf: [
        { required: ['country'], properties: { country: { enum: JOINT_TERRITORIES } } },
        { required: ['address'] },
      ],
    },
  ],
};

/** The declaration body of api.md, as OpenAPI publishes it (components.schemas.Declaration). */
export const DECLARATION_SCHEMA: SchemaObject = closed(
  ['platformRef', 'tradeMode', 'route', 'consignor', 'consignee', 'items', 'transport'],
  {
    platformRef: ref("the platform's own reference"),
    tradeMode: { type: 'string', enum: ['0110', '9610', '1210', '1239', '9710', '9810'] },
    route: closed(['origin', 'destination'], {
      origin: country,
      destination: country,
      transit: { type: 'array', maxItems: LIMITS.transit, items: country },
    }),
    consignor: party,
    consignee: party,
    items: {
      type: 'array',
      minItems: 1,
      maxItems: LIMITS.items,
      items: closed(
        [
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
        ],
        {
          line: { type: 'integer', minimum: 1, maximum: LIMITS.items },
          hsCode: { type: 'string', pattern: '^\\d{6}$', description: 'common HS-6' },
          tariffCodes: closed(
            [],
            { GZ: ref(), HK: ref(), MO: ref() },
            'national code of every participating authority (GZ 10 digits, HK 8, MO 8)',
          ),
          description: text(LIMITS.description),
          quantity: { type: 'number', exclusiveMinimum: true, minimum: 0, maximum: 1e9 },
          unit: text(32, 'UN/ECE Rec 20'),
          unitValue: money,
          currency,
          originCountry: country,
          grossMassKg: { type: 'number', exclusiveMinimum: true, minimum: 0, maximum: 1e7 },
          netMassKg: { type: 'number', exclusiveMinimum: true, minimum: 0, maximum: 1e7 },
          alcoholPercent: { type: 'number', minimum: 0, maximum: 100, description: 'liquor (HS 2203–2208)' },
          volumeLitres: {
            type: 'number',
            exclusiveMinimum: true,
            minimum: 0,
            maximum: 1e7,
            description: 'liquor',
          },
        },
      ),
    },
    transport: closed(['mode', 'conveyanceRef', 'transportDocument'], {
      mode: { type: 'string', enum: ['road', 'air', 'sea', 'rail'] },
      conveyanceRef: ref(),
      transportDocument: ref(),
      containerNumbers: { type: 'array', maxItems: LIMITS.containers, items: text(32, 'ISO 6346') },
      eLock: closed(['lockId', 'sealNumber'], { lockId: ref(), sealNumber: ref() }),
    }),
    ecommerce: closed(
      ['order', 'payment', 'waybill'],
      {
        order: closed(['orderNo', 'amountPaid', 'currency', 'buyerName', 'buyerIdNumber'], {
          orderNo: ref(),
          amountPaid: inCurrency,
          freight: inCurrency,
          taxWithheld: inCurrency,
          discount: inCurrency,
          insurance: inCurrency,
          currency,
          buyerName: text(LIMITS.name),
          buyerIdNumber: text(LIMITS.idNumber, 'GB 11643 resident ID'),
          buyerAuthenticated: { type: 'boolean' },
        }),
        payment: closed(['paymentNo', 'orderNo', 'amount', 'currency', 'payerName', 'payerIdNumber'], {
          paymentNo: ref(),
          orderNo: ref(),
          amount: inCurrency,
          currency,
          payerName: text(LIMITS.name),
          payerIdNumber: text(LIMITS.idNumber, 'GB 11643 resident ID'),
        }),
        waybill: closed(['waybillNo', 'orderNo'], { waybillNo: ref(), orderNo: ref() }),
      },
      'the three documents; required for retail e-commerce trade modes, absent otherwise',
    ),
    permits: {
      type: 'array',
      maxItems: LIMITS.permits,
      items: closed(['type', 'number'], { type: text(32), number: ref() }),
    },
  },
  'The common data standard (api.md, domain.md)',
);

/** The examples of the Declaration body, from examples/. */
export const DECLARATION_EXAMPLES = {
  'hk-cn': { summary: 'A 9610 retail export from HK to the mainland', value: DECLARATION_HK_CN },
};
