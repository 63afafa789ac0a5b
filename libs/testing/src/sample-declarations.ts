// Valid declarations of the common data standard (api.md), for end-to-end tests and the benchmark.
import { residentIdCheckCharacter } from '@gba/standards';

/** Territories as ISO 3166 codes; tests may also send others, to see them refused. */
export interface SampleRoute {
  origin: string;
  destination: string;
  transit?: string[];
}

export interface SampleOptions {
  hsCode?: string;
  /** A cross-border e-commerce retail import (9610) when the destination is CN; general trade otherwise. */
  retail?: boolean;
  platformRef?: string;
  buyerIdNumber?: string;
  /** Makes order, payment and waybill numbers unique. */
  serial?: string | number;
}

/**
 * A distinct, valid GB 11643 resident ID for every n below ten million: Beijing (110105), born
 * between 1960-01-01 and 1987-05-19 (in the past on any day of the check), check character of the
 * standard's own implementation.
 */
export function sampleResidentId(n: number): string {
  const born = new Date(Date.UTC(1960, 0, 1) + (n % 10000) * 86_400_000);
  const date = born.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `110105${date}${String(Math.floor(n / 10000) % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** Face cream (HS 330499) along `route`, as in api.md: green lane wherever it goes. */
export function sampleDeclaration(
  route: SampleRoute = { origin: 'HK', destination: 'CN' },
  options: SampleOptions = {},
) {
  const hsCode = options.hsCode ?? '330499';
  const territories = [route.origin, route.destination, ...(route.transit ?? [])];
  const tariffCodes: Record<string, string> = {};
  if (territories.includes('CN')) tariffCodes['GZ'] = `${hsCode}0099`;
  if (territories.includes('HK')) tariffCodes['HK'] = `${hsCode}00`;
  if (territories.includes('MO')) tariffCodes['MO'] = `${hsCode}00`;
  const retailImport = (options.retail ?? true) && route.destination === 'CN';
  const buyer = options.buyerIdNumber ?? '11010519491231002X';
  const n = options.serial ?? '123';
  return {
    platformRef: options.platformRef ?? `SHOP-${Math.random().toString(36).slice(2, 10)}`,
    tradeMode: retailImport ? '9610' : '0110',
    route: { origin: route.origin, destination: route.destination, transit: route.transit ?? [] },
    consignor: { name: 'Harbour Trading Ltd', country: route.origin, businessRegistrationNumber: '12345678' },
    consignee: retailImport
      ? {
          name: '王小明',
          country: 'CN',
          idType: 'RESIDENT_ID',
          idNumber: buyer,
          address: '广州市天河区体育西路 1 号',
        }
      : route.destination === 'CN'
        ? { name: 'Guangzhou Fresh Foods Co', country: 'CN', uscc: '91350100M000100Y43' }
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
