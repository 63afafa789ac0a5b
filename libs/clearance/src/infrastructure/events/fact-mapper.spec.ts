import { decodeEvent, encodeEvent, EventDecodeError } from '@gba/contracts';
import { type ClearanceFact, FactFactory } from '@gba/clearance-domain';
import { currentStandard, validateDeclaration } from '@gba/standards';
import { sampleDeclaration } from '@gba/testing';
import { eventFromFact, factFromEvent } from './fact-mapper';

const ID = '33333333-3333-4333-8333-333333333333';
const VERSION = currentStandard().version;
let n = 0;
const facts = new FactFactory(
  'HK',
  () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  () => new Date('2026-03-01T08:00:00.000Z'),
);
const validated = validateDeclaration(sampleDeclaration({ origin: 'HK', destination: 'CN' }), new Date());
if (!validated.ok) throw new Error('sample declaration is not valid');
const declaration = validated.declaration;
const amendedBody = validateDeclaration(
  { ...declaration, items: declaration.items.map((i) => ({ ...i, quantity: 4, unitValue: '75.00' })) },
  new Date(),
);
if (!amendedBody.ok) throw new Error('amended sample declaration is not valid');

const addressed = <F extends ClearanceFact>(fact: F): F => ({ ...fact, addressees: ['HK', 'GZ'] });

const everyKind: ClearanceFact[] = [
  facts.declarationFiled(ID, VERSION, {
    platformId: 'shop-a',
    platformRef: declaration.platformRef,
    declaration,
    participants: [
      { authority: 'HK', role: 'export' },
      { authority: 'GZ', role: 'import' },
    ],
  }),
  facts.assessmentCompleted(ID, VERSION, {
    role: 'export',
    lane: 'RED',
    reasons: [{ ruleId: 'RISK_TARGET', detail: 'targeted' }],
    duties: [{ code: 'HK_DECLARATION_CHARGE', amount: '0.20', currency: 'HKD' }],
    checks: ['documents', 'quantity'],
    reserved: true,
    permitsMissing: ['CITES'],
    ruleIds: ['RISK_TARGET'],
    rejectedRuleIds: ['PROHIBITED'],
  }),
  facts.assessmentCompleted(ID, VERSION, {
    role: 'import',
    lane: 'GREEN',
    reasons: [],
    duties: [],
    checks: [],
    reserved: false,
    permitsMissing: [],
    ruleIds: [],
    rejectedRuleIds: null,
  }),
  facts.inspectionRequested(ID, VERSION, {
    taskId: '44444444-4444-4444-8444-444444444444',
    kind: 'physical',
    checks: ['documents'],
    requestedBy: ['HK', 'GZ'],
    reasons: [{ ruleId: 'JOINT_INSPECTION', detail: 'one inspection by HK for HK, GZ' }],
  }),
  facts.inspectionRecorded('44444444-4444-4444-8444-444444444444', {
    declarationId: ID,
    inspectingAuthority: 'HK',
    officerId: 'HK-officer',
    inspectedAt: '2026-03-01T09:00:00.000Z',
    location: 'HKHKG',
    method: 'physical',
    checks: [{ check: 'documents', outcome: 'pass' }],
    containerNumbers: ['CSQU3054383'],
    sealNumber: 'S99881',
    eLockId: 'EL000123',
    sealIntact: true,
    findings: [{ code: 'UNDECLARED_GOODS', detail: 'two more jars' }],
    standardVersion: VERSION,
  }),
  facts.inspectionRecorded('44444444-4444-4444-8444-444444444444', {
    declarationId: ID,
    inspectingAuthority: 'HK',
    officerId: 'HK-officer',
    inspectedAt: '2026-03-01T09:00:00.000Z',
    location: 'HKHKG',
    method: 'document',
    checks: [{ check: 'documents', outcome: 'fail' }],
    containerNumbers: [],
    findings: [],
    standardVersion: VERSION,
  }),
  facts.eLockApplied(ID, VERSION, { lockId: 'EL000123', sealNumber: 'S99881', location: 'HKHKG' }),
  facts.eLockVerified(ID, VERSION, {
    lockId: 'EL000123',
    sealNumber: 'S99881',
    location: 'CNGZG',
    intact: false,
  }),
  facts.clearanceDecided(ID, VERSION, {
    decision: 'REJECTED',
    reasons: [{ ruleId: 'SUPERVISOR_DECISION', detail: 'no' }],
    decidedBy: 'HK-supervisor',
  }),
  facts.declarationCancelled(ID, VERSION, {
    cancelledBy: 'platform:shop-a',
    reason: 'order withdrawn by the buyer',
    participants: [
      { authority: 'HK', role: 'export' },
      { authority: 'GZ', role: 'import' },
    ],
  }),
  facts.declarationAmended(ID, VERSION, {
    version: 2,
    declaration: amendedBody.declaration,
    amendedBy: 'platform:shop-a',
    participants: [
      { authority: 'HK', role: 'export' },
      { authority: 'GZ', role: 'import' },
    ],
  }),
  facts.assessmentCompleted(ID, VERSION, {
    role: 'import',
    lane: 'YELLOW',
    reasons: [],
    duties: [],
    checks: ['documents'],
    reserved: false,
    permitsMissing: [],
    ruleIds: [],
    rejectedRuleIds: null,
    declarationVersion: 2,
  }),
].map(addressed);

