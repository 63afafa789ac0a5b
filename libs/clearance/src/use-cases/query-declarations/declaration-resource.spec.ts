import { decodeCursor, encodeCursor } from './declaration-resource';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const craft = (filedAt: string) => Buffer.from(`${filedAt}|${ID}`, 'utf8').toString('base64url');

describe('declaration list cursor', () => {
  it('reads back the cursor it wrote', () => {
    const at = new Date('2026-03-01T08:00:00.123Z');
    expect(decodeCursor(encodeCursor(at, ID))).toEqual({ filedAt: at.toISOString(), id: ID });
  });

  it.each([
    '2026-02-30T00:00:00Z',
    '2026-03-01T08:00:00',
    '2026-03-01T24:00:00Z',
    'March 1, 2026',
    '2026-03-01',
  ])(
    'refuses a crafted cursor whose time %p is not an RFC 3339 date-time (not rolled over, not read locally)',
    (filedAt) => {
      expect(decodeCursor(craft(filedAt))).toBeNull();
    },
  );
});
