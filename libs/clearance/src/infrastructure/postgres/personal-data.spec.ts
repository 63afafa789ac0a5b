import { createCipheriv, createHash, createHmac, hkdfSync } from 'node:crypto';
import { legacyKeyedHash, PersonalData, personalDataKeys } from './personal-data';

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

  it('derives separate keys for sealing and for keyed hashes from PII_KEY with HKDF-SHA256', () => {
    const secret = 'a-pii-key-of-at-least-thirty-two-characters';
    const { sealing, hashing } = personalDataKeys(secret);
    expect(sealing).toHaveLength(32);
    expect(hashing).toHaveLength(32);
    expect(sealing.equals(hashing)).toBe(false);
    // RFC 5869 with SHA-256, the project's salt and one info label per purpose.
    const hkdf = (info: string) =>
      Buffer.from(hkdfSync('sha256', secret, 'gba-joint-clearance personal data', info, 32));
    expect(sealing).toEqual(hkdf('aes-256-gcm sealing of ID numbers v2'));
    expect(hashing).toEqual(hkdf('hmac-sha256 keyed hash of identifiers v2'));
    // The keyed hash is under the hashing key, no longer under PII_KEY itself.
    const id = '11010519491231002X';
    expect(pii.keyedHash(id)).toBe(createHmac('sha256', hashing).update(id).digest('hex'));
    expect(pii.keyedHash(id)).not.toBe(legacyKeyedHash(secret, id));
    expect(legacyKeyedHash(secret, id.toLowerCase())).toBe(
      createHmac('sha256', secret).update(id).digest('hex'),
    );
  });

  it('seals under the current key (enc:v2) and still opens values sealed under the former one (enc:v1)', () => {
    const secret = 'a-pii-key-of-at-least-thirty-two-characters';
    const iv = Buffer.alloc(12, 7);
    const former = createCipheriv(
      'aes-256-gcm',
      createHash('sha256').update(`gba-declaration-pii\n${secret}`).digest(),
      iv,
    );
    const data = Buffer.concat([former.update('11010519491231002X', 'utf8'), former.final()]);
    const v1 = `enc:v1:${Buffer.concat([iv, former.getAuthTag(), data]).toString('base64url')}`;
    expect(pii.decrypt(v1)).toBe('11010519491231002X');
    expect(pii.encrypt('11010519491231002X')).toMatch(/^enc:v2:/);

    const stored = JSON.parse(pii.sealed(declaration)) as typeof declaration;
    expect(pii.sealedUnderCurrentKey(stored)).toBe(true);
    const mixed = { ...stored, consignee: { ...stored.consignee, idNumber: v1 } };
    expect(pii.sealedUnderCurrentKey(mixed)).toBe(false);
    expect(pii.open(mixed)).toEqual(declaration);
    expect(pii.idNumbers(declaration)).toEqual([
      '11010519491231002X',
      '11010519491231002X',
      '11010519491231002X',
    ]);
  });
});
