// Fixtures of the domain's unit tests: a fixed clock, sequential ids, facts of any publisher.
import { type Authority, type Declaration, validateDeclaration } from '@gba/standards';
import type { AssessmentSettings } from './assessment';
import { Clearance, type Clock } from './clearance';
import { FactFactory } from './facts';
import type { DeclarationRecord } from './types';

let lastId = 0;

/**
 * A clock that ticks one millisecond per reading, and ids 00000000-…-000000000001, …02, …
 * (unique across clocks, as random UUIDs are).
 */
export function testClock(start = '2026-03-01T08:00:00.000Z'): Clock {
  let t = Date.parse(start);
  return {
    now: () => new Date(t++),
    newId: () => `00000000-0000-4000-8000-${String(++lastId).padStart(12, '0')}`,
  };
}

/** A validated declaration from a plain object (throws with the first error otherwise). */
export function declared(body: unknown): Declaration {
  const v = validateDeclaration(body, '2026-03-01T08:00:00Z');
  if (!v.ok) throw new Error(`fixture breaks the data standard: ${JSON.stringify(v.errors[0])}`);
  return v.declaration;
}

export function settings(overrides: Partial<AssessmentSettings> = {}): AssessmentSettings {
  return {
    randomSelection: false,
    selectionKey: 'a-selection-key-for-tests',
    riskTargets: [],
    knownConsignors: new Set(),
    ...overrides,
  };
}

export function clearanceOf(
  me: Authority,
  records: Map<string, DeclarationRecord> = new Map(),
  overrides: Partial<AssessmentSettings> = {},
  clock: Clock = testClock(),
): Clearance {
  return new Clearance(me, settings(overrides), records, clock);
}

/** Facts published by a partner, addressed to `addressees`. */
export function partner(authority: Authority, clock: Clock = testClock()): FactFactory {
  return new FactFactory(
    authority,
    () => clock.newId(),
    () => clock.now(),
  );
}
