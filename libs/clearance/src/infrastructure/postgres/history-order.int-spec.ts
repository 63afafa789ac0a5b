import { FactFactory } from '@gba/clearance-domain';
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
const VERSION = currentStandard().version;
const PARTICIPANTS = [
  { authority: 'HK' as const, role: 'export' as const },
  { authority: 'GZ' as const, role: 'import' as const },
];

/**
 * The history as the PostgreSQL store reads it back: in time order, and facts of the same instant
 * in the order they were recorded (the history's serial id), never by their random event ids.
 */
describe('the PostgreSQL store reads the history in the order it was recorded', () => {
  let dataSource: DataSource;
  let partnerEvents: ApplyPartnerEvents;

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: await createTestDatabase('store_history_order'),
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
      topicPrefix: 'history-order-test.',
      randomSelection: false,
      selectionKey: 'a-selection-key-of-16+',
    } as ServiceConfig;
    partnerEvents = new ApplyPartnerEvents(
      new PostgresClearanceStore(dataSource, config),
      new ClearanceFactory(config, metrics),
    );
  });

  afterAll(() => dataSource?.destroy());

  it.each([
    ['in one delivery', true],
    ['in two deliveries', false],
  ])(
    'lists a filing and an assessment of the same millisecond filing first, %s, though the assessment’s event id sorts first',
    async (_how, together) => {
      const id = together ? '66666666-6666-4666-8666-666666666661' : '66666666-6666-4666-8666-666666666662';
      // Event ids counting down: the assessment's id sorts before the filing's.
      let n = 99;
      const sameInstant = new Date('2026-03-01T08:00:00.123Z');
      const hk = new FactFactory(
        'HK',
        () => `00000000-0000-4000-8000-${together ? 1 : 2}${String(n--).padStart(11, '0')}`,
        () => sameInstant,
      );
      const declaration = validateDeclaration(
        sampleDeclaration({ origin: 'HK', destination: 'CN' }, { serial: `order-${id.slice(-1)}` }),
        new Date(),
      );
      if (!declaration.ok) throw new Error(JSON.stringify(declaration.errors[0]));
      const filed = hk.declarationFiled(id, VERSION, {
        platformId: 'shop-a',
        platformRef: declaration.declaration.platformRef,
        declaration: declaration.declaration,
        participants: PARTICIPANTS,
      });
      const assessed = hk.assessmentCompleted(id, VERSION, {
        role: 'export',
        lane: 'GREEN',
        reasons: [],
        duties: [],
        checks: [],
        reserved: false,
        permitsMissing: [],
        ruleIds: [],
        rejectedRuleIds: null,
      });
      expect(assessed.eventId < filed.eventId).toBe(true);
      const delivery = (facts: (typeof filed | typeof assessed)[]) =>
        partnerEvents.apply(
          facts.map((fact) => ({ fact: { ...fact, addressees: ['HK', 'GZ'] }, topic: 'gba.hk.events.v1' })),
        );
      if (together) await delivery([filed, assessed]);
      else {
        await delivery([filed]);
        await delivery([assessed]);
      }

      const resource = await loadDeclaration(dataSource.manager, id);
      const hkFacts = resource?.history.filter((h) => h.authority === 'HK').map((h) => h.type);
      expect(hkFacts).toEqual(['DECLARATION_FILED', 'ASSESSMENT_COMPLETED']);
      // Time order still comes first: GZ's own assessment (now, later) follows both.
      expect(resource?.history.map((h) => `${h.authority} ${h.type}`)).toEqual([
        'HK DECLARATION_FILED',
        'HK ASSESSMENT_COMPLETED',
        expect.stringMatching(/^GZ /),
        ...(resource?.history.slice(3).map(() => expect.stringMatching(/^GZ /)) ?? []),
      ]);
    },
  );
});
