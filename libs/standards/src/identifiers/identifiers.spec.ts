import fc from 'fast-check';
import {
  aeoIssuer,
  checkUscc,
  containerCheckDigit,
  containerLetterValue,
  isValidBusinessRegistrationNumber,
  isValidContainerNumber,
  isValidHs6,
  isValidHsCode,
  isValidMacauRegistrationNumber,
  isValidResidentId,
  residentIdCheckCharacter,
  usccCheckCharacter,
} from './index';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Replaces the character at `i` by a different one drawn from `alphabet`. */
const changeOne = (s: string, alphabet: string) =>
  fc.tuple(fc.nat({ max: s.length - 1 }), fc.nat({ max: alphabet.length - 2 })).map(([i, k]) => {
    const others = alphabet.replace(s[i], '');
    return { i, changed: s.slice(0, i) + others[k % others.length] + s.slice(i + 1) };
  });

describe('ISO 6346 container numbers', () => {
  it.each([
    ['CSQU3054383', true, 'the standard example (check digit 3)'],
    ['MSKU9070323', true, 'Maersk'],
    ['TGHU9999995', true, 'category U'],
    ['CSQU3054384', false, 'wrong check digit'],
    ['csqu3054383', false, 'lower case'],
    ['CSQX3054383', false, 'category must be U, J or Z'],
    ['CSQU305438', false, 'too short'],
    ['CSQU 3054383', false, 'space'],
    ['', false, 'empty'],
  ])('%s → %s (%s)', (s, valid) => {
    expect(isValidContainerNumber(s)).toBe(valid);
  });

  it('maps letters A=10, B=12 … Z=38 skipping multiples of 11', () => {
    expect([...'ABKLUVZ'].map(containerLetterValue)).toEqual([10, 12, 21, 23, 32, 34, 38]);
  });

  it('takes the check digit as (sum mod 11) mod 10: a remainder of 10 gives 0', () => {
    // CSQU305438: Σ value × 2^position = 6185, 6185 mod 11 = 3.
    expect(containerCheckDigit('CSQU305438')).toBe(3);
    // CSQU305407: Σ = 4905, 4905 mod 11 = 10 → check digit 0.
    expect(containerCheckDigit('CSQU305407')).toBe(0);
    expect(isValidContainerNumber('CSQU3054070')).toBe(true);
  });

  const validContainer = fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...UPPER), minLength: 3, maxLength: 3 }),
      fc.constantFrom('U', 'J', 'Z'),
      fc.string({ unit: fc.constantFrom(...DIGITS), minLength: 6, maxLength: 6 }),
    )
    .map(([owner, category, serial]) => owner + category + serial)
    .map((first10) => first10 + containerCheckDigit(first10));

  it('property: a valid number with its check digit changed is invalid', () => {
    fc.assert(
      fc.property(validContainer, fc.nat({ max: 8 }), (s, k) => {
        const other = DIGITS.replace(s[10], '')[k];
        expect(isValidContainerNumber(s.slice(0, 10) + other)).toBe(false);
      }),
    );
  });

  it('property: a valid number with one serial digit changed is invalid (check digit not the 10→0 alias)', () => {
    fc.assert(
      fc.property(
        validContainer.filter((s) => s[10] !== '0'),
        fc.nat({ max: 5 }),
        fc.nat({ max: 8 }),
        (s, j, k) => {
          const i = 4 + j;
          const other = DIGITS.replace(s[i], '')[k];
          expect(isValidContainerNumber(s.slice(0, i) + other + s.slice(i + 1))).toBe(false);
        },
      ),
    );
  });

  it('property: a valid number with one letter changed is invalid unless the letter values agree mod 11', () => {
    fc.assert(
      fc.property(
        validContainer.filter((s) => s[10] !== '0'),
        fc.nat({ max: 3 }),
        fc.constantFrom(...UPPER),
        (s, i, letter) => {
          fc.pre(letter !== s[i] && (i < 3 || 'UJZ'.includes(letter)));
          fc.pre((containerLetterValue(letter) - containerLetterValue(s[i])) % 11 !== 0);
          expect(isValidContainerNumber(s.slice(0, i) + letter + s.slice(i + 1))).toBe(false);
        },
      ),
    );
  });

  it('documents the blind spots of the ISO 6346 check digit itself', () => {
    // C=13 and M=24 differ by 11, so the same check digit holds; and remainders 0 and 10 both give 0.
    expect(isValidContainerNumber('MSQU3054383')).toBe(true);
  });
});