describe('facts ↔ protobuf events', () => {
  it.each(everyKind.map((f) => [f.type, f] as const))(
    'reads a %s back exactly as published (addressees included), through the wire',
    (_type, fact) => {
      expect(factFromEvent(decodeEvent(encodeEvent(eventFromFact(fact))))).toEqual(fact);
    },
  );

  it("carries a partner's filing with a party from outside CN, HK and MO, foreign identifier included", () => {
    const consignor = {
      name: 'Osaka Cosmetics KK',
      country: 'JP',
      address: '1-1 Umeda, Kita-ku, Osaka',
      foreignId: { scheme: 'JP_CORPORATE_NUMBER' as const, value: '7000012050002' },
    };
    const fromJapan = {
      ...declaration,
      tradeMode: '0110',
      route: { origin: 'JP', destination: 'HK', transit: [] },
      consignor,
      consignee: { name: 'Harbour Trading Ltd', country: 'HK', businessRegistrationNumber: '12345678' },
      items: declaration.items.map((i) => ({ ...i, tariffCodes: { HK: i.tariffCodes.HK as string } })),
    };
    delete fromJapan.ecommerce;
    const filed = { ...(everyKind[0] as ClearanceFact), declaration: fromJapan } as ClearanceFact;
    expect(factFromEvent(decodeEvent(encodeEvent(eventFromFact(filed))))).toMatchObject({
      declaration: { consignor },
    });
    const event = eventFromFact(filed);
    if (event.body.case !== 'declarationFiled') throw new Error('not a filing');
    event.body.value.declarationJson = JSON.stringify({
      ...fromJapan,
      consignor: { ...consignor, address: undefined },
    });
    expect(() => factFromEvent(event)).toThrow(/fails the data standard: REQUIRED/);
  });

  it("refuses a partner's filing that breaks the data standard: it can never be applied", () => {
    const filed = everyKind[0] as ClearanceFact;
    const event = eventFromFact(filed);
    if (event.body.case !== 'declarationFiled') throw new Error('not a filing');
    event.body.value.declarationJson = JSON.stringify({ ...declaration, items: [] });
    expect(() => factFromEvent(event)).toThrow(/fails the data standard/);
  });

  it("judges a partner's filing on the day it occurred (UTC+8), not on the day it arrives", () => {
    // Born 2026-03-02: not yet born on 2026-03-01, the day of the filing event.
    const buyer = '440106202603021232';
    const event = eventFromFact(everyKind[0] as ClearanceFact);
    if (event.body.case !== 'declarationFiled') throw new Error('not a filing');
    const body = sampleDeclaration({ origin: 'HK', destination: 'CN' }, { buyerIdNumber: buyer });
    event.body.value.declarationJson = JSON.stringify(body);
    event.occurredAt = '2026-03-01T15:59:59Z';
    expect(() => factFromEvent(event)).toThrow(/fails the data standard: RESIDENT_ID_INVALID/);
    event.occurredAt = '2026-03-01T16:00:00Z'; // 2026-03-02 00:00 in UTC+8
    expect(factFromEvent(event)).toMatchObject({ type: 'DeclarationFiled' });
  });

  it.each(['2026-02-30T00:00:00Z', '2026-03-01T08:00:00', '2026-03-01T24:00:00Z', ''])(
    "refuses a partner's event occurring at %p (not an RFC 3339 date-time) as undecodable",
    (occurredAt) => {
      const event = eventFromFact(everyKind[2] as ClearanceFact);
      event.occurredAt = occurredAt;
      expect(() => factFromEvent(event)).toThrow(EventDecodeError);
    },
  );

  it("refuses a partner's inspection result dated on a day that does not exist as undecodable", () => {
    const fact = everyKind.find((f) => f.type === 'InspectionRecorded') as ClearanceFact;
    const event = eventFromFact(fact);
    if (event.body.case !== 'inspectionRecorded') throw new Error('not an inspection result');
    event.body.value.inspectedAt = '2026-02-30T08:00:00Z';
    expect(() => factFromEvent(event)).toThrow(EventDecodeError);
  });

  it("refuses a partner's amendment to a version below 2, or whose declaration breaks the data standard", () => {
    const amended = everyKind.find((f) => f.type === 'DeclarationAmended') as ClearanceFact;
    const event = eventFromFact(amended);
    if (event.body.case !== 'declarationAmended') throw new Error('not an amendment');
    event.body.value.version = 1;
    expect(() => factFromEvent(event)).toThrow(EventDecodeError);
    event.body.value.version = 2;
    event.body.value.declarationJson = JSON.stringify({ ...declaration, items: [] });
    expect(() => factFromEvent(event)).toThrow(/fails the data standard/);
  });

  it("reads an assessment without a declaration version (a publisher before amendments) as version 1's", () => {
    const event = eventFromFact(everyKind[2] as ClearanceFact);
    if (event.body.case !== 'assessmentCompleted') throw new Error('not an assessment');
    expect(event.body.value.declarationVersion).toBe(0);
    expect(factFromEvent(event)).not.toHaveProperty('declarationVersion');
  });

  it('refuses an unknown role as undecodable', () => {
    const event = eventFromFact(everyKind[2] as ClearanceFact);
    if (event.body.case !== 'assessmentCompleted') throw new Error('not an assessment');
    event.body.value.role = 0;
    expect(() => factFromEvent(event)).toThrow(EventDecodeError);
  });
});
