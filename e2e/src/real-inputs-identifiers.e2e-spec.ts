// Issue 11, kinds 1 and 9, through the running services: identifiers are checked by every structural
// rule of their standard (not only the check character), and amounts by their currency's ISO 4217
// minor units. Every authority applies the common data standard at its door.
import { signOfficerToken } from '@gba/auth';
import { AuthorityStack, OFFICER_JWT_SECRET } from './support/authority-stack';
import { file, finalAt, participant, retailDeclaration, waitForDeclaration } from './support/declarations';

type Authority = 'GZ' | 'HK' | 'MO';

/** A 9610 retail import HK → CN whose consignee, buyer and payer carry `id`. */
function boughtBy(id: string) {
  const d = retailDeclaration();
  d.consignee.idNumber = id;
  d.ecommerce!.order.buyerIdNumber = id;
  d.ecommerce!.payment.payerIdNumber = id;
  return d;
}

/** A 9610 retail import HK → CN priced and paid in yen: two jars at `unitValue`, `paid` in all. */
function paidInYen(unitValue: string, paid: string, buyer: string) {
  const d = boughtBy(buyer);
  d.items[0]!.currency = 'JPY';
  d.items[0]!.unitValue = unitValue;
  d.ecommerce!.order.currency = 'JPY';
  d.ecommerce!.order.amountPaid = paid;
  d.ecommerce!.payment.currency = 'JPY';
  d.ecommerce!.payment.amount = paid;
  return d;
}

const PERSON_POINTERS = [
  '/consignee/idNumber',
  '/ecommerce/order/buyerIdNumber',
  '/ecommerce/payment/payerIdNumber',
];

describe('real inputs: identifiers and money (issue 11, kinds 1 and 9)', () => {
  let stack: AuthorityStack;

  beforeAll(async () => {
    stack = await AuthorityStack.start({ RANDOM_SELECTION: 'off' });
  });

  afterAll(() => stack?.stop());

  it.each<[string, string, Authority]>([
    ['born 2031-03-15 (check character right)', '440106203103151238', 'GZ'],
    ['born 2031-03-15, filed with HK', '440106203103151238', 'HK'],
    ['first two digits 00 (check character right)', '000105194912310024', 'GZ'],
    ['born 1899', '11010518991231002X', 'HK'],
  ])('refuses a resident ID %s with 422 at every place it appears', async (_why, id, at) => {
    const res = await file(stack.url(at), boughtBy(id));
    expect(res.status).toBe(422);
    const errors = res.body.errors ?? [];
    expect(errors.map((e) => [e.pointer, e.code])).toEqual(
      PERSON_POINTERS.map((pointer) => [pointer, 'RESIDENT_ID_INVALID']),
    );
    expect(errors[0]!.detail).toMatch(/GB 11643/);
  });

  it.each([
    ['Hong Kong', '810000198506120024'],
    ['Macau', '820000199001010037'],
    ['Taiwan', '830000197505050043'],
  ])('accepts the residence permit of a %s resident (%s) and clears it', async (_who, id) => {
    const filed = await file(stack.url('GZ'), boughtBy(id));
    expect(filed.status).toBe(201);
    const d = await waitForDeclaration(stack.url('GZ'), filed.body.id, finalAt({ GZ: 'RELEASED' }));
    expect(participant(d, 'GZ').status).toBe('RELEASED');
  });

  it('refuses a JPY order of 6001.50 with 422 and the pointer of every failing amount', async () => {
    const d = paidInYen('3000.75', '6001.50', '810000198506120024');
    d.ecommerce!.order.freight = '0.5';
    const res = await file(stack.url('GZ'), d);
    expect(res.status).toBe(422);
    expect((res.body.errors ?? []).map((e) => [e.pointer, e.code])).toEqual([
      ['/ecommerce/order/amountPaid', 'MONEY_INVALID'],
      ['/ecommerce/order/freight', 'MONEY_INVALID'],
      ['/ecommerce/payment/amount', 'MONEY_INVALID'],
    ]);
    expect(res.body.errors![0]!.detail).toContain('JPY has at most 0 decimal places (ISO 4217 minor units)');
  });

  it('refuses KRW with decimals the same way at HK', async () => {
    const d = boughtBy('820000199001010037');
    d.items[0]!.currency = 'KRW';
    d.items[0]!.unitValue = '28000';
    d.ecommerce!.order.currency = 'KRW';
    d.ecommerce!.order.amountPaid = '56000.10';
    d.ecommerce!.payment.currency = 'KRW';
    d.ecommerce!.payment.amount = '56000';
    const res = await file(stack.url('HK'), d);
    expect(res.status).toBe(422);
    expect((res.body.errors ?? []).map((e) => e.pointer)).toEqual(['/ecommerce/order/amountPaid']);
  });

  it('accepts a JPY order of 6001 (unit values keep their 4 decimals) and GZ releases it', async () => {
    const filed = await file(stack.url('GZ'), paidInYen('3000.5000', '6001', '830000197505050043'));
    expect(filed.status).toBe(201);
    const d = await waitForDeclaration(stack.url('GZ'), filed.body.id, finalAt({ GZ: 'RELEASED' }));
    expect(participant(d, 'GZ').status).toBe('RELEASED');
  });

  it('refuses structurally wrong company and personal identifiers with their pointers', async () => {
    const d = retailDeclaration({ origin: 'HK', destination: 'CN' }, '330499', false);
    // General trade: a company consignee, an HK person as consignor.
    d.consignee = { name: 'Guangzhou Fresh Foods Co', country: 'CN', uscc: '91000000M000100Y43' };
    d.consignor = { name: 'Chan Tai Man', country: 'HK', idType: 'HKID', idNumber: 'A123456(4)' } as never;
    const res = await file(stack.url('GZ'), d);
    expect(res.status).toBe(422);
    expect((res.body.errors ?? []).map((e) => [e.pointer, e.code])).toEqual([
      ['/consignor/idNumber', 'ID_NUMBER_INVALID'],
      ['/consignee/uscc', 'USCC_INVALID'],
    ]);

    d.consignee = { name: 'Guangzhou Fresh Foods Co', country: 'CN', uscc: '91440101MA5CJQ4N59' };
    d.consignor = { name: 'Chan Tai Man', country: 'HK', idType: 'HKID', idNumber: 'A123456(3)' } as never;
    expect((await file(stack.url('GZ'), d)).status).toBe(201);
  });

  it('refuses a risk target on HS chapter 00 or a country code no one was assigned, accepts real ones', async () => {
    const supervisor = await signOfficerToken({
      secret: OFFICER_JWT_SECRET,
      sub: 'GZ-supervisor',
      authority: 'GZ',
      roles: ['officer', 'supervisor'],
    });
    const target = (match: Record<string, string>) =>
      fetch(`${stack.url('GZ')}/api/v1/risk/targets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${supervisor}` },
        body: JSON.stringify({
          match,
          lane: 'YELLOW',
          reason: 'intelligence report 11',
          expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        }),
      });
    const refused = await target({ hsPrefix: '0012', originCountry: 'XX' });
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { errors: { pointer: string; code: string }[] };
    expect(problem.errors.map((e) => [e.pointer, e.code])).toEqual([
      ['/match/hsPrefix', 'HS_PREFIX_INVALID'],
      ['/match/originCountry', 'COUNTRY_INVALID'],
    ]);
    expect((await target({ hsPrefix: '9701', originCountry: 'ZW' })).status).toBe(201);
  });
});
