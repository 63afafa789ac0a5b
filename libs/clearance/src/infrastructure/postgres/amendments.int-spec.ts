import { type ClearanceFact, FactFactory } from '@gba/clearance-domain';
import type { ServiceConfig } from '@gba/runtime';
import { currentStandard, validateDeclaration } from '@gba/standards';
import { createTestDatabase, sampleDeclaration } from '@gba/testing';
import { DataSource } from 'typeorm';
import { ApplyPartnerEvents } from '../../use-cases/apply-partner-events/apply-partner-events.handler';
import { ClearanceFactory } from '../../use-cases/clearance-factory';
import type { ClearanceMetrics } from '../../use-cases/clearance-metrics';
import { CLEARANCE_ENTITIES, CLEARANCE_MIGRATIONS } from '../../schema';
import { loadDeclaration } from './declaration-queries';
import { PostgresClearanceStore } from './postgres-clearance.store';

const ignore = (): void => undefined;
const metrics = { filed: { inc: ignore }, decisions: { inc: ignore } } as unknown as ClearanceMetrics;
const ID = '55555555-5555-4555-8555-555555555555';
const VERSION = currentStandard().version;
const PARTICIPANTS = [
  { authority: 'HK' as const, role: 'export' as const },
  { authority: 'GZ' as const, role: 'import' as const },
];

function declared(body: unknown) {
  const v = validateDeclaration(body, new Date());
  if (!v.ok) throw new Error(JSON.stringify(v.errors[0]));
  return v.declaration;
}

/** An amendment as GZ receives it from HK, where it was filed: stored, and applied once (issue 13). */
describe('the PostgreSQL store keeps the versions of an amended declaration', () => {
  let dataSource: DataSource;
  let partnerEvents: ApplyPartnerEvents;
  let n = 0;
  const hk = new FactFactory(
    'HK',
    () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    () => new Date(),
  );
  const original = declared(sampleDeclaration({ origin: 'HK', destination: 'CN' }, { serial: 'amend' }));
  const corrected = declared({
    ...original,
    items: original.items.map((i) => ({ ...i, quantity: 3, unitValue: '100.00' })),
  });
  const receive = (...facts: ClearanceFact[]) =>
    partnerEvents.apply(
      facts.map((fact) => ({ fact: { ...fact, addressees: ['HK', 'GZ'] }, topic: 'gba.hk.events.v1' })),
    );
  const hkAssessment = (declarationVersion?: number) =>
    hk.assessmentCompleted(ID, VERSION, {
      role: 'export',
      lane: 'YELLOW',
      reasons: [{ ruleId: 'R', detail: `version ${declarationVersion ?? 1}` }],
      duties: [],
      checks: ['documents'],
      reserved: false,
      permitsMissing: [],
      ruleIds: ['R'],
      rejectedRuleIds: null,
      ...(declarationVersion ? { declarationVersion } : {}),
    });
  const row = async () =>
    (
      await dataSource.query(
        `SELECT d.version, d.body->'items'->0->>'quantity' AS quantity, p.status, p.assessed_version
           FROM declarations d JOIN participants p ON p.declaration_id = d.id AND p.authority = 'HK'
          WHERE d.id = $1`,
        [ID],
      )
    )[0] as { version: number; quantity: string; status: string; assessed_version: number };

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: await createTestDatabase('store_amendments'),
      entities: CLEARANCE_ENTITIES,
      migrations: CLEARANCE_MIGRATIONS,
      migrationsTableName: 'schema_migrations',
      extra: { max: 2 },
    });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const config = {
      authority: 'GZ',
      piiKey: 'a-pii-key-of-at-least-thirty-two-characters',
      topicPrefix: 'amend-test.',
      randomSelection: false,
      selectionKey: 'a-selection-key-of-16+',
    } as ServiceConfig;
    partnerEvents = new ApplyPartnerEvents(
      new PostgresClearanceStore(dataSource, config),
      new ClearanceFactory(config, metrics),
    );
  });

  afterAll(() => dataSource?.destroy());

  it('writes the new version and body over the filing, keeps both in the history, and takes only the current version’s assessment', async () => {
    await receive(
      hk.declarationFiled(ID, VERSION, {
        platformId: 'shop-a',
        platformRef: original.platformRef,
        declaration: original,
        participants: PARTICIPANTS,
      }),
      hkAssessment(),
    );
    expect(await row()).toEqual({
      version: 1,
      quantity: '2',
      status: 'AWAITING_DOCUMENT_CHECK',
      assessed_version: 1,
    });

    const amended = hk.declarationAmended(ID, VERSION, {
      version: 2,
      declaration: corrected,
      amendedBy: 'platform:shop-a',
      participants: PARTICIPANTS,
    });
    await receive(amended);
    expect(await row()).toEqual({ version: 2, quantity: '3', status: 'RECEIVED', assessed_version: 1 });
    // Redelivered: applied once.
    await receive(amended);
    // A late assessment of version 1 is history only; version 2's is taken.
    await receive(hkAssessment());
    expect(await row()).toMatchObject({ version: 2, status: 'RECEIVED' });
    await receive(hkAssessment(2));
    expect(await row()).toEqual({
      version: 2,
      quantity: '3',
      status: 'AWAITING_DOCUMENT_CHECK',
      assessed_version: 2,
    });

    const resource = await loadDeclaration(dataSource.manager, ID);
    expect(resource?.version).toBe(2);
    expect(resource?.history.map((h) => h.type)).toEqual([
      'DECLARATION_FILED',
      'ASSESSMENT_COMPLETED',
      'ASSESSMENT_COMPLETED', // GZ's own, of version 1
      'CLEARANCE_DECIDED', // GZ released version 1 (GREEN): an amendment does not reopen it
      'DECLARATION_AMENDED',
      'ASSESSMENT_COMPLETED',
      'ASSESSMENT_COMPLETED',
    ]);
    expect(resource?.participants.find((p) => p.authority === 'GZ')?.status).toBe('RELEASED');
  });
});
