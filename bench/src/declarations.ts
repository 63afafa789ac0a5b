// Test data of the clearance benchmark: valid declarations of the common data standard (api.md),
// the same shape as the end-to-end tests' `retailDeclaration()`, copied here so that the benchmark
// does not depend on the e2e project. Every retail import gets its own buyer, so that no buyer's
// annual CBEC quota is what decides the outcome.

export type AuthorityCode = 'GZ' | 'HK' | 'MO';
type Territory = 'CN' | 'HK' | 'MO';

export interface Route {
  origin: Territory;
  destination: Territory;
}

/** One kind of traffic: a route and the authority it is filed with. */
export interface Kind {
  name: string;
  filedWith: AuthorityCode;
  route: Route;
}

/**
 * The mix, one entry per batch in turn: HK→CN filed at HK and at GZ, CN→MO filed at GZ, HK→MO filed
 * at MO. Every kind is green-lane face cream (HS 330499), released by every participant at once.
 */
export const KINDS: readonly Kind[] = [
  { name: 'HK→CN @HK', filedWith: 'HK', route: { origin: 'HK', destination: 'CN' } },
  { name: 'HK→CN @GZ', filedWith: 'GZ', route: { origin: 'HK', destination: 'CN' } },
  { name: 'CN→MO @GZ', filedWith: 'GZ', route: { origin: 'CN', destination: 'MO' } },
  { name: 'HK→MO @MO', filedWith: 'MO', route: { origin: 'HK', destination: 'MO' } },
];

const AUTHORITY_OF: Record<Territory, AuthorityCode> = { CN: 'GZ', HK: 'HK', MO: 'MO' };

/** The authorities that decide a declaration along `route` (libs/standards participantsOfRoute). */
export function participantsOfRoute(route: Route): AuthorityCode[] {
  return [AUTHORITY_OF[route.origin], AUTHORITY_OF[route.destination]];
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** A distinct, valid GB 11643 resident ID for every n below ten million. */
export function residentId(n: number): string {
  const born = new Date(Date.UTC(1960, 0, 1) + (n % 10000) * 86_400_000);
  const date = born.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `110105${date}${String(Math.floor(n / 10000) % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return first17 + CHECK[sum % 11];
}

/** A valid declaration of face cream along `route`; `n` makes its reference and buyer unique. */
export function declaration(route: Route, n: number, runId: string): Record<string, unknown> {
  const hsCode = '330499';
  const tariffCodes: Record<string, string> = {};
  const territories = [route.origin, route.destination];
  if (territories.includes('CN')) tariffCodes['GZ'] = `${hsCode}0099`;
  if (territories.includes('HK')) tariffCodes['HK'] = `${hsCode}00`;
  if (territories.includes('MO')) tariffCodes['MO'] = `${hsCode}00`;
  const retailImport = route.destination === 'CN';
  const buyer = residentId(n);
  return {
    platformRef: `BENCH-${runId}-${n}`,
    tradeMode: retailImport ? '9610' : '0110',
    route: { origin: route.origin, destination: route.destination, transit: [] },
    consignor: {
      name: 'Harbour Trading Ltd',
      country: route.origin,
      businessRegistrationNumber: '12345678',
    },
    consignee: retailImport
      ? {
          name: '王小明',
          country: 'CN',
          idType: 'RESIDENT_ID',
          idNumber: buyer,
          address: '广州市天河区体育西路 1 号',
        }
      : { name: 'Praia Trading', country: route.destination, registrationNumber: 'MO-12345' },
    items: [
      {
        line: 1,
        hsCode,
        tariffCodes,
        description: 'Face cream, 50 ml jar',
        quantity: 2,
        unit: 'PCE',
        unitValue: '150.00',
        currency: 'CNY',
        originCountry: 'JP',
        grossMassKg: 0.6,
        netMassKg: 0.5,
      },
    ],
    transport: {
      mode: 'road',
      conveyanceRef: 'FV1234',
      transportDocument: `WB-${n}`,
      containerNumbers: ['CSQU3054383'],
      eLock: { lockId: 'EL000123', sealNumber: 'S99881' },
    },
    ...(retailImport
      ? {
          ecommerce: {
            order: {
              orderNo: `O-${n}`,
              amountPaid: '300.00',
              freight: '0.00',
              taxWithheld: '0.00',
              currency: 'CNY',
              buyerName: '王小明',
              buyerIdNumber: buyer,
            },
            payment: {
              paymentNo: `P-${n}`,
              orderNo: `O-${n}`,
              amount: '300.00',
              currency: 'CNY',
              payerName: '王小明',
              payerIdNumber: buyer,
            },
            waybill: { waybillNo: `WB-${n}`, orderNo: `O-${n}` },
          },
        }
      : {}),
  };
}
