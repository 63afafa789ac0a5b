import fc from 'fast-check';
import { ISO_3166_COUNTRIES, LOCODES } from '../config/code-lists';
import {
  aeoIssuer,
  checkUscc,
  isCountryCode,
  isValidUnLocode,
  isValidHkid,
  isValidHsPrefix,
  isValidMacauResidentId,
  localDateNumber,
  organisationCodeCheckCharacter,
  residentIdFault,
  usccFault,
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
  /** The day of every check here (UTC+8): 2026-03-01. */
  const AS_OF = '2026-03-01T08:00:00Z';
  const withCheck = (first17: string) => first17 + residentIdCheckCharacter(first17);

  it.each([
    ['11010519491231002X', null, 'the standard example, check character X'],
    ['810000198506120024', null, 'residence permit of a Hong Kong resident (address code 810000)'],
    ['820000199001010037', null, 'residence permit of a Macau resident (820000)'],
    ['830000197505050043', null, 'residence permit of a Taiwan resident (830000)'],
    ['710000198001010053', null, 'Taiwan province of GB/T 2260 (71)'],
    ['440106202603011237', null, 'born on the day of the check'],
    ['110105194912310021', 'check-character', 'wrong check character'],
    ['11010519491231002x', 'format', 'lower-case x'],
    ['1101051949123100A2', 'format', 'letter among the 17 digits'],
    ['11010519491231002Y', 'format', 'check character neither digit nor X'],
    ['110105194902300028', 'birth-date', 'digits 7–14 not a real date (30 February)'],
    ['11010518991231002X', 'birth-date', 'birth year before 1900'],
    ['440106203103151238', 'birth-date', 'born 2031-03-15, after the day of the check (issue 11)'],
    ['440106202603021232', 'birth-date', 'born the day after the check'],
    ['000105194912310024', 'province', 'address code 00 (issue 11): no province'],
    [withCheck('16010519491231002'), 'province', '16 is not a province'],
    [withCheck('20010519491231002'), 'province', '20 is not a province'],
    [withCheck('72010519491231002'), 'province', '72 is not a province'],
    [withCheck('84010519491231002'), 'province', '84 is not a province'],
    [withCheck('99010519491231002'), 'province', '99 is not a province'],
    ['1101051949123100', 'format', 'too short'],
    ['A1010519491231002X', 'format', 'letter'],
  ] as const)('%s → %s (%s)', (s, fault, _why) => {
    expect(residentIdFault(s, AS_OF)).toBe(fault);
    expect(isValidResidentId(s, AS_OF)).toBe(fault === null);
  });

  it('reads the day of the check in UTC+8: born 2026-03-02 is valid from 2026-03-01T16:00Z', () => {
    const id = '440106202603021232';
    expect(isValidResidentId(id, '2026-03-01T15:59:59Z')).toBe(false);
    expect(isValidResidentId(id, '2026-03-01T16:00:00Z')).toBe(true);
    expect(isValidResidentId(id, new Date('2026-03-02T00:00:00+08:00'))).toBe(true);
    expect(isValidResidentId(id, Date.parse('2026-03-02T00:00:00+08:00') - 1)).toBe(false);
    expect(localDateNumber('2026-03-01T16:00:00Z')).toBe(20260302);
  });

  it('throws RangeError for an instant of the check that is not one', () => {
    expect(() => isValidResidentId('11010519491231002X', 'yesterday')).toThrow(RangeError);
    expect(() => residentIdFault('not an ID', new Date(Number.NaN))).toThrow(RangeError);
  });

  it('accepts 29 February of a leap year only', () => {
    expect(isValidResidentId(withCheck('44010620000229123'), AS_OF)).toBe(true);
    expect(isValidResidentId(withCheck('44010619000229123'), AS_OF)).toBe(false);
  });

  const PROVINCES = [
    ...['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37'],
    ...['41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'],
    ...['71', '81', '82', '83'],
  ];
  const validId = fc
    .tuple(
      fc.constantFrom(...PROVINCES),
      fc.string({ unit: fc.constantFrom(...DIGITS), minLength: 4, maxLength: 4 }),
      fc.date({
        min: new Date('1900-01-01T00:00:00Z'),
        max: new Date('2026-03-01T00:00:00Z'),
        noInvalidDate: true,
      }),
      fc.string({ unit: fc.constantFrom(...DIGITS), minLength: 3, maxLength: 3 }),
    )
    .map(
      ([province, area, birth, sequence]) =>
        province + area + birth.toISOString().slice(0, 10).replace(/-/g, '') + sequence,
    )
    .map(withCheck);

  it('property: generated IDs are valid, and any one character changed makes them invalid', () => {
    fc.assert(
      fc.property(
        validId.chain((id) => changeOne(id, `${DIGITS}X`).map((c) => ({ id, ...c }))),
        ({ id, changed }) => {
          expect(isValidResidentId(id, AS_OF)).toBe(true);
          expect(isValidResidentId(changed, AS_OF)).toBe(false);
        },
      ),
    );
  });

  it('property: any first two digits outside the province list are refused, whatever the check character', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')),
        validId,
        (prefix, id) => {
          fc.pre(!PROVINCES.includes(prefix));
          expect(residentIdFault(withCheck(prefix + id.slice(2, 17)), AS_OF)).toBe('province');
        },
      ),
    );
  });

  it('property: a birth date after the day of the check is refused, before it accepted', () => {
    fc.assert(
      fc.property(
        validId,
        fc.date({
          min: new Date('1900-01-02T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (id, day) => {
          const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
          const checkedOn = day.toISOString().slice(0, 10);
          // Noon in UTC+8 of the day of the check.
          const valid = isValidResidentId(id, `${checkedOn}T12:00:00+08:00`);
          expect(valid).toBe(birth <= checkedOn);
        },
      ),
    );
  });
});

