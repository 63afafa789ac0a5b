import { PersonalData } from './personal-data';

const declaration = {
  platformRef: 'X',
  consignor: { name: 'A', businessRegistrationNumber: '12345678' },
  consignee: { name: '王小明', idType: 'RESIDENT_ID', idNumber: '11010519491231002X' },
  ecommerce: {
    order: { orderNo: 'O', buyerIdNumber: '11010519491231002X' },
    payment: { paymentNo: 'P', payerIdNumber: '11010519491231002X' },
  },
};

describe('personal data at rest', () => {
  const pii = new PersonalData('a-pii-key-of-at-least-thirty-two-characters');

  it('stores no ID number in clear and restores every one of them', () => {
    const sealed = pii.seal(JSON.stringify(declaration));
    expect(sealed).not.toContain('11010519491231002X');
    expect(sealed).toContain('12345678'); // company identifiers are not personal data
    expect(pii.open(JSON.parse(sealed))).toEqual(declaration);
  });

  it('changes neither the declaration it seals nor the stored one it opens', () => {
    const before = structuredClone(declaration);
    const stored = JSON.parse(pii.sealed(declaration)) as typeof declaration;
    expect(declaration).toEqual(before);
    const storedBefore = structuredClone(stored);
    const opened = pii.open(stored);
    expect(stored).toEqual(storedBefore);
    expect(opened).toEqual(declaration);
    expect(pii.open({ platformRef: 'no parties' })).toEqual({ platformRef: 'no parties' });
  });

  it('encrypts the same value differently each time, and refuses a tampered value', () => {
    const a = pii.encrypt('11010519491231002X');
    expect(pii.encrypt('11010519491231002X')).not.toBe(a);
    const tampered = `${a.slice(0, -2)}${a.endsWith('A') ? 'B' : 'A'}${a.slice(-1)}`;
    expect(() => pii.decrypt(tampered)).toThrow();
  });

  it('cannot be opened with another key', () => {
    const other = new PersonalData('another-pii-key-of-thirty-two-characters!');
    expect(() => other.decrypt(pii.encrypt('11010519491231002X'))).toThrow();
  });

  it('gives equal keyed hashes for equal IDs only', () => {
    expect(pii.keyedHash('11010519491231002x')).toBe(pii.keyedHash('11010519491231002X'));
    expect(pii.keyedHash('110105194912310038')).not.toBe(pii.keyedHash('11010519491231002X'));
  });
});
