import type { Filing } from './client';
import { classify, type DatabaseState, duplicatedFilings } from './reconcile';
import type { AuthorityCode } from './shared';

/** An acknowledged HK→CN filing at HK (participants HK and GZ). */
function filing(n: number, acknowledged = true): Filing {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    n,
    kind: 'HK→CN @HK',
    filedWith: 'HK',
    platformRef: `CHAOS-t-${n}`,
    idempotencyKey: `CHAOS-t-${n}`,
    firstSentAt: 0,
    attempts: 1,
    ...(acknowledged ? { id, participants: ['HK', 'GZ'] as AuthorityCode[], acknowledgedAt: 1 } : {}),
  };
}

function empty(): Record<AuthorityCode, DatabaseState> {
  const state = (): DatabaseState => ({ copies: new Map(), historyTwice: [], unpublished: 0 });
  return { GZ: state(), HK: state(), MO: state() };
}

/** Stores a copy of `f` at `at` with the given participant statuses. */
function store(
  states: Record<AuthorityCode, DatabaseState>,
  at: AuthorityCode,
  f: Filing,
  statuses: Record<string, string>,
  id = f.id ?? 'x',
) {
  const list = states[at].copies.get(f.platformRef) ?? [];
  list.push({ id, participants: new Map(Object.entries(statuses)) });
  states[at].copies.set(f.platformRef, list);
}

const RELEASED_BY_BOTH = { HK: 'RELEASED', GZ: 'RELEASED' };

describe('classify (reconciliation of a scenario)', () => {
  it('counts a filing final and cleared when every participant holds a copy released by everyone', () => {
    const f = filing(1);
    const states = empty();
    store(states, 'HK', f, RELEASED_BY_BOTH);
    store(states, 'GZ', f, RELEASED_BY_BOTH);
    const r = classify([f], states);
    expect(r).toMatchObject({ acknowledged: 1, final: 1, cleared: 1, lost: [], stuck: [], duplicated: [] });
  });

  it('counts final but not cleared when a participant held it', () => {
    const f = filing(1);
    const states = empty();
    store(states, 'HK', f, { HK: 'RELEASED', GZ: 'HELD' });
    store(states, 'GZ', f, { HK: 'RELEASED', GZ: 'HELD' });
    expect(classify([f], states)).toMatchObject({ final: 1, cleared: 0 });
  });

  it('calls an acknowledged filing lost when a participant of its route has no copy', () => {
    const f = filing(1);
    const states = empty();
    store(states, 'HK', f, { HK: 'RELEASED', GZ: 'RECEIVED' });
    const r = classify([f], states);
    expect(r.lost).toEqual([{ id: f.id, platformRef: f.platformRef, missingAt: ['GZ'] }]);
    expect(r.final).toBe(0);
  });

  it('calls a copy that lacks a partner decision stuck, naming the copy and the participant', () => {
    const f = filing(1);
    const states = empty();
    store(states, 'HK', f, RELEASED_BY_BOTH);
    store(states, 'GZ', f, { HK: 'ASSESSED', GZ: 'RELEASED' });
    const r = classify([f], states);
    expect(r.stuck).toEqual([
      {
        id: f.id,
        platformRef: f.platformRef,
        undecided: [{ copyAt: 'GZ', participant: 'HK', status: 'ASSESSED' }],
      },
    ]);
    expect(r.lost).toEqual([]);
  });

  it('calls a missing participant row stuck too', () => {
    const f = filing(1);
    const states = empty();
    store(states, 'HK', f, { HK: 'RELEASED' });
    store(states, 'GZ', f, RELEASED_BY_BOTH);
    expect(classify([f], states).stuck[0].undecided).toEqual([
      { copyAt: 'HK', participant: 'GZ', status: null },
    ]);
  });

  it('finds one filing stored as two declarations, and a fact recorded twice', () => {
    const f = filing(1);
    const g = filing(2);
    const states = empty();
    for (const at of ['HK', 'GZ'] as const) {
      store(states, at, f, RELEASED_BY_BOTH);
      store(states, at, g, RELEASED_BY_BOTH);
    }
    store(states, 'GZ', f, RELEASED_BY_BOTH, 'another-id');
    states.HK.historyTwice.push({ id: g.id as string, authority: 'GZ', type: 'CLEARANCE_DECIDED', n: 2 });
    const r = classify([f, g], states);
    expect(r.duplicated.map((d) => [d.platformRef, d.at])).toEqual([
      [f.platformRef, 'GZ'],
      [g.platformRef, 'HK'],
    ]);
    expect(duplicatedFilings(r)).toBe(2);
  });

  it('counts filings never acknowledged but stored, and the unpublished outbox rows', () => {
    const f = filing(1, false);
    const states = empty();
    store(states, 'HK', f, RELEASED_BY_BOTH, 'stored-id');
    states.GZ.unpublished = 3;
    const r = classify([f], states);
    expect(r).toMatchObject({
      acknowledged: 0,
      storedUnacknowledged: 1,
      unpublished: { GZ: 3, HK: 0, MO: 0 },
    });
  });
});
