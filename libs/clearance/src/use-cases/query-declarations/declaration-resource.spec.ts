import { type DeclarationRecord, emptyRecord } from '@gba/clearance-domain';
import { decodeCursor, encodeCursor, resourceOf } from './declaration-resource';

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

describe('resourceOf: the history', () => {
  const entry = (eventId: string, type: string, occurredAt: string) => ({
    eventId,
    declarationId: ID,
    authority: 'HK' as const,
    type,
    occurredAt,
    detail: {},
  });
  const record = (history: ReturnType<typeof entry>[]): DeclarationRecord => ({
    ...emptyRecord(ID),
    status: 'IN_PROGRESS',
    filing: {
      platformId: 'shop-a',
      platformRef: 'SHOP-1',
      filedWith: 'HK',
      tradeMode: '9610',
      filedAt: '2026-03-01T08:00:00.123Z',
      declaration: null,
    },
    history,
  });

  it('keeps facts of the same instant in the order they were applied, not by event id', () => {
    const resource = resourceOf(
      record([
        entry('ffffffff-0000-4000-8000-000000000000', 'DECLARATION_FILED', '2026-03-01T08:00:00.123Z'),
        entry('00000000-0000-4000-8000-000000000000', 'ASSESSMENT_COMPLETED', '2026-03-01T08:00:00.123Z'),
      ]),
    );
    expect(resource.history.map((h) => h.type)).toEqual(['DECLARATION_FILED', 'ASSESSMENT_COMPLETED']);
  });

  it('puts earlier facts first whatever the order they were applied in', () => {
    const resource = resourceOf(
      record([
        entry('00000000-0000-4000-8000-000000000001', 'CLEARANCE_DECIDED', '2026-03-01T08:00:01.000Z'),
        entry('00000000-0000-4000-8000-000000000002', 'DECLARATION_FILED', '2026-03-01T08:00:00.123Z'),
      ]),
    );
    expect(resource.history.map((h) => h.type)).toEqual(['DECLARATION_FILED', 'CLEARANCE_DECIDED']);
  });
});
