import fc from 'fast-check';
import {
  foreignIdFault,
  type ForeignIdScheme,
  GB_COMPANY_NUMBER_PREFIXES,
  isValidBusinessRegistrationNumber,
  US_EIN_PREFIXES,
} from './party-ids';

const isCountry = (code: string) => ['DE', 'FR', 'GB', 'JP', 'US'].includes(code);
const fault = (scheme: ForeignIdScheme, value: string) => foreignIdFault(scheme, value, isCountry);

describe('foreign party identifiers: every structural rule of their standard', () => {
  it.each<[ForeignIdScheme, string, ReturnType<typeof foreignIdFault>]>([
    // US EIN (IRS valid EIN prefixes)
    ['US_EIN', '12-3456789', null],
    ['US_EIN', '01-0000001', null],
    ['US_EIN', '311234567', null],
    ['US_EIN', '99-1234567', null],
    ['US_EIN', '00-0000000', 'format'],
    ['US_EIN', '07-1234567', 'format'],
    ['US_EIN', '17-1234567', 'format'],
    ['US_EIN', '28-1234567', 'format'],
    ['US_EIN', '49-1234567', 'format'],
    ['US_EIN', '69-1234567', 'format'],
    ['US_EIN', '70-1234567', 'format'],
    ['US_EIN', '79-1234567', 'format'],
    ['US_EIN', '89-1234567', 'format'],
    ['US_EIN', '96-1234567', 'format'],
    ['US_EIN', '12-345678', 'format'],
    // Companies House registered numbers
    ['GB_COMPANY_NUMBER', '12345678', null],
    ['GB_COMPANY_NUMBER', '00000001', null],
    ['GB_COMPANY_NUMBER', 'SC123456', null],
    ['GB_COMPANY_NUMBER', 'NI012345', null],
    ['GB_COMPANY_NUMBER', 'OC301234', null],
    ['GB_COMPANY_NUMBER', 'R0001234', null],
    ['GB_COMPANY_NUMBER', 'FC031234', null],
    ['GB_COMPANY_NUMBER', 'XX123456', 'format'],
    ['GB_COMPANY_NUMBER', 'AB123456', 'format'],
    ['GB_COMPANY_NUMBER', 'R1123456', 'format'],
    ['GB_COMPANY_NUMBER', '00000000', 'format'],
    ['GB_COMPANY_NUMBER', 'SC000000', 'format'],
    ['GB_COMPANY_NUMBER', 'sc123456', 'format'],
    ['GB_COMPANY_NUMBER', '1234567', 'format'],
    // Japanese corporate numbers
    ['JP_CORPORATE_NUMBER', '7000012050002', null],
    ['JP_CORPORATE_NUMBER', '1180301018771', null],
    ['JP_CORPORATE_NUMBER', '9000000000000', 'format'],
    ['JP_CORPORATE_NUMBER', '8000012050002', 'check'],
    ['JP_CORPORATE_NUMBER', '700001205000', 'format'],
    // LEI (ISO 17442)
    ['LEI', '506700GE1G29325QX363', null],
    ['LEI', '5493001KJTIIGC8Y1R12', null],
    ['LEI', 'HWUPKR0MPOU8FGXBT394', null],
    ['LEI', '5493001KJTIIGC005202', null],
    ['LEI', '5493001KJTIIGC002098', null],
    ['LEI', '00000000000000000098', 'format'],
    ['LEI', '0000ABCDEFGHIJKLMN00', 'format'],
    ['LEI', '5493001KJTIIGC005299', 'check'],
    ['LEI', '5493001KJTIIGC002001', 'check'],
    ['LEI', '5493001KJTIIGC008500', 'check'],
    ['LEI', '506700GE1G29325QX364', 'check'],
    ['LEI', '506700ge1g29325qx363', 'format'],
    // EORI
    ['EORI', 'DE1234567890', null],
    ['EORI', 'XX123456', 'country'],
  ])('%s %s → %s', (scheme, value, expected) => {
    expect(fault(scheme, value)).toBe(expected);
  });

  it('US_EIN_PREFIXES is the IRS list: 83 prefixes, none of the never-assigned ones', () => {
    const never = [
      '00',
      '07',
      '08',
      '09',
      '17',
      '18',
      '19',
      '28',
      '29',
      '49',
      '69',
      '70',
      '78',
      '79',
      '89',
      '96',
      '97',
    ];
    expect(US_EIN_PREFIXES.size).toBe(100 - never.length);
    for (const p of never) expect(US_EIN_PREFIXES.has(p)).toBe(false);
  });

  it('an EIN is accepted exactly when its prefix is assigned, hyphen or not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 9_999_999 }), (p, serial) => {
        const prefix = String(p).padStart(2, '0');
        const rest = String(serial).padStart(7, '0');
        const expected = US_EIN_PREFIXES.has(prefix) ? null : 'format';
        expect(fault('US_EIN', `${prefix}-${rest}`)).toBe(expected);
        expect(fault('US_EIN', `${prefix}${rest}`)).toBe(expected);
      }),
    );
  });

  it('a UK company number with a listed prefix and a non-zero serial is accepted, any other prefix refused', () => {
    const letters = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0');
    fc.assert(
      fc.property(fc.tuple(letters, letters), fc.integer({ min: 1, max: 999_999 }), ([a, b], serial) => {
        const prefix = a + b;
        fc.pre(/^[A-Z]/.test(prefix));
        const value = `${prefix}${String(serial).padStart(6, '0')}`;
        expect(fault('GB_COMPANY_NUMBER', value)).toBe(
          GB_COMPANY_NUMBER_PREFIXES.has(prefix) ? null : 'format',
        );
      }),
    );
  });
});

describe('HK business registration number (UBI)', () => {
  it.each([
    ['12345678', true],
    ['00000001', true],
    ['00000000', false],
    ['1234567', false],
    ['1234-5678', false],
  ])('%s → %s', (value, valid) => {
    expect(isValidBusinessRegistrationNumber(value)).toBe(valid);
  });
});