describe('GB 32100 unified social credit code', () => {
  it.each([
    ['91350100M000100Y43', 'valid', null, 'the standard example'],
    ['91440101MA5CJQ4N59', 'valid', null, 'an enterprise registered in Guangzhou (440101)'],
    ['12100000000013127A', 'valid', null, 'a public institution registered at national level (100000)'],
    ['91350100M000100Y44', 'checksum-mismatch', 'check-character', 'well formed, wrong check character'],
    [
      '91350100M000100Y53',
      'checksum-mismatch',
      'organisation-code-check',
      'GB 11714 check character of M000100Y wrong',
    ],
    ['91350100M000100YX3', 'checksum-mismatch', 'organisation-code-check', 'GB 11714 check X where 4 is due'],
    ['91350100M000100YA3', 'invalid', 'format', 'GB 11714 check character A: only 0-9 or X'],
    ['91350100M000100Y4I', 'invalid', 'format', 'I is outside the charset'],
    ['91350100M000100Y4', 'invalid', 'format', '17 characters'],
    ['91350100m000100Y43', 'invalid', 'format', 'lower case'],
    ['', 'invalid', 'format', 'empty'],
    ['B1350100M000100Y43', 'invalid', 'registration-authority', 'B is no registration authority'],
    ['01350100M000100Y43', 'invalid', 'registration-authority', '0 is no registration authority'],
    ['94350100M000100Y43', 'invalid', 'organisation-type', 'market regulation registers types 1–3 only'],
    ['Y2350100M000100Y43', 'invalid', 'organisation-type', 'Y registers type 1 only'],
    ['91000000M000100Y43', 'invalid', 'division', 'division 000000 (issue 11: province 00)'],
    ['91990100M000100Y43', 'invalid', 'division', 'division 99: no province'],
    [
      '91830100M000100Y43',
      'invalid',
      'division',
      '83 is no division of GB/T 2260 (only of residence permits)',
    ],
    ['913501A0M000100Y43', 'invalid', 'division', 'letter in the division code'],
  ] as const)('%s → %s (%s)', (s, result, fault, _why) => {
    expect(checkUscc(s)).toBe(result);
    expect(usccFault(s)).toBe(fault);
  });

  it('maps a check value of 31 to 0', () => {
    // A prefix whose sum is ≡ 0 mod 31 has the check character '0'.
    expect(usccCheckCharacter('00000000000000000')).toBe('0');
  });

  it('computes the GB 11714 check character: 11 → 0, 10 → X', () => {
    expect(organisationCodeCheckCharacter('M000100Y')).toBe('4');
    expect(organisationCodeCheckCharacter('00000000')).toBe('0'); // 11 − 0 = 11 → 0
    expect(organisationCodeCheckCharacter('00000006')).toBe('X'); // 6 × 2 = 12 ≡ 1, 11 − 1 = 10 → X
    expect(organisationCodeCheckCharacter('00000001')).toBe('9'); // 1 × 2 = 2, 11 − 2 = 9
  });

  const AUTHORITY_TYPES: readonly (readonly [string, string])[] = [
    ['1', '1239'],
    ['2', '19'],
    ['3', '123459'],
    ['4', '19'],
    ['5', '1239'],
    ['6', '129'],
    ['7', '129'],
    ['8', '19'],
    ['9', '123'],
    ['A', '19'],
    ['N', '1239'],
    ['Y', '1'],
  ];
  const ORGANISATION_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const validUscc = fc
    .tuple(
      fc.constantFrom(...AUTHORITY_TYPES).chain(([a, types]) => fc.constantFrom(...types).map((t) => a + t)),
      fc.constantFrom('11', '31', '44', '46', '65', '81', '82'),
      fc.string({ unit: fc.constantFrom(...DIGITS), minLength: 4, maxLength: 4 }),
      fc.string({ unit: fc.constantFrom(...ORGANISATION_BODY), minLength: 8, maxLength: 8 }),
    )
    .map(
      ([head, province, area, body]) => head + province + area + body + organisationCodeCheckCharacter(body),
    )
    .map((first17) => first17 + usccCheckCharacter(first17));

  it('property: a valid code with its final check character changed is a checksum mismatch', () => {
    fc.assert(
      fc.property(validUscc, fc.nat({ max: 29 }), (code, k) => {
        expect(checkUscc(code)).toBe('valid');
        const other = USCC_CHARSET.replace(code[17], '')[k];
        expect(usccFault(code.slice(0, 17) + other)).toBe('check-character');
      }),
    );
  });

  it('property: a valid code with one organisation-code character changed fails a check, never passes', () => {
    fc.assert(
      fc.property(
        validUscc.chain((code) =>
          fc.tuple(fc.integer({ min: 8, max: 15 }), fc.nat({ max: 29 })).map(([i, k]) => {
            const others = USCC_CHARSET.replace(code[i], '');
            return code.slice(0, i) + others[k] + code.slice(i + 1);
          }),
        ),
        (changed) => {
          expect(checkUscc(changed)).toBe('checksum-mismatch');
        },
      ),
    );
  });

  it('property: an unlisted registration authority or organisation type is invalid, whatever the checks', () => {
    fc.assert(
      fc.property(
        validUscc,
        fc.constantFrom(...USCC_CHARSET),
        fc.constantFrom(...USCC_CHARSET),
        (code, a, t) => {
          const types = AUTHORITY_TYPES.find(([x]) => x === a)?.[1];
          fc.pre(types === undefined || !types.includes(t));
          const first17 = a + t + code.slice(2, 17);
          expect(checkUscc(first17 + usccCheckCharacter(first17))).toBe('invalid');
        },
      ),
    );
  });
});