describe('GB 11643 resident ID', () => {
  it.each([
    ['11010519491231002X', true, 'the standard example, check character X'],
    ['110105194912310021', false, 'wrong check character'],
    ['11010519491231002x', false, 'lower-case x'],
    ['110105194902300028', false, 'digits 7–14 not a real date (30 February)'],
    ['11010518991231002X', false, 'birth year before 1900'],
    ['1101051949123100', false, 'too short'],
    ['A1010519491231002X', false, 'letter'],
  ])('%s → %s (%s)', (s, valid) => {
    expect(isValidResidentId(s)).toBe(valid);
  });

  it('accepts 29 February of a leap year only', () => {
    const withCheck = (first17: string) => first17 + residentIdCheckCharacter(first17);
    expect(isValidResidentId(withCheck('44010620000229123'))).toBe(true);
    expect(isValidResidentId(withCheck('44010619000229123'))).toBe(false);
  });

  const validId = fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...DIGITS), minLength: 6, maxLength: 6 }),
      fc.date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2099-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      fc.string({ unit: fc.constantFrom(...DIGITS), minLength: 3, maxLength: 3 }),
    )
    .map(
      ([region, birth, sequence]) => region + birth.toISOString().slice(0, 10).replace(/-/g, '') + sequence,
    )
    .map((first17) => first17 + residentIdCheckCharacter(first17));

  it('property: generated IDs are valid, and any one character changed makes them invalid', () => {
    fc.assert(
      fc.property(
        validId.chain((id) => changeOne(id, `${DIGITS}X`).map((c) => ({ id, ...c }))),
        ({ id, changed }) => {
          expect(isValidResidentId(id)).toBe(true);
          expect(isValidResidentId(changed)).toBe(false);
        },
      ),
    );
  });
});

describe('GB 32100 unified social credit code', () => {
  it.each([
    ['91350100M000100Y43', 'valid', 'the standard example'],
    ['91350100M000100Y44', 'checksum-mismatch', 'well formed, wrong check character'],
    ['91350100M000100Y4I', 'invalid', 'I is outside the charset'],
    ['91350100M000100Y4', 'invalid', '17 characters'],
    ['91350100m000100Y43', 'invalid', 'lower case'],
    ['', 'invalid', 'empty'],
  ])('%s → %s (%s)', (s, result) => {
    expect(checkUscc(s)).toBe(result);
  });

  it('maps a check value of 31 to 0', () => {
    // Find a prefix whose sum is ≡ 0 mod 31, then its check character is '0'.
    const prefix = '00000000000000000';
    expect(usccCheckCharacter(prefix)).toBe('0');
  });

  const validUscc = fc
    .string({ unit: fc.constantFrom(...USCC_CHARSET), minLength: 17, maxLength: 17 })
    .map((first17) => first17 + usccCheckCharacter(first17));

  it('property: any one character changed within the charset is a checksum mismatch', () => {
    fc.assert(
      fc.property(
        validUscc.chain((code) => changeOne(code, USCC_CHARSET).map((c) => ({ code, ...c }))),
        ({ code, changed }) => {
          expect(checkUscc(code)).toBe('valid');
          expect(checkUscc(changed)).toBe('checksum-mismatch');
        },
      ),
    );
  });
});

describe('HS codes', () => {
  it.each([
    ['3304990099', 'GZ', true],
    ['33049900', 'GZ', false],
    ['33049900', 'HK', true],
    ['33049900', 'MO', true],
    ['3304990099', 'HK', false],
    ['3304A900', 'HK', false],
    ['77010000', 'MO', false], // chapter 77 is reserved
    ['00010000', 'HK', false], // chapter 00 does not exist
    ['98010000', 'HK', false], // beyond chapter 97
  ] as const)('%s for %s → %s', (code, authority, valid) => {
    expect(isValidHsCode(code, authority)).toBe(valid);
  });

  it('validates the common HS-6', () => {
    expect(isValidHs6('330499')).toBe(true);
    expect(isValidHs6('33049')).toBe(false);
    expect(isValidHsCode('33049900', 'XX' as never)).toBe(false);
  });
});

describe('company and AEO identifiers', () => {
  it.each([
    ['AEOCN1234567890', 'CN'],
    ['123456789012345', 'HK'],
    ['AEOMO1234567890', 'MO'],
    ['AEOCN123456789', undefined],
    ['AEOHK123456789012', undefined],
  ])('AEO %s is issued by %s', (code, issuer) => {
    expect(aeoIssuer(code)).toBe(issuer);
  });

  it('checks HK business registration and Macau registration numbers', () => {
    expect(isValidBusinessRegistrationNumber('12345678')).toBe(true);
    expect(isValidBusinessRegistrationNumber('1234567')).toBe(false);
    expect(isValidMacauRegistrationNumber('SO-12345')).toBe(true);
    expect(isValidMacauRegistrationNumber('so 1')).toBe(false);
  });
});
