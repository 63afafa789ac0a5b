import { node, tracing } from '@opentelemetry/sdk-node';
import { createTestDatabase } from '@gba/testing';
import { DataSource } from 'typeorm';
import { MetricsRegistry } from '../metrics/metrics';
import { dataSourceOptions } from '../runtime.module';
import { BACKGROUND_UNIT, currentUnitOfWork, dbStatementsTotal, inUnitOfWork } from './unit-of-work';

const exporter = new tracing.InMemorySpanExporter();
const provider = new node.NodeTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] });
provider.register();

async function counted(unit: string): Promise<number> {
  const metric = await dbStatementsTotal.get();
  return metric.values.find((v) => v.labels['unit'] === unit)?.value ?? 0;
}

describe('units of work: one span each, and every SQL statement counted by kind (PostgreSQL)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    const url = await createTestDatabase('runtime_statements');
    // The service's own options: the counting logger is installed there.
    dataSource = new DataSource(dataSourceOptions({ databaseUrl: url }, [], []));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await provider.shutdown();
  });

  it('counts the N statements of a unit under its kind (BEGIN and COMMIT included), others as background', async () => {
    const [before, background] = [await counted('file-declarations'), await counted(BACKGROUND_UNIT)];
    await inUnitOfWork('file-declarations', () =>
      dataSource.transaction(async (manager) => {
        for (let i = 0; i < 7; i++) await manager.query('SELECT $1::int AS n', [i]);
      }),
    );
    expect((await counted('file-declarations')) - before).toBe(7 + 2);
    await dataSource.query('SELECT 1');
    expect((await counted(BACKGROUND_UNIT)) - background).toBe(1);
  });

  it('keeps concurrent units apart, and an inner unit counts under its own kind', async () => {
    const [query, officer, events] = await Promise.all(
      ['query', 'officer-action', 'partner-events'].map((k) => counted(k)),
    );
    await Promise.all([
      inUnitOfWork('query', async () => {
        for (let i = 0; i < 5; i++) await dataSource.query('SELECT pg_sleep(0.005)');
      }),
      inUnitOfWork('officer-action', async () => {
        for (let i = 0; i < 3; i++) await dataSource.query('SELECT pg_sleep(0.004)');
        expect(currentUnitOfWork()).toBe('officer-action');
        await inUnitOfWork('partner-events', () => dataSource.query('SELECT 2'));
        expect(currentUnitOfWork()).toBe('officer-action');
      }),
    ]);
    expect((await counted('query')) - query).toBe(5);
    expect((await counted('officer-action')) - officer).toBe(3);
    expect((await counted('partner-events')) - events).toBe(1);
    expect(currentUnitOfWork()).toBeUndefined();
  });

  it('makes one span per unit, not one per statement, and records its failure', async () => {
    exporter.reset();
    await expect(
      inUnitOfWork('officer-action', async () => {
        await dataSource.query('SELECT 1');
        await dataSource.query('SELECT 2');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['unit officer-action']);
    expect(spans[0]!.status).toMatchObject({ code: 2, message: 'refused' });
  });

  it('is exposed by every service registry in /metrics', async () => {
    await inUnitOfWork('query', () => dataSource.query('SELECT 1'));
    const text = await new MetricsRegistry().registry.metrics();
    expect(text).toMatch(/^db_statements_total\{unit="query"\} [1-9]\d*$/m);
  });
});
