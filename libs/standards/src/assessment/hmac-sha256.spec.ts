import { hmacSha256, hmacSha256First32 } from './hmac-sha256';
import { selectionDraw } from './random-selection';

const repeat = (byte: number, length: number) => new Uint8Array(length).fill(byte);
const text = (value: string) => new TextEncoder().encode(value);

describe('HMAC-SHA256 of the random-selection draw', () => {
  // RFC 4231 § 4.2–4.8: every test case, keys and data as the RFC gives their bytes.
  it.each([
    [
      1,
      repeat(0x0b, 20),
      text('Hi There'),
      'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    ],
    [
      2,
      text('Jefe'),
      text('what do ya want for nothing?'),
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    ],
    [
      3,
      repeat(0xaa, 20),
      repeat(0xdd, 50),
      '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
    ],
    [
      4,
      Uint8Array.from({ length: 25 }, (_, i) => i + 1),
      repeat(0xcd, 50),
      '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    ],
    // Case 5 publishes only the first 128 bits (truncated output).
    [5, repeat(0x0c, 20), text('Test With Truncation'), 'a3b6167473100ee06e0c796c2955552b'],
    [
      6,
      repeat(0xaa, 131),
      text('Test Using Larger Than Block-Size Key - Hash Key First'),
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    ],
    [
      7,
      repeat(0xaa, 131),
      text(
        'This is a test using a larger than block-size key and a larger than block-size data. ' +
          'The key needs to be hashed before being used by the HMAC algorithm.',
      ),
      '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    ],
  ])('matches RFC 4231 test case %i', (_case, key, data, expected) => {
    expect(hmacSha256(key, data).toString('hex').slice(0, expected.length)).toBe(expected);
  });

  it('encodes text keys and messages as UTF-8, the same digest as their bytes', () => {
    expect(hmacSha256('Jefe', 'what do ya want for nothing?').toString('hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(hmacSha256('clé-ключ-鍵', 'déclaration|GZ|2026.1')).toEqual(
      hmacSha256(text('clé-ключ-鍵'), text('déclaration|GZ|2026.1')),
    );
  });

  it('draws the first 32 bits, big-endian', () => {
    expect(hmacSha256First32('Jefe', 'what do ya want for nothing?')).toBe(0x5bdcc146);
  });

  it('keeps the draws of the hand-written implementation it replaced (same declarations, same lanes)', () => {
    // Values computed by the former TypeScript HMAC-SHA256 before the move to node:crypto.
    expect(selectionDraw('bench-selection-key', 'D-1', 'GZ', '2025.1')).toBe(774684881);
    expect(
      selectionDraw('development-only-selection-key', '0190d4c8-0000-7000-8000-000000000001', 'HK', '2026.1'),
    ).toBe(3373988894);
    expect(selectionDraw('k', 'x|MO|1', 'MO', 'v')).toBe(418247666);
  });
});
