import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { hmacSha256Words } from './hmac-sha256';

const hex = (words: Int32Array) => Array.from(words, (w) => (w >>> 0).toString(16).padStart(8, '0')).join('');

describe('HMAC-SHA256 of the random-selection draw', () => {
  it('matches RFC 4231 test case 2', () => {
    expect(hex(hmacSha256Words('Jefe', 'what do ya want for nothing?'))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('hashes keys longer than a block first (RFC 2104)', () => {
    const key = 'k'.repeat(131);
    const message = 'Test Using Larger Than Block-Size Key - Hash Key First';
    expect(hex(hmacSha256Words(key, message))).toBe(createHmac('sha256', key).update(message).digest('hex'));
    expect(hex(hmacSha256Words(key, message))).toBe(createHmac('sha256', key).update(message).digest('hex'));
  });

  it('equals node:crypto for any key and message (ASCII, Unicode, long keys, multi-block messages)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 100, unit: 'binary' }),
        fc.string({ maxLength: 200, unit: 'binary' }),
        (key, message) => {
          expect(hex(hmacSha256Words(key, message))).toBe(
            createHmac('sha256', key).update(message).digest('hex'),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
