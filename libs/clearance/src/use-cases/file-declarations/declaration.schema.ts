import type { ApiBodyOptions } from '@nestjs/swagger';

/** An OpenAPI schema object, as @nestjs/swagger takes it (its own type is not exported). */
type SchemaObject = Exclude<Extract<ApiBodyOptions, { schema: unknown }>['schema'], { $ref: string }>;

// The declaration body of api.md as an OpenAPI schema, for the served documentation. The rules
// themselves (identifiers, code lists, limits) are enforced by validateDeclaration of the
// standard, which answers 422 with every failing field.

const text = (description?: string): SchemaObject => ({
  type: 'string',
  ...(description ? { description } : {}),
});
const money: SchemaObject = {
  type: 'string',
  pattern: '^\\d+(\\.\\d{1,4})?$',
  description: 'decimal string',
};
/** An amount paid or declared in a currency: at most 2 decimals, and whole minor units of the currency. */
const inCurrency: SchemaObject = {
  type: 'string',
  pattern: '^\\d+(\\.\\d{1,2})?$',
  description: "decimal string, a whole number of the currency's ISO 4217 minor unit (JPY 6001, not 6001.50)",
};
const country: SchemaObject = { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' };

const party: SchemaObject = {
  type: 'object',
  description:
    'a party of CN, HK or MO carries uscc, businessRegistrationNumber, registrationNumber or idType + idNumber; one from elsewhere is identified by name, country and address',
  required: ['name', 'country'],
  properties: {
    name: text(),
    country,
    uscc: text('mainland organisation (GB 32100: authority and type, division, GB 11714 code, check)'),
    businessRegistrationNumber: text('HK, 8 digits'),
    registrationNumber: text('Macau'),
    idType: { type: 'string', enum: ['RESIDENT_ID', 'HKID', 'MO_ID', 'PASSPORT'] },
    idNumber: text(
      'a person; GB 11643 for RESIDENT_ID (province, birth date, check); HKID with its check digit; MO_ID 8 digits',
    ),
    address: text('required for a party outside CN, HK and MO'),
    foreignId: {
      type: 'object',
      description:
        'only for a party outside CN, HK and MO, who need no other identifier: EORI (ISO 3166 alpha-2 + up to 15 letters or digits), LEI (ISO 17442), JP_CORPORATE_NUMBER (13 digits with check digit), GB_COMPANY_NUMBER (8 digits, or 2 letters + 6 digits), US_EIN (NN-NNNNNNN); the national ones for parties of their country',
      required: ['scheme', 'value'],
      properties: {
        scheme: {
          type: 'string',
          enum: ['EORI', 'LEI', 'JP_CORPORATE_NUMBER', 'GB_COMPANY_NUMBER', 'US_EIN'],
        },
        value: text(),
      },
    },
    aeo: { type: 'object', properties: { code: text('AEOCN + 10 digits, or a 15-digit HK code') } },
  },
};

export const DECLARATION_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'The common data standard (api.md, domain.md)',
  required: ['platformRef', 'tradeMode', 'route', 'consignor', 'consignee', 'items', 'transport'],
  properties: {
    platformRef: text("the platform's own reference"),
    tradeMode: { type: 'string', enum: ['0110', '9610', '1210', '1239', '9710', '9810'] },
    route: {
      type: 'object',
      required: ['origin', 'destination'],
      properties: { origin: country, destination: country, transit: { type: 'array', items: country } },
    },
    consignor: party,
    consignee: party,
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: [
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
        properties: {
          line: { type: 'integer', minimum: 1 },
          hsCode: { type: 'string', pattern: '^\\d{6}$', description: 'common HS-6' },
          tariffCodes: {
            type: 'object',
            description: 'national code of every participating authority (GZ 10 digits, HK 8, MO 8)',
            properties: { GZ: text(), HK: text(), MO: text() },
          },
          description: text(),
          quantity: { type: 'number' },
          unit: text('UN/ECE Rec 20'),
          unitValue: money,
          currency: text('ISO 4217'),
          originCountry: country,
          grossMassKg: { type: 'number' },
          netMassKg: { type: 'number' },
          alcoholPercent: { type: 'number', description: 'liquor (HS 2203–2208)' },
          volumeLitres: { type: 'number', description: 'liquor' },
        },
      },
    },
    transport: {
      type: 'object',
      required: ['mode', 'conveyanceRef', 'transportDocument'],
      properties: {
        mode: { type: 'string', enum: ['road', 'air', 'sea', 'rail'] },
        conveyanceRef: text(),
        transportDocument: text(),
        containerNumbers: { type: 'array', items: text('ISO 6346') },
        eLock: { type: 'object', properties: { lockId: text(), sealNumber: text() } },
      },
    },
    ecommerce: {
      type: 'object',
      description: 'the three documents; required for retail e-commerce trade modes, absent otherwise',
      properties: {
        order: {
          type: 'object',
          properties: {
            orderNo: text(),
            amountPaid: inCurrency,
            freight: inCurrency,
            taxWithheld: inCurrency,
            discount: inCurrency,
            insurance: inCurrency,
            currency: text(),
            buyerName: text(),
            buyerIdNumber: text('GB 11643 resident ID'),
            buyerAuthenticated: { type: 'boolean' },
          },
        },
        payment: {
          type: 'object',
          properties: {
            paymentNo: text(),
            orderNo: text(),
            amount: inCurrency,
            currency: text(),
            payerName: text(),
            payerIdNumber: text('GB 11643 resident ID'),
          },
        },
        waybill: { type: 'object', properties: { waybillNo: text(), orderNo: text() } },
      },
    },
    permits: { type: 'array', items: { type: 'object', properties: { type: text(), number: text() } } },
  },
};