describe('HKID and Macau resident ID', () => {
  it.each([
    ['A123456(3)', true, 'the usual example'],
    ['A1234563', true, 'without parentheses'],
    ['AB9876543', true, 'two letters'],
    ['AB987654(3)', true, 'two letters, parentheses'],
    ['A123456(4)', false, 'wrong check digit'],
    ['A123456(3', false, 'unbalanced parenthesis'],
    ['a123456(3)', false, 'lower case'],
    ['ABC123456(3)', false, 'three letters'],
    ['A12345(6)', false, 'five digits'],
    ['1234567(8)', false, 'no letter'],
  ])('HKID %s → %s (%s)', (s, valid) => {
    expect(isValidHkid(s)).toBe(valid);
  });

  it('takes a check value of 10 as A', () => {
    // Find the digits whose check is A: 11 − (Σ mod 11) = 10, i.e. Σ ≡ 1 (mod 11).
    const body = Array.from({ length: 1000000 }, (_, n) => String(n).padStart(6, '0')).find((d) => {
      let sum = 36 * 9 + 10 * 8;
      for (let i = 0; i < 6; i++) sum += Number(d[i]) * (7 - i);
      return sum % 11 === 1;
    }) as string;
    expect(isValidHkid(`A${body}(A)`)).toBe(true);
    expect(isValidHkid(`A${body}(0)`)).toBe(false);
  });

  it('property: any one digit of a valid HKID changed makes it invalid', () => {
    const validHkid = fc
      .tuple(
        fc.string({ unit: fc.constantFrom(...UPPER), minLength: 1, maxLength: 2 }),
        fc.string({ unit: fc.constantFrom(...DIGITS), minLength: 6, maxLength: 6 }),
      )
      .map(([letters, digits]) => {
        const body = (letters.length === 1 ? ` ${letters}` : letters) + digits;
        let sum = 0;
        for (let i = 0; i < 8; i++) {
          const c = body.charCodeAt(i);
          sum += (c === 32 ? 36 : c >= 65 ? c - 55 : c - 48) * (9 - i);
        }
        const check = (11 - (sum % 11)) % 11;
        return `${letters}${digits}(${check === 10 ? 'A' : check})`;
      });
    fc.assert(
      fc.property(validHkid, fc.nat({ max: 5 }), fc.nat({ max: 8 }), (id, j, k) => {
        expect(isValidHkid(id)).toBe(true);
        const i = id.indexOf('(') - 6 + j;
        const changed = id.slice(0, i) + DIGITS.replace(id[i], '')[k] + id.slice(i + 1);
        expect(isValidHkid(changed)).toBe(false);
      }),
    );
  });

  it.each([
    ['1234567(8)', true],
    ['12345678', true],
    ['1234567(A)', true],
    ['5215299(8)', true],
    ['7000001(2)', true],
    ['2234567(8)', false],
    ['1234567(8', false],
    ['123456(7)', false],
    ['1/234567/8', false],
    ['1234567((8))', false],
    ['A234567(8)', false],
  ])('Macau resident ID %s → %s', (s, valid) => {
    expect(isValidMacauResidentId(s)).toBe(valid);
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

  it.each([
    ['33', true],
    ['3304', true],
    ['3304990099', true],
    ['00', false],
    ['77', false],
    ['98', false],
    ['3', false],
    ['33049900991', false],
    ['33a4', false],
  ])('HS prefix %s → %s', (prefix, valid) => {
    expect(isValidHsPrefix(prefix)).toBe(valid);
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
    ['AEOCN4401960123', 'CN'],
    ['AEOCN0012345678', undefined], // customs code of division 00: no province
    ['AEOCN9912345678', undefined],
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

describe('ISO 3166 country codes and UN/LOCODEs', () => {
  it.each([
    ['CN', true],
    ['HK', true],
    ['MO', true],
    ['JP', true],
    ['XX', false],
    ['UK', false], // reserved, not assigned: the United Kingdom is GB
    ['cn', false],
    ['CHN', false],
    ['', false],
  ])('country %p → %s', (code, valid) => {
    expect(isCountryCode(code)).toBe(valid);
  });

  it.each([
    ['CNCAN', true],
    ['HKHKG', true],
    ['MOMFM', true],
    ['CNZ2H', true],
    ['XXCAN', false], // no such country
    ['CNCA1', false], // digits 0 and 1 are not used (confusable with O and I)
    ['CNCA0', false],
    ['CN CAN', false],
    ['cncan', false],
    ['CNCA', false],
  ])('UN/LOCODE %p → %s', (code, valid) => {
    expect(isValidUnLocode(code)).toBe(valid);
  });

  it('the code lists of the standard hold only well-formed codes', () => {
    expect(ISO_3166_COUNTRIES.every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
    expect(new Set(ISO_3166_COUNTRIES).size).toBe(ISO_3166_COUNTRIES.length);
    for (const { code } of LOCODES) expect(isValidUnLocode(code)).toBe(true);
  });

  it('property: a UN/LOCODE is a listed country and three of A–Z, 2–9', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ISO_3166_COUNTRIES, 'XX', 'AA', 'ZZ'),
        fc.string({ unit: fc.constantFrom(...'ABCXYZ0123456789'), minLength: 3, maxLength: 3 }),
        (country, location) => {
          const valid = ISO_3166_COUNTRIES.includes(country) && !/[01]/.test(location);
          expect(isValidUnLocode(country + location)).toBe(valid);
        },
      ),
    );
  });
});
