import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { STANDARD_2024_2 } from '../config/standards';
import { explain } from '../rules';
import { apiExample, exampleDeclaration } from '../testing/fixtures';
import { participants, partyIdentifiers } from './participants';
import { LIMITS, validateDeclaration } from './validate';

/** The instant of every check here: birth dates are checked against its day (UTC+8). */
const AS_OF = '2026-03-01T08:00:00Z';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The api.md example with a change applied to a deep copy. */
function variant(change: (d: Json) => void): Json {
  const d = apiExample() as Json;
  change(d);
  return d;
}

function errorsOf(input: unknown) {
  const result = validateDeclaration(input, AS_OF);
  return result.ok ? [] : result.errors.map((e) => [e.pointer, e.code]);
}

const generalTrade = (d: Json) => {
  d.tradeMode = '0110';
  delete d.ecommerce;
};

describe('validateDeclaration: the common data standard', () => {
  it('accepts the api.md example and returns it typed, with defaults', () => {
    const result = validateDeclaration(apiExample(), AS_OF);
    expect(result).toEqual({
      ok: true,
      declaration: {
        ...exampleDeclaration(),
        items: [{ ...exampleDeclaration().items[0], tariffCodes: { GZ: '3304990099', HK: '33049900' } }],
      },
    });
  });

  it('accepts optional members: transit, AEO codes, permits, liquor strength and volume, MO codes', () => {
    const input = variant((d) => {
      generalTrade(d);
      d.route = { origin: 'CN', destination: 'MO', transit: ['HK'] };
      d.consignor = {
        name: '广州贸易有限公司',
        country: 'CN',
        uscc: '91350100M000100Y43',
        aeo: { code: 'AEOCN1234567890' },
      };
      d.consignee = { name: 'Loja Macau', country: 'MO', registrationNumber: 'SO-12345' };
      d.items[0] = {
        line: 7,
        hsCode: '220830',
        tariffCodes: { GZ: '2208300000', HK: '22083000', MO: '22083000' },
        description: 'Whisky, 70 cl',
        quantity: 6,
        unit: 'PCE',
        unitValue: '388.5',
        currency: 'HKD',
        originCountry: 'GB',
        grossMassKg: 8.4,
        netMassKg: 4.2,
        alcoholPercent: 40,
        volumeLitres: 4.2,
      };
      d.permits = [{ type: 'CITES', number: 'CITES-2026-1' }];
      d.transport = { mode: 'air', conveyanceRef: 'CX123', transportDocument: '160-12345675' };
    });
    const result = validateDeclaration(input, AS_OF);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.declaration.transport.containerNumbers).toEqual([]);
    expect(participants(result.declaration)).toEqual([
      { authority: 'GZ', role: 'export' },
      { authority: 'HK', role: 'transit' },
      { authority: 'MO', role: 'import' },
    ]);
  });

  it.each<[string, (d: Json) => void, [string, string][]]>([
    ['not an object', () => undefined, []], // replaced below
    ['missing platformRef', (d) => delete d.platformRef, [['/platformRef', 'REQUIRED']]],
    ['blank platformRef', (d) => (d.platformRef = '  '), [['/platformRef', 'REQUIRED']]],
    ['platformRef too long', (d) => (d.platformRef = 'x'.repeat(65)), [['/platformRef', 'TOO_LONG']]],
    [
      'control characters',
      (d) => (d.consignor.name = 'Harbour\nTrading'),
      [['/consignor/name', 'TEXT_INVALID']],
    ],
    ['unknown trade mode', (d) => (d.tradeMode = '9999'), [['/tradeMode', 'TRADE_MODE_UNKNOWN']]],
    [
      '1210 not ending in CN',
      (d) => {
        d.tradeMode = '1210';
        d.route.destination = 'MO';
        d.items[0].tariffCodes.MO = '33049900';
      },
      [['/tradeMode', 'TRADE_MODE_ROUTE_MISMATCH']],
    ],
    [
      '9710 not starting in CN',
      (d) => {
        generalTrade(d);
        d.tradeMode = '9710';
      },
      [['/tradeMode', 'TRADE_MODE_ROUTE_MISMATCH']],
    ],
    ['unknown country', (d) => (d.route.origin = 'XX'), [['/route/origin', 'COUNTRY_UNKNOWN']]],
    [
      'unknown transit country',
      (d) => (d.route.transit = ['MO', 'ZZ']),
      [['/route/transit/1', 'COUNTRY_UNKNOWN']],
    ],
    ['origin = destination', (d) => (d.route.origin = 'CN'), [['/route', 'ROUTE_INVALID']]],
    [
      'route outside the three places',
      (d) => {
        d.route = { origin: 'JP', destination: 'US', transit: [] };
      },
      [['/route', 'ROUTE_INVALID']],
    ],
    ['transit not an array', (d) => (d.route.transit = 'MO'), [['/route/transit', 'TYPE_INVALID']]],
    [
      'too many transits',
      (d) => (d.route.transit = ['JP', 'KR', 'SG', 'TH', 'VN', 'MY']),
      [['/route/transit', 'TOO_MANY']],
    ],
    [
      'party without identifier',
      (d) => delete d.consignor.businessRegistrationNumber,
      [['/consignor', 'PARTY_ID_REQUIRED']],
    ],
    [
      'bad BRN',
      (d) => (d.consignor.businessRegistrationNumber = '1234-5678'),
      [['/consignor/businessRegistrationNumber', 'BUSINESS_REGISTRATION_NUMBER_INVALID']],
    ],
    [
      'bad USCC format',
      (d) => (d.consignor.uscc = '91350100M000100YIO'),
      [['/consignor/uscc', 'USCC_INVALID']],
    ],
    ['USCC checksum mismatch is not a data error', (d) => (d.consignor.uscc = '91350100M000100Y44'), []],
    [
      'USCC organisation-code check mismatch is not a data error either',
      (d) => (d.consignor.uscc = '91350100M000100Y53'),
      [],
    ],
    [
      'USCC of an unknown registration authority',
      (d) => (d.consignor.uscc = 'B1350100M000100Y43'),
      [['/consignor/uscc', 'USCC_INVALID']],
    ],
    [
      'USCC of an organisation type its authority does not register',
      (d) => (d.consignor.uscc = '94350100M000100Y43'),
      [['/consignor/uscc', 'USCC_INVALID']],
    ],
    [
      'USCC registered in province 00',
      (d) => (d.consignor.uscc = '91000000M000100Y43'),
      [['/consignor/uscc', 'USCC_INVALID']],
    ],
    [
      'bad Macau registration',
      (d) => (d.consignor.registrationNumber = 'so 1'),
      [['/consignor/registrationNumber', 'REGISTRATION_NUMBER_INVALID']],
    ],
    ['idType without idNumber', (d) => delete d.consignee.idNumber, [['/consignee/idNumber', 'REQUIRED']]],
    ['idNumber without idType', (d) => delete d.consignee.idType, [['/consignee/idType', 'REQUIRED']]],
    [
      'unknown idType',
      (d) => (d.consignee.idType = 'DRIVING_LICENCE'),
      [['/consignee/idType', 'ID_TYPE_UNKNOWN']],
    ],
    [
      'invalid resident ID in retail',
      (d) => (d.consignee.idNumber = '110105194912310021'),
      [['/consignee/idNumber', 'RESIDENT_ID_INVALID']],
    ],
    [
      'resident ID not checked outside retail',
      (d) => {
        generalTrade(d);
        d.consignee.idNumber = '110105194912310021';
      },
      [],
    ],
    [
      'resident ID born after the day of the check (issue 11)',
      (d) => (d.consignee.idNumber = '440106203103151238'),
      [['/consignee/idNumber', 'RESIDENT_ID_INVALID']],
    ],
    [
      'resident ID of province 00',
      (d) => (d.consignee.idNumber = '000105194912310024'),
      [['/consignee/idNumber', 'RESIDENT_ID_INVALID']],
    ],
    [
      'residence permit of a Hong Kong resident (810000)',
      (d) => {
        d.consignee.idNumber = '810000198506120024';
        d.ecommerce.order.buyerIdNumber = '810000198506120024';
        d.ecommerce.payment.payerIdNumber = '810000198506120024';
      },
      [],
    ],
    [
      'HKID with the right check digit',
      (d) => {
        generalTrade(d);
        d.consignee.idType = 'HKID';
        d.consignee.idNumber = 'A123456(3)';
      },
      [],
    ],
    [
      'HKID with a wrong check digit',
      (d) => {
        generalTrade(d);
        d.consignee.idType = 'HKID';
        d.consignee.idNumber = 'A123456(4)';
      },
      [['/consignee/idNumber', 'ID_NUMBER_INVALID']],
    ],
    [
      'Macau resident ID',
      (d) => {
        generalTrade(d);
        d.consignee.idType = 'MO_ID';
        d.consignee.idNumber = '1234567(8)';
      },
      [],
    ],
    [
      'Macau resident ID without parentheses',
      (d) => {
        generalTrade(d);
        d.consignee.idType = 'MO_ID';
        d.consignee.idNumber = '51234567';
      },
      [],
    ],
    [
      'Macau resident ID not starting with 1, 5 or 7',
      (d) => {
        generalTrade(d);
        d.consignee.idType = 'MO_ID';
        d.consignee.idNumber = '3234567(8)';
      },
      [['/consignee/idNumber', 'ID_NUMBER_INVALID']],
    ],
    [
      'malformed HKID',
      (d) => {
        d.consignee.idType = 'HKID';
        d.consignee.idNumber = 'a123456(7)';
      },
      [['/consignee/idNumber', 'ID_NUMBER_INVALID']],
    ],
    [
      'bad AEO code',
      (d) => (d.consignor.aeo = { code: 'AEO-HK-1' }),
      [['/consignor/aeo/code', 'AEO_CODE_INVALID']],
    ],
    ['no items', (d) => (d.items = []), [['/items', 'REQUIRED']]],
    [
      'too many items',
      (d) => (d.items = Array.from({ length: LIMITS.items + 1 }, () => d.items[0])),
      [['/items', 'TOO_MANY']],
    ],
    ['item not an object', (d) => (d.items = [42]), [['/items/0', 'TYPE_INVALID']]],
    ['line 0', (d) => (d.items[0].line = 0), [['/items/0/line', 'LINE_INVALID']]],
    ['line 1.5', (d) => (d.items[0].line = 1.5), [['/items/0/line', 'LINE_INVALID']]],
    [
      'duplicate line',
      (d) => (d.items = [d.items[0], { ...d.items[0] }]),
      [['/items/1/line', 'LINE_DUPLICATE']],
    ],
    ['HS-6 with 5 digits', (d) => (d.items[0].hsCode = '33049'), [['/items/0/hsCode', 'HS_CODE_INVALID']]],
    [
      'GZ code of 8 digits',
      (d) => (d.items[0].tariffCodes.GZ = '33049900'),
      [['/items/0/tariffCodes/GZ', 'TARIFF_CODE_INVALID']],
    ],
    [
      'national code off the HS-6',
      (d) => (d.items[0].tariffCodes.HK = '33051000'),
      [['/items/0/tariffCodes/HK', 'TARIFF_CODE_MISMATCH']],
    ],
    [
      'participant code missing',
      (d) => delete d.items[0].tariffCodes.HK,
      [['/items/0/tariffCodes/HK', 'TARIFF_CODE_MISSING']],
    ],
    [
      'unknown authority code',
      (d) => (d.items[0].tariffCodes.SZ = '33049900'),
      [['/items/0/tariffCodes/SZ', 'FIELD_UNKNOWN']],
    ],
    ['quantity 0', (d) => (d.items[0].quantity = 0), [['/items/0/quantity', 'QUANTITY_INVALID']]],
    [
      'quantity with 7 decimals',
      (d) => (d.items[0].quantity = 1.0000001),
      [['/items/0/quantity', 'QUANTITY_INVALID']],
    ],
    ['quantity as a string', (d) => (d.items[0].quantity = '2'), [['/items/0/quantity', 'TYPE_INVALID']]],
    ['unknown unit', (d) => (d.items[0].unit = 'JAR'), [['/items/0/unit', 'UNIT_UNKNOWN']]],
    ['money as a number', (d) => (d.items[0].unitValue = 150), [['/items/0/unitValue', 'MONEY_INVALID']]],
    [
      'money with 5 decimals',
      (d) => (d.items[0].unitValue = '1.00001'),
      [['/items/0/unitValue', 'MONEY_INVALID']],
    ],
    ['negative money', (d) => (d.items[0].unitValue = '-1.00'), [['/items/0/unitValue', 'MONEY_INVALID']]],
    [
      'currency not quoted',
      (d) => (d.items[0].currency = 'XAU'),
      [['/items/0/currency', 'CURRENCY_UNKNOWN']],
    ],
    [
      'unknown origin',
      (d) => (d.items[0].originCountry = 'EU'),
      [['/items/0/originCountry', 'COUNTRY_UNKNOWN']],
    ],
    [
      'net above gross',
      (d) => (d.items[0].netMassKg = 0.7),
      [['/items/0/netMassKg', 'NET_MASS_EXCEEDS_GROSS']],
    ],
    ['negative mass', (d) => (d.items[0].grossMassKg = -1), [['/items/0/grossMassKg', 'MASS_INVALID']]],
    [
      'liquor without strength or volume',
      (d) => {
        generalTrade(d);
        Object.assign(d.items[0], { hsCode: '220830', tariffCodes: { GZ: '2208300000', HK: '22083000' } });
      },
      [
        ['/items/0/alcoholPercent', 'ALCOHOL_PERCENT_REQUIRED'],
        ['/items/0/volumeLitres', 'VOLUME_REQUIRED'],
      ],
    ],
    [
      'liquor in litres needs no volume',
      (d) => {
        generalTrade(d);
        Object.assign(d.items[0], {
          hsCode: '220830',
          tariffCodes: { GZ: '2208300000', HK: '22083000' },
          unit: 'LTR',
          alcoholPercent: 40,
        });
      },
      [],
    ],
    [
      'strength above 100',
      (d) => (d.items[0].alcoholPercent = 101),
      [['/items/0/alcoholPercent', 'ALCOHOL_PERCENT_INVALID']],
    ],
    [
      'volume with 4 decimals',
      (d) => (d.items[0].volumeLitres = 0.7001),
      [['/items/0/volumeLitres', 'VOLUME_INVALID']],
    ],
    [
      'cigarettes by weight',
      (d) => {
        generalTrade(d);
        Object.assign(d.items[0], {
          hsCode: '240220',
          tariffCodes: { GZ: '2402200000', HK: '24022000' },
          unit: 'KGM',
        });
      },
      [['/items/0/unit', 'UNIT_NOT_ALLOWED']],
    ],
    [
      'unknown transport mode',
      (d) => (d.transport.mode = 'pipeline'),
      [['/transport/mode', 'TRANSPORT_MODE_UNKNOWN']],
    ],
    [
      'bad container number',
      (d) => (d.transport.containerNumbers = ['CSQU3054384']),
      [['/transport/containerNumbers/0', 'CONTAINER_NUMBER_INVALID']],
    ],
    [
      'container twice',
      (d) => (d.transport.containerNumbers = ['CSQU3054383', 'CSQU3054383']),
      [['/transport/containerNumbers/1', 'CONTAINER_NUMBER_DUPLICATE']],
    ],
    [
      'e-lock without seal',
      (d) => delete d.transport.eLock.sealNumber,
      [['/transport/eLock/sealNumber', 'REQUIRED']],
    ],
    ['retail without ecommerce', (d) => delete d.ecommerce, [['/ecommerce', 'ECOMMERCE_REQUIRED']]],
    ['ecommerce outside retail', (d) => (d.tradeMode = '0110'), [['/ecommerce', 'ECOMMERCE_NOT_ALLOWED']]],
    ['order missing', (d) => delete d.ecommerce.order, [['/ecommerce/order', 'REQUIRED']]],
    [
      'buyer ID invalid',
      (d) => (d.ecommerce.order.buyerIdNumber = '11010519491231002Y'),
      [['/ecommerce/order/buyerIdNumber', 'RESIDENT_ID_INVALID']],
    ],
    [
      'payer ID invalid',
      (d) => (d.ecommerce.payment.payerIdNumber = '110105194912310020'),
      [['/ecommerce/payment/payerIdNumber', 'RESIDENT_ID_INVALID']],
    ],
    [
      'JPY order of 6001.50 (issue 11): JPY has no minor unit',
      (d) => {
        d.items[0].currency = 'JPY';
        d.items[0].unitValue = '3000.75';
        Object.assign(d.ecommerce.order, { currency: 'JPY', amountPaid: '6001.50', freight: '0.5' });
        Object.assign(d.ecommerce.payment, { currency: 'JPY', amount: '6001.50' });
      },
      [
        ['/ecommerce/order/amountPaid', 'MONEY_INVALID'],
        ['/ecommerce/order/freight', 'MONEY_INVALID'],
        ['/ecommerce/payment/amount', 'MONEY_INVALID'],
      ],
    ],
    [
      'JPY order of 6001, zeros after the point allowed; JPY unit values keep 4 decimals',
      (d) => {
        d.items[0].currency = 'JPY';
        d.items[0].unitValue = '3000.5025';
        Object.assign(d.ecommerce.order, { currency: 'JPY', amountPaid: '6001', freight: '0.00' });
        Object.assign(d.ecommerce.payment, { currency: 'JPY', amount: '6001.00' });
      },
      [],
    ],
    [
      'KRW discount with decimals, insurance whole',
      (d) => Object.assign(d.ecommerce.order, { currency: 'KRW', discount: '10.10', insurance: '5' }),
      [['/ecommerce/order/discount', 'MONEY_INVALID']],
    ],
    [
      'amount with 3 decimals',
      (d) => (d.ecommerce.payment.amount = '300.001'),
      [['/ecommerce/payment/amount', 'MONEY_INVALID']],
    ],
    [
      'buyerAuthenticated not boolean',
      (d) => (d.ecommerce.order.buyerAuthenticated = 'yes'),
      [['/ecommerce/order/buyerAuthenticated', 'TYPE_INVALID']],
    ],
    [
      'waybill orderNo missing',
      (d) => delete d.ecommerce.waybill.orderNo,
      [['/ecommerce/waybill/orderNo', 'REQUIRED']],
    ],
    [
      'unknown permit type',
      (d) => (d.permits = [{ type: 'IMPORT_LICENCE', number: 'L1' }]),
      [['/permits/0/type', 'PERMIT_TYPE_UNKNOWN']],
    ],
    [
      'a permit twice',
      (d) =>
        (d.permits = [
          { type: 'CITES', number: 'C1' },
          { type: 'CITES', number: 'C2' },
          { type: 'CITES', number: 'C1' },
        ]),
      [['/permits/2', 'PERMIT_DUPLICATE']],
    ],
    ['permit not an object', (d) => (d.permits = ['CITES']), [['/permits/0', 'TYPE_INVALID']]],
    ['permits not an array', (d) => (d.permits = { type: 'CITES' }), [['/permits', 'TYPE_INVALID']]],
    [
      'misspelt field',
      (d) => {
        d.items[0].hscode = d.items[0].hsCode;
      },
      [['/items/0/hscode', 'FIELD_UNKNOWN']],
    ],
    ['unknown field with a pointer to escape', (d) => (d['a/b~c'] = 1), [['/a~1b~0c', 'FIELD_UNKNOWN']]],
    ['route not an object', (d) => (d.route = 'HK-CN'), [['/route', 'TYPE_INVALID']]],
  ])('%s', (_name, change, expected) => {
    if (_name === 'not an object') {
      expect(errorsOf([])).toEqual([['', 'TYPE_INVALID']]);
      return;
    }
    expect(errorsOf(variant(change))).toEqual(expected);
  });

  it('reports every error at once', () => {
    const errors = errorsOf(
      variant((d) => {
        d.tradeMode = '9999';
        d.items[0].hsCode = 'abc';
        d.items[0].unit = 'JAR';
        d.transport.containerNumbers = ['XXX'];
        d.consignee.idType = 'NONE';
      }),
    );
    expect(errors.map(([, code]) => code).sort()).toEqual(
      [
        'CONTAINER_NUMBER_INVALID',
        'HS_CODE_INVALID',
        'ID_TYPE_UNKNOWN',
        'TRADE_MODE_UNKNOWN',
        'UNIT_UNKNOWN',
      ].sort(),
    );
  });

  it('property: a field unknown to the standard is reported wherever it is added', () => {
    const objects = (d: Json): Json[] => [
      d,
      d.route,
      d.consignor,
      d.consignee,
      d.items[0],
      d.items[0].tariffCodes,
      d.transport,
      d.transport.eLock,
      d.ecommerce,
      d.ecommerce.order,
      d.ecommerce.payment,
      d.ecommerce.waybill,
    ];
    fc.assert(
      fc.property(fc.nat({ max: 11 }), fc.stringMatching(/^[a-z]{1,8}X$/), (k, key) => {
        const d = apiExample() as Json;
        objects(d)[k][key] = 1;
        const errors = errorsOf(d);
        expect(errors).toHaveLength(1);
        expect(errors[0][1]).toBe('FIELD_UNKNOWN');
        expect(errors[0][0].endsWith(`/${key}`)).toBe(true);
      }),
    );
  });

  it('property: never throws on any JSON value, and every error is pointed and explained', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = validateDeclaration(value, AS_OF);
        expect(result.ok).toBe(false);
        if (!result.ok) for (const e of result.errors) expect(explain(e.code)).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  it('property: never throws when any field of a valid declaration is replaced by any JSON value', () => {
    const paths = (o: unknown, prefix: string[] = []): string[][] =>
      o !== null && typeof o === 'object'
        ? Object.entries(o as Json).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])])
        : [];
    const all = paths(apiExample());
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.jsonValue(), (path, value) => {
        const d = apiExample() as Json;
        let target = d;
        for (const key of path.slice(0, -1)) target = target[key];
        target[path[path.length - 1]] = value;
        const result = validateDeclaration(d, AS_OF);
        if (!result.ok) {
          for (const e of result.errors) {
            expect(e.pointer.startsWith('/') || e.pointer === '').toBe(true);
            expect(explain(e.code)).toBeDefined();
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts the example of the repository (examples/declaration-hk-cn.json)', () => {
    const example: unknown = JSON.parse(
      readFileSync(join(__dirname, '../../../../examples/declaration-hk-cn.json'), 'utf8'),
    );
    expect(errorsOf(example)).toEqual([]);
  });

  it('validates against the code lists of the standard it is given', () => {
    const narrow = {
      ...STANDARD_2024_2,
      codeLists: { ...STANDARD_2024_2.codeLists, countries: ['CN', 'HK', 'MO'] },
    };
    expect(validateDeclaration(apiExample(), AS_OF, narrow)).toMatchObject({
      ok: false,
      errors: [{ pointer: '/items/0/originCountry', code: 'COUNTRY_UNKNOWN' }],
    });
  });
});

