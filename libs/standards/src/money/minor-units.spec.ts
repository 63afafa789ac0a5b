import fc from 'fast-check';
import { ISO_4217_MINOR_UNITS } from '../config/code-lists';
import { lookupFor, MONEY_SCALE } from '../config/lookup';
import { STANDARDS } from '../config/standards';
import { validateDeclaration } from '../declaration/validate';
import { apiExample } from '../testing/fixtures';
import { fitsMinorUnits, minorUnits } from './minor-units';
import { toUnits } from './decimal';

describe('ISO 4217 minor units', () => {
  it.each([
    ['JPY', 0],
    ['KRW', 0],
    ['CLP', 0],
    ['ISK', 0],
    ['VND', 0],
    ['CNY', 2],
    ['HKD', 2],
    ['MOP', 2],
    ['USD', 2],
    ['EUR', 2],
    ['TWD', 2],
    ['BHD', 3],
    ['IQD', 3],
    ['JOD', 3],
    ['KWD', 3],
    ['LYD', 3],
    ['OMR', 3],
    ['TND', 3],
  ])('%s has %i', (currency, units) => {
    expect(minorUnits(currency)).toBe(units);
  });

  it.each(['XAU', 'XXX', 'jpy', 'ABC', '', 'toString', '__proto__'])(
    '%p is no currency with minor units',
    (code) => {
      expect(minorUnits(code)).toBeUndefined();
      expect(fitsMinorUnits('1', code)).toBe(false);
    },
  );

  it.each([
    ['6001', 'JPY', true],
    ['6001.00', 'JPY', true],
    ['6001.50', 'JPY', false],
    ['6001.05', 'JPY', false],
    ['0.5', 'KRW', false],
    ['300.00', 'CNY', true],
    ['300.1', 'CNY', true],
    ['300.001', 'CNY', false],
    ['300.010', 'CNY', true],
    ['1.005', 'KWD', true],
    ['1.0055', 'KWD', false],
  ])('%s %s fits its minor units: %s', (amount, currency, fits) => {
    expect(fitsMinorUnits(amount, currency)).toBe(fits);
  });

  it('knows the minor units of every currency every standard quotes, none finer than the assessment computes in', () => {
    for (const standard of STANDARDS) {
      for (const currency of lookupFor(standard).currencies) {
        const units = minorUnits(currency);
        expect({ currency, units }).toEqual({ currency, units: expect.any(Number) });
        expect(units).toBeLessThanOrEqual(MONEY_SCALE);
      }
    }
  });

  it('lists only three-letter upper-case codes with 0, 2 or 3 minor units', () => {
    for (const [code, units] of Object.entries(ISO_4217_MINOR_UNITS)) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3]).toContain(units);
    }
  });

  it('property: an amount fits iff it is a whole number of minor units (exact arithmetic agrees)', () => {
    const currencies = Object.keys(ISO_4217_MINOR_UNITS);
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 0, max: 4 }),
        (currency, units, places) => {
          const digits = units.toString().padStart(places + 1, '0');
          const amount = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
          const minor = minorUnits(currency) as number;
          const scaled = toUnits(amount, 4);
          expect(fitsMinorUnits(amount, currency)).toBe(scaled % 10n ** BigInt(4 - minor) === 0n);
        },
      ),
    );
  });
});

describe('amounts of a retail import in their currency (validateDeclaration)', () => {
  const AS_OF = '2026-03-01T08:00:00Z';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Json = Record<string, any>;
  const quoted = [...lookupFor(STANDARDS[STANDARDS.length - 1]).currencies];

  it('refuses JPY 6001.50 at every amount, saying why', () => {
    const d = apiExample() as Json;
    d.ecommerce.order.currency = 'JPY';
    d.ecommerce.order.amountPaid = '6001.50';
    d.ecommerce.payment.currency = 'JPY';
    d.ecommerce.payment.amount = '6001.50';
    const result = validateDeclaration(d, AS_OF);
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          pointer: '/ecommerce/order/amountPaid',
          code: 'MONEY_INVALID',
          detail: expect.stringContaining('JPY has at most 0 decimal places (ISO 4217 minor units)'),
        },
        {
          pointer: '/ecommerce/payment/amount',
          code: 'MONEY_INVALID',
          detail: expect.stringContaining('6001.50 is not an amount of JPY'),
        },
      ],
    });
  });

  it('property: an order amount is accepted iff it fits the order currency, a payment iff it fits the payment currency', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...quoted),
        fc.constantFrom(...quoted),
        fc.stringMatching(/^(0|[1-9]\d{0,5})(\.\d{1,2})?$/),
        fc.stringMatching(/^(0|[1-9]\d{0,5})(\.\d{1,2})?$/),
        (orderCurrency, paymentCurrency, amountPaid, amount) => {
          const d = apiExample() as Json;
          Object.assign(d.ecommerce.order, { currency: orderCurrency, amountPaid });
          Object.assign(d.ecommerce.payment, { currency: paymentCurrency, amount });
          const result = validateDeclaration(d, AS_OF);
          const pointers = result.ok ? [] : result.errors.map((e) => e.pointer);
          expect(pointers.includes('/ecommerce/order/amountPaid')).toBe(
            !fitsMinorUnits(amountPaid, orderCurrency),
          );
          expect(pointers.includes('/ecommerce/payment/amount')).toBe(
            !fitsMinorUnits(amount, paymentCurrency),
          );
          expect(
            pointers.every((p) => p === '/ecommerce/order/amountPaid' || p === '/ecommerce/payment/amount'),
          ).toBe(true);
        },
      ),
    );
  });
});
