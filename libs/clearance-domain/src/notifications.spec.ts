import { currentStandard, type RiskTarget } from '@gba/standards';
import { sampleDeclaration } from '@gba/testing';
import type { Clearance } from './clearance';
import type { ClearanceFact } from './facts';
import { notificationsOwed } from './notifications';
import { clearanceOf, declared, testClock } from './testing';
import type { DeclarationRecord } from './types';

const VERSION = currentStandard().version;
const NOW = new Date('2026-03-01T10:00:00.000Z');
let ids = 0;
const newId = () => `n-${++ids}`;

const red: RiskTarget = {
  id: 'target-red',
  match: { partyId: '12345678' },
  lane: 'RED',
  reason: 'test',
  expiresAt: '2099-01-01T00:00:00Z',
  setAt: '2000-01-01T00:00:00Z',
};

/** The records as the store loads them for the next unit: without the history already written. */
function stored(clearance: Clearance): Map<string, DeclarationRecord> {
  return new Map([...clearance.records].map(([id, r]) => [id, { ...r, history: [] }]));
}

function fileAtHk(id: string, platformRef = 'SHOP-1'): Clearance {
  const hk = clearanceOf('HK');
  const declaration = declared(sampleDeclaration({ origin: 'HK', destination: 'CN' }, { platformRef }));
  hk.record([
    hk.facts.declarationFiled(id, VERSION, {
      platformId: 'shop-a',
      platformRef,
      declaration,
      participants: [
        { authority: 'HK', role: 'export' },
        { authority: 'GZ', role: 'import' },
      ],
    }),
  ]);
  return hk;
}

/** One unit of work at `me` over `before`, receiving partners' `facts`: its notifications. */
function unit(me: 'HK' | 'GZ', before: Map<string, DeclarationRecord>, facts: ClearanceFact[], targets = []) {
  const clearance = clearanceOf(me, before, { riskTargets: targets }, testClock('2026-03-01T09:00:00.000Z'));
  for (const fact of facts) clearance.receive(fact);
  const after = [...clearance.changed].map((id) => clearance.get(id));
  return { clearance, owed: notificationsOwed(me, before, after, newId, NOW) };
}

const ID = '33333333-3333-4333-8333-333333333333';
const OTHER = '44444444-4444-4444-8444-444444444444';

