// Sample declarations and contexts for tests and benchmarks: the api.md example and variations.
import type { AssessmentContext } from '../assessment/types';
import { STANDARD_2024_2 } from '../config/standards';
import type { Standard } from '../config/types';
import type { Declaration, GoodsItem } from '../declaration/types';

export const BUYER_ID = '11010519491231002X';

/** The declaration body of api.md: face cream bought by a mainland buyer from an HK shop (9610). */
export function apiExample(): Record<string, unknown> {
  return {
    platformRef: 'SHOP-2026-000123',
    tradeMode: '9610',
    route: { origin: 'HK', destination: 'CN', transit: [] },
    consignor: { name: 'Harbour Trading Ltd', country: 'HK', businessRegistrationNumber: '12345678' },
    consignee: {
      name: '王小明',
      country: 'CN',
      idType: 'RESIDENT_ID',
      idNumber: BUYER_ID,
      address: '广州市天河区体育西路 1 号',
    },
    items: [
      {
        line: 1,
        hsCode: '330499',
        tariffCodes: { GZ: '3304990099', HK: '33049900' },
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
    ecommerce: {
      order: {
        orderNo: 'O-123',
        amountPaid: '300.00',
        freight: '0.00',
        taxWithheld: '0.00',
        currency: 'CNY',
        buyerName: '王小明',
        buyerIdNumber: BUYER_ID,
      },
      payment: {
        paymentNo: 'P-456',
        orderNo: 'O-123',
        amount: '300.00',
        currency: 'CNY',
        payerName: '王小明',
        payerIdNumber: BUYER_ID,
      },
      waybill: { waybillNo: 'WB-HK-0001', orderNo: 'O-123' },
    },
  };
}

/** The api.md example as a validated Declaration (normalised defaults applied). */
export function exampleDeclaration(): Declaration {
  return {
    platformRef: 'SHOP-2026-000123',
    tradeMode: '9610',
    route: { origin: 'HK', destination: 'CN', transit: [] },
    consignor: { name: 'Harbour Trading Ltd', country: 'HK', businessRegistrationNumber: '12345678' },
    consignee: {
      name: '王小明',
      country: 'CN',
      idType: 'RESIDENT_ID',
      idNumber: BUYER_ID,
      address: '广州市天河区体育西路 1 号',
    },
    items: [item()],
    transport: {
      mode: 'road',
      conveyanceRef: 'FV1234',
      transportDocument: 'WB-HK-0001',
      containerNumbers: ['CSQU3054383'],
      eLock: { lockId: 'EL000123', sealNumber: 'S99881' },
    },
    ecommerce: {
      order: {
        orderNo: 'O-123',
        amountPaid: '300.00',
        freight: '0.00',
        taxWithheld: '0.00',
        discount: '0.00',
        insurance: '0.00',
        currency: 'CNY',
        buyerName: '王小明',
        buyerIdNumber: BUYER_ID,
        buyerAuthenticated: false,
      },
      payment: {
        paymentNo: 'P-456',
        orderNo: 'O-123',
        amount: '300.00',
        currency: 'CNY',
        payerName: '王小明',
        payerIdNumber: BUYER_ID,
      },
      waybill: { waybillNo: 'WB-HK-0001', orderNo: 'O-123' },
    },
    permits: [],
  };
}

/** A goods item of the example, with overrides. */
export function item(overrides: Partial<GoodsItem> = {}): GoodsItem {
  return {
    line: 1,
    hsCode: '330499',
    tariffCodes: { GZ: '3304990099', HK: '33049900', MO: '33049900' },
    description: 'Face cream, 50 ml jar',
    quantity: 2,
    unit: 'PCE',
    unitValue: '150.00',
    currency: 'CNY',
    originCountry: 'JP',
    grossMassKg: 0.6,
    netMassKg: 0.5,
    ...overrides,
  };
}

/** A general-trade (0110) declaration on a route, without the e-commerce documents. */
export function generalTrade(
  origin: string,
  destination: string,
  items: GoodsItem[],
  transit: string[] = [],
): Declaration {
  const d = exampleDeclaration();
  delete d.ecommerce;
  return { ...d, tradeMode: '0110', route: { origin, destination, transit }, items };
}

/** A retail import whose order and payment amounts match the items exactly. */
export function retailImport(
  items: GoodsItem[],
  orderOverrides: Partial<NonNullable<Declaration['ecommerce']>['order']> = {},
): Declaration {
  const d = exampleDeclaration();
  const total = items.reduce((sum, i) => sum + Math.round(Number(i.unitValue) * 100) * i.quantity, 0);
  const amount = `${Math.floor(total / 100)}.${String(total % 100).padStart(2, '0')}`;
  const ecommerce = d.ecommerce as NonNullable<Declaration['ecommerce']>;
  return {
    ...d,
    items,
    ecommerce: {
      ...ecommerce,
      order: { ...ecommerce.order, amountPaid: amount, ...orderOverrides },
      payment: { ...ecommerce.payment, amount: orderOverrides.amountPaid ?? amount },
    },
  };
}

/** The 2024.2 standard with random selection switched off: rule tests see only their rule. */
export const NO_RANDOM: Standard = {
  ...STANDARD_2024_2,
  randomSelection: {
    standard: { RED: '0', YELLOW: '0' },
    aeo: { RED: '0', YELLOW: '0' },
    firstTimeConsignor: { RED: '0', YELLOW: '0' },
  },
};

export function context(overrides: Partial<AssessmentContext> = {}): AssessmentContext {
  return {
    declarationId: 'D-0001',
    assessedAt: '2026-03-01T08:00:00Z',
    selectionKey: 'test-selection-key',
    standard: NO_RANDOM,
    ...overrides,
  };
}
