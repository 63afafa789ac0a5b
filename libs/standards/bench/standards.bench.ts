// Throughput of the standard on one core for a realistic mix of declarations (1–10 items):
// validateDeclaration calls per second and assess calls per second. Prints figures; gates nothing.
import { assess, participants, validateDeclaration, type Declaration } from '../src/index';

const GOODS = [
  {
    hsCode: '330499',
    gz: '3304990099',
    local: '33049900',
    description: 'Face cream, 50 ml jar',
    unit: 'PCE',
    unitValue: '150.00',
    mass: 0.25,
  },
  {
    hsCode: '330510',
    gz: '3305100000',
    local: '33051000',
    description: 'Shampoo, 400 ml',
    unit: 'PCE',
    unitValue: '45.50',
    mass: 0.45,
  },
  {
    hsCode: '190110',
    gz: '1901101000',
    local: '19011010',
    description: 'Infant formula, 800 g can',
    unit: 'PCE',
    unitValue: '238.00',
    mass: 0.8,
  },
  {
    hsCode: '851713',
    gz: '8517130000',
    local: '85171300',
    description: 'Smartphone',
    unit: 'PCE',
    unitValue: '1200.00',
    mass: 0.2,
  },
  {
    hsCode: '910211',
    gz: '9102110000',
    local: '91021100',
    description: 'Wrist-watch',
    unit: 'PCE',
    unitValue: '300.00',
    mass: 0.1,
  },
  {
    hsCode: '420221',
    gz: '4202210000',
    local: '42022100',
    description: 'Leather handbag',
    unit: 'PCE',
    unitValue: '800.00',
    mass: 0.9,
  },
];
const BUYER = '11010519491231002X';

/** A deterministic pseudo-random sequence, so every run measures the same mix. */
function* numbers(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield x / 2147483648;
  }
}

function declaration(n: number, r: Generator<number>): Record<string, unknown> {
  const pick = () => r.next().value as number;
  const count = 1 + Math.floor(pick() * 10);
  const kind = pick();
  // 60 % retail imports HK → CN, 20 % general trade CN → HK, 10 % HK → MO, 10 % CN → MO via HK.
  const route =
    kind < 0.6
      ? { origin: 'HK', destination: 'CN', transit: [] }
      : kind < 0.8
        ? { origin: 'CN', destination: 'HK', transit: [] }
        : kind < 0.9
          ? { origin: 'HK', destination: 'MO', transit: [] }
          : { origin: 'CN', destination: 'MO', transit: ['HK'] };
  const retail = kind < 0.6;
  let totalCents = 0;
  const items = Array.from({ length: count }, (_, i) => {
    const g = GOODS[Math.floor(pick() * GOODS.length)];
    const quantity = retail ? 1 : 1 + Math.floor(pick() * 20);
    totalCents += Math.round(Number(g.unitValue) * 100) * quantity;
    return {
      line: i + 1,
      hsCode: g.hsCode,
      tariffCodes: { GZ: g.gz, HK: g.local, MO: g.local },
      description: g.description,
      quantity,
      unit: g.unit,
      unitValue: g.unitValue,
      currency: retail ? 'CNY' : 'HKD',
      originCountry: 'JP',
      grossMassKg: Math.round(g.mass * quantity * 1200) / 1000,
      netMassKg: Math.round(g.mass * quantity * 1000) / 1000,
    };
  });
  const amount = `${Math.floor(totalCents / 100)}.${String(totalCents % 100).padStart(2, '0')}`;
  return {
    platformRef: `SHOP-${n}`,
    tradeMode: retail ? '9610' : '0110',
    route,
    consignor: retail
      ? { name: 'Harbour Trading Ltd', country: 'HK', businessRegistrationNumber: '12345678' }
      : {
          name: '广州贸易有限公司',
          country: 'CN',
          uscc: '91350100M000100Y43',
          aeo: { code: 'AEOCN1234567890' },
        },
    consignee: retail
      ? {
          name: '王小明',
          country: 'CN',
          idType: 'RESIDENT_ID',
          idNumber: BUYER,
          address: '广州市天河区体育西路 1 号',
        }
      : { name: 'Harbour Trading Ltd', country: 'HK', businessRegistrationNumber: '12345678' },
    items,
    transport: {
      mode: 'road',
      conveyanceRef: 'FV1234',
      transportDocument: `WB-${n}`,
      containerNumbers: ['CSQU3054383'],
      eLock: { lockId: 'EL000123', sealNumber: 'S99881' },
    },
    ...(retail
      ? {
          ecommerce: {
            order: {
              orderNo: `O-${n}`,
              amountPaid: amount,
              freight: '0.00',
              taxWithheld: '0.00',
              currency: 'CNY',
              buyerName: '王小明',
              buyerIdNumber: BUYER,
            },
            payment: {
              paymentNo: `P-${n}`,
              orderNo: `O-${n}`,
              amount,
              currency: 'CNY',
              payerName: '王小明',
              payerIdNumber: BUYER,
            },
            waybill: { waybillNo: `WB-${n}`, orderNo: `O-${n}` },
          },
        }
      : {}),
  };
}

/**
 * Calls per second of `fn` over `inputs`: the best of `rounds` rounds of about `seconds` each,
 * after a warm-up, so that other processes on the machine disturb the figure less.
 */
function measure<T>(inputs: readonly T[], fn: (x: T) => unknown, rounds = 5, seconds = 1): number {
  for (let i = 0; i < 50_000; i++) fn(inputs[i % inputs.length]);
  let best = 0;
  const budget = BigInt(Math.round(seconds * 1e9));
  for (let round = 0; round < rounds; round++) {
    let calls = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0n;
    while (elapsed < budget) {
      for (let i = 0; i < 1000; i++) fn(inputs[(calls + i) % inputs.length]);
      calls += 1000;
      elapsed = process.hrtime.bigint() - start;
    }
    best = Math.max(best, (calls * 1e9) / Number(elapsed));
  }
  return best;
}

const r = numbers(20260301);
const inputs = Array.from({ length: 2000 }, (_, n) => declaration(n, r));
// As a service calls it: the instant of the check, against which birth dates are checked.
const checkedAt = new Date('2026-03-01T08:00:00Z');
const declarations: Declaration[] = inputs.map((input) => {
  const v = validateDeclaration(input, checkedAt);
  if (!v.ok) throw new Error(`bench input invalid: ${JSON.stringify(v.errors)}`);
  return v.declaration;
});
// As a service calls it: the time of assessment as a Date, the key from its configuration.
const assessedAt = new Date('2026-03-01T08:00:00Z');
const assessments = declarations.flatMap((d, n) =>
  participants(d).map((p) => ({
    d,
    authority: p.authority,
    context: { declarationId: `D-${n}`, assessedAt, selectionKey: 'bench-selection-key' },
  })),
);

const items = declarations.reduce((sum, d) => sum + d.items.length, 0) / declarations.length;
const validations = measure(inputs, (x) => validateDeclaration(x, checkedAt));
const assessed = measure(assessments, (x) => assess(x.d, x.authority, x.context));

// A report for the terminal: the benchmark's output is its figures, not log lines.
const print = (line: string) => process.stdout.write(`${line}\n`);
print(
  `standards bench — ${declarations.length} declarations, ${items.toFixed(1)} items on average, one core, best of 5 one-second rounds (${process.version})`,
);
print(`validateDeclaration: ${Math.round(validations).toLocaleString('en')} calls/s (target ≥ 100,000)`);
print(`assess:              ${Math.round(assessed).toLocaleString('en')} calls/s (target ≥ 200,000)`);