describe('validateDeclaration: parties from outside CN, HK and MO', () => {
  /** A JP→HK general-trade import whose consignor is a Japanese maker, with a change applied. */
  const fromJapan = (change: (d: Json) => void = () => undefined): Json =>
    variant((d) => {
      generalTrade(d);
      d.route = { origin: 'JP', destination: 'HK', transit: [] };
      d.items[0].tariffCodes = { HK: '33049900' };
      d.consignor = {
        name: 'Osaka Cosmetics KK',
        country: 'JP',
        address: '1-1 Umeda, Kita-ku, Osaka',
        foreignId: { scheme: 'JP_CORPORATE_NUMBER', value: '7000012050002' },
      };
      d.consignee = { name: 'Harbour Trading Ltd', country: 'HK', businessRegistrationNumber: '12345678' };
      change(d);
    });

  it('accepts a Japanese consignor with its corporate number and keeps it typed', () => {
    const result = validateDeclaration(fromJapan(), AS_OF);
    expect(result.ok && result.declaration.consignor).toEqual({
      name: 'Osaka Cosmetics KK',
      country: 'JP',
      address: '1-1 Umeda, Kita-ku, Osaka',
      foreignId: { scheme: 'JP_CORPORATE_NUMBER', value: '7000012050002' },
    });
    expect(result.ok && partyIdentifiers(result.declaration.consignor)).toEqual(['7000012050002']);
  });

  it.each<[string, (d: Json) => void, string[][]]>([
    ['without any identifier: name, country and address suffice', (d) => delete d.consignor.foreignId, []],
    ['an EORI number', (d) => (d.consignor.foreignId = { scheme: 'EORI', value: 'DE123456789012345' }), []],
    ['a UK EORI number', (d) => (d.consignor.foreignId = { scheme: 'EORI', value: 'GB123456789000' }), []],
    ['an LEI', (d) => (d.consignor.foreignId = { scheme: 'LEI', value: '506700GE1G29325QX363' }), []],
    [
      'a UK company number of a UK party',
      (d) => {
        d.consignor.country = 'GB';
        d.consignor.foreignId = { scheme: 'GB_COMPANY_NUMBER', value: 'SC123456' };
      },
      [],
    ],
    [
      'a US EIN of a US party',
      (d) => {
        d.consignor.country = 'US';
        d.consignor.foreignId = { scheme: 'US_EIN', value: '12-3456789' };
      },
      [],
    ],
    [
      'a passport as well',
      (d) => Object.assign(d.consignor, { idType: 'PASSPORT', idNumber: 'TR1234567' }),
      [],
    ],
    ['no address', (d) => delete d.consignor.address, [['/consignor/address', 'REQUIRED']]],
    ['a blank address', (d) => (d.consignor.address = '  '), [['/consignor/address', 'REQUIRED']]],
    [
      'a corporate number with a wrong check digit',
      (d) => (d.consignor.foreignId.value = '8000012050002'),
      [['/consignor/foreignId/value', 'FOREIGN_ID_INVALID']],
    ],
    [
      'a corporate number of 12 digits',
      (d) => (d.consignor.foreignId.value = '700001205000'),
      [['/consignor/foreignId/value', 'FOREIGN_ID_INVALID']],
    ],
    [
      'an LEI with wrong check digits',
      (d) => (d.consignor.foreignId = { scheme: 'LEI', value: '506700GE1G29325QX364' }),
      [['/consignor/foreignId/value', 'FOREIGN_ID_INVALID']],
    ],
    [
      'an EORI number of no country',
      (d) => (d.consignor.foreignId = { scheme: 'EORI', value: 'XX123456' }),
      [['/consignor/foreignId/value', 'FOREIGN_ID_INVALID']],
    ],
    [
      'an EORI number longer than 17 characters',
      (d) => (d.consignor.foreignId = { scheme: 'EORI', value: 'DE1234567890123456' }),
      [['/consignor/foreignId/value', 'FOREIGN_ID_INVALID']],
    ],
    [
      'a UK company number of 7 digits',
      (d) => (d.consignor.foreignId = { scheme: 'GB_COMPANY_NUMBER', value: '1234567' }),
      [['/consignor/foreignId/value', 'FOREIGN_ID_INVALID']],
    ],
    [
      'a US EIN of 8 digits',
      (d) => (d.consignor.foreignId = { scheme: 'US_EIN', value: '12-345678' }),
      [['/consignor/foreignId/value', 'FOREIGN_ID_INVALID']],
    ],
    [
      "another country's national identifier",
      (d) => (d.consignor.foreignId = { scheme: 'GB_COMPANY_NUMBER', value: '12345678' }),
      [['/consignor/foreignId/scheme', 'FOREIGN_ID_COUNTRY_MISMATCH']],
    ],
    [
      'an unknown scheme',
      (d) => (d.consignor.foreignId = { scheme: 'DUNS', value: '123456789' }),
      [['/consignor/foreignId/scheme', 'FOREIGN_ID_SCHEME_UNKNOWN']],
    ],
    [
      'a foreignId missing its value and with an unknown member',
      (d) => (d.consignor.foreignId = { scheme: 'EORI', country: 'DE' }),
      [
        ['/consignor/foreignId/value', 'REQUIRED'],
        ['/consignor/foreignId/country', 'FIELD_UNKNOWN'],
      ],
    ],
    [
      'a foreignId that is not an object',
      (d) => (d.consignor.foreignId = 'EORI DE1'),
      [['/consignor/foreignId', 'TYPE_INVALID']],
    ],
    [
      'a CN party lacking any identifier',
      (d) => (d.consignee = { name: 'Guangzhou Fresh Foods Co', country: 'CN', address: '广州市' }),
      [['/consignee', 'PARTY_ID_REQUIRED']],
    ],
    [
      'an HK party lacking any identifier',
      (d) => delete d.consignee.businessRegistrationNumber,
      [['/consignee', 'PARTY_ID_REQUIRED']],
    ],
    [
      'an MO party identified by a foreign identifier only',
      (d) =>
        (d.consignee = {
          name: 'Praia Trading',
          country: 'MO',
          address: 'Rua da Praia 1',
          foreignId: { scheme: 'LEI', value: '506700GE1G29325QX363' },
        }),
      [
        ['/consignee', 'PARTY_ID_REQUIRED'],
        ['/consignee/foreignId', 'FOREIGN_ID_NOT_ALLOWED'],
      ],
    ],
  ])('a Japanese consignor with %s', (_name, change, expected) => {
    expect(errorsOf(fromJapan(change)).sort()).toEqual(expected.sort());
  });
});