describe('notificationsOwed: one notification per change, at the authority filed with', () => {
  it('notifies the filing as ACCEPTED, once, with every participant', () => {
    const hk = fileAtHk(ID);
    const owed = notificationsOwed('HK', new Map(), [hk.get(ID)], newId, NOW);
    expect(owed).toEqual([
      {
        id: expect.any(String),
        declarationId: ID,
        platformId: 'shop-a',
        platformRef: 'SHOP-1',
        type: 'ACCEPTED',
        status: 'IN_PROGRESS',
        authority: null,
        inspectingAuthority: null,
        participants: [
          { authority: 'HK', status: 'RELEASED', lane: 'GREEN' },
          { authority: 'GZ', status: 'RECEIVED', lane: null },
        ],
        reasons: expect.any(Array),
        occurredAt: hk.get(ID).history.at(-1)!.occurredAt,
      },
    ]);
  });

  it("notifies a partner's assessment and decision received in one unit as one CLEARED", () => {
    const hk = fileAtHk(ID);
    const gz = clearanceOf('GZ');
    for (const fact of hk.published) gz.receive(fact);
    const { owed } = unit('HK', stored(hk), gz.published);
    expect(owed.map((n) => [n.type, n.status, n.authority])).toEqual([['CLEARED', 'CLEARED', null]]);
    expect(owed[0]!.participants.map((p) => p.status)).toEqual(['RELEASED', 'RELEASED']);
  });

  it("notifies each of a partner's changes received in separate units", () => {
    const hk = fileAtHk(ID);
    const gz = clearanceOf('GZ');
    for (const fact of hk.published) gz.receive(fact);
    const [assessed, decided] = gz.published;
    const first = unit('HK', stored(hk), [assessed!]);
    expect(first.owed.map((n) => [n.type, n.authority, n.status])).toEqual([
      ['ASSESSED', 'GZ', 'IN_PROGRESS'],
    ]);
    const second = unit('HK', stored(first.clearance), [decided!]);
    expect(second.owed.map((n) => n.type)).toEqual(['CLEARED']);
  });

  it('owes nothing for a unit that changes nothing (a redelivered fact) or at a partner', () => {
    const hk = fileAtHk(ID);
    const gz = clearanceOf('GZ');
    for (const fact of hk.published) gz.receive(fact);
    const applied = unit('HK', stored(hk), gz.published);
    expect(unit('HK', stored(applied.clearance), gz.published).owed).toEqual([]);
    expect(
      notificationsOwed('HK', stored(applied.clearance), [applied.clearance.get(ID)], newId, NOW),
    ).toEqual([]);
    // GZ takes part, but the platform filed with HK: GZ owes it nothing.
    expect(notificationsOwed('GZ', new Map(), [gz.get(ID)], newId, NOW)).toEqual([]);
  });

  it('gives each changed declaration of one unit its own notification, with its own id', () => {
    const hk = fileAtHk(ID, 'SHOP-1');
    const other = fileAtHk(OTHER, 'SHOP-2');
    const owed = notificationsOwed('HK', new Map(), [hk.get(ID), other.get(OTHER)], newId, NOW);
    expect(owed.map((n) => [n.declarationId, n.platformRef, n.type])).toEqual([
      [ID, 'SHOP-1', 'ACCEPTED'],
      [OTHER, 'SHOP-2', 'ACCEPTED'],
    ]);
    expect(new Set(owed.map((n) => n.id)).size).toBe(2);
  });

  it("notifies a partner's RED lane as INSPECTION_SCHEDULED at the inspecting authority", () => {
    const hk = fileAtHk(ID);
    const gz = clearanceOf('GZ', new Map(), { riskTargets: [red] });
    for (const fact of hk.published) gz.receive(fact);
    const { owed } = unit('HK', stored(hk), gz.published);
    expect(owed).toHaveLength(1);
    expect(owed[0]).toMatchObject({
      type: 'INSPECTION_SCHEDULED',
      authority: 'GZ',
      status: 'IN_PROGRESS',
      inspectingAuthority: 'HK',
    });
    expect(owed[0]!.participants).toContainEqual({
      authority: 'GZ',
      status: 'AWAITING_INSPECTION',
      lane: 'RED',
    });
    expect(owed[0]!.reasons.every((r) => r.authority === 'GZ')).toBe(true);
  });

  it('names a rejection by its participant, with its rule ids, and the declaration REJECTED', () => {
    const hk = fileAtHk(ID);
    const before = stored(hk);
    const record = hk.get(ID);
    const rejected: DeclarationRecord = {
      ...record,
      status: 'REJECTED',
      participants: record.participants.map((p) =>
        p.authority === 'GZ'
          ? { ...p, status: 'REJECTED', lane: 'RED', reasons: [{ ruleId: 'GZ-CBEC-LIMIT', detail: 'over' }] }
          : p,
      ),
      history: [],
    };
    const owed = notificationsOwed('HK', before, [rejected], newId, NOW);
    expect(owed).toEqual([
      expect.objectContaining({
        type: 'REJECTED',
        status: 'REJECTED',
        authority: 'GZ',
        reasons: [{ authority: 'GZ', ruleId: 'GZ-CBEC-LIMIT', detail: 'over' }],
        occurredAt: NOW.toISOString(),
      }),
    ]);
  });

  it('notifies a cancellation as CANCELLED, the declaration as a whole', () => {
    const hk = fileAtHk(ID);
    const record = hk.get(ID);
    const cancelled = {
      ...record,
      status: 'CANCELLED',
      participants: record.participants.map((p) =>
        p.authority === 'GZ'
          ? { ...p, status: 'CANCELLED', reasons: [{ ruleId: 'CANCELLED', detail: 'by the platform' }] }
          : p,
      ),
      history: [],
    } as unknown as DeclarationRecord;
    const owed = notificationsOwed('HK', stored(hk), [cancelled], newId, NOW);
    expect(owed).toEqual([
      expect.objectContaining({ type: 'CANCELLED', status: 'CANCELLED', authority: null }),
    ]);
    expect(owed[0]!.participants).toContainEqual({ authority: 'GZ', status: 'CANCELLED', lane: null });
  });

  it('notifies an amendment as AMENDED, once, even when no participant status moved', () => {
    const hk = fileAtHk(ID);
    const record = hk.get(ID);
    const amended = {
      ...record,
      filing: { ...record.filing!, version: 2 },
      history: [],
    } as DeclarationRecord;
    const owed = notificationsOwed('HK', stored(hk), [amended], newId, NOW);
    expect(owed).toEqual([
      expect.objectContaining({ type: 'AMENDED', status: record.status, authority: null }),
    ]);
    // Applied again (a redelivery), the same version is no change.
    expect(notificationsOwed('HK', new Map([[ID, amended]]), [amended], newId, NOW)).toEqual([]);
  });
});
