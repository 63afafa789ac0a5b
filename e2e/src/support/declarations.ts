import { randomUUID } from 'node:crypto';
import type { DeclarationResource } from '@gba/clearance';
import { PLATFORM_KEYS } from './authority-stack';

type Route = { origin: string; destination: string; transit?: string[] };

/** A valid 9610 retail declaration of face cream along `route`, as in api.md. */
export function retailDeclaration(
  route: Route = { origin: 'HK', destination: 'CN' },
  hsCode = '330499',
  retail = route.destination === 'CN',
) {
  const tariffCodes: Record<string, string> = {};
  const territories = [route.origin, route.destination, ...(route.transit ?? [])];
  if (territories.includes('CN')) tariffCodes['GZ'] = `${hsCode}0099`;
  if (territories.includes('HK')) tariffCodes['HK'] = `${hsCode}00`;
  if (territories.includes('MO')) tariffCodes['MO'] = `${hsCode}00`;
  const retailImport = retail && route.destination === 'CN';
  return {
    platformRef: `SHOP-${randomUUID().slice(0, 8)}`,
    tradeMode: retailImport ? '9610' : '0110',
    route: { origin: route.origin, destination: route.destination, transit: route.transit ?? [] },
    consignor: {
      name: 'Harbour Trading Ltd',
      country: route.origin === 'CN' ? 'CN' : route.origin,
      businessRegistrationNumber: '12345678',
    },
    consignee: retailImport
      ? {
          name: '王小明',
          country: 'CN',
          idType: 'RESIDENT_ID',
          idNumber: '11010519491231002X',
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
      transportDocument: 'WB-HK-0001',
      containerNumbers: ['CSQU3054383'],
      eLock: { lockId: 'EL000123', sealNumber: 'S99881' },
    },
    ...(retailImport
      ? {
          ecommerce: {
            order: {
              orderNo: 'O-123',
              amountPaid: '300.00',
              freight: '0.00',
              taxWithheld: '0.00',
              currency: 'CNY',
              buyerName: '王小明',
              buyerIdNumber: '11010519491231002X',
            },
            payment: {
              paymentNo: 'P-456',
              orderNo: 'O-123',
              amount: '300.00',
              currency: 'CNY',
              payerName: '王小明',
              payerIdNumber: '11010519491231002X',
            },
            waybill: { waybillNo: 'WB-HK-0001', orderNo: 'O-123' },
          },
        }
      : {}),
  };
}

export async function file(
  baseUrl: string,
  body: unknown,
  key = randomUUID(),
  platform: keyof typeof PLATFORM_KEYS = 'shop-a',
) {
  const res = await fetch(`${baseUrl}/api/v1/declarations`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-api-key': PLATFORM_KEYS[platform],
      'idempotency-key': key,
    },
    body: JSON.stringify(body),
  });
  // A 201 carries the declaration; anything else problem details.
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as DeclarationResource & Pick<Problem, 'type' | 'errors'>,
  };
}

export async function getDeclaration(
  baseUrl: string,
  id: string,
  platform: keyof typeof PLATFORM_KEYS = 'shop-a',
) {
  const res = await fetch(`${baseUrl}/api/v1/declarations/${id}`, {
    headers: { 'x-api-key': PLATFORM_KEYS[platform] },
  });
  return { status: res.status, body: (await res.json()) as DeclarationResource };
}

/** Polls until `done` holds for the declaration as this service sees it. */
export async function waitForDeclaration(
  baseUrl: string,
  id: string,
  done: (d: DeclarationResource) => boolean,
  timeoutMs = 30000,
): Promise<DeclarationResource> {
  const deadline = Date.now() + timeoutMs;
  let last: DeclarationResource | undefined;
  while (Date.now() < deadline) {
    const res = await getDeclaration(baseUrl, id);
    if (res.status === 200) {
      last = res.body;
      if (done(res.body)) return res.body;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `declaration ${id} at ${baseUrl} never reached the expected state; last: ${JSON.stringify(last)}`,
  );
}

export const finalAt = (statuses: Record<string, string>) => (d: DeclarationResource) =>
  Object.entries(statuses).every(([authority, status]) =>
    d.participants.some((p) => p.authority === authority && p.status === status),
  );

export const participant = (d: DeclarationResource, authority: string) => {
  const found = d.participants.find((p) => p.authority === authority);
  if (!found) throw new Error(`${authority} is not a participant of ${d.id}`);
  return found;
};

export const ruleIds = (p: { reasons: { ruleId: string }[] }) => p.reasons.map((r) => r.ruleId);

export interface Problem {
  status: number;
  type: string;
  errors?: { pointer: string; code: string; detail: string }[];
}
