import { AsyncLocalStorage } from 'node:async_hooks';
import { endSpanWith } from '@gba/messaging';
import { trace } from '@opentelemetry/api';
import { Counter } from 'prom-client';
import { AdvancedConsoleLogger, type LoggerOptions } from 'typeorm';

/** The unit-of-work kind of statements sent outside any unit (relay, sequencer, metrics, start-up). */
export const BACKGROUND_UNIT = 'background';

const tracer = trace.getTracer('@gba/runtime');
const currentKind = new AsyncLocalStorage<string>();

/**
 * `db_statements_total{unit}`: SQL statements this process sent to PostgreSQL, by the kind of
 * unit of work that sent them (`file-declarations`, `partner-events`, …, or `background`),
 * including BEGIN/COMMIT. One per process; every {@link MetricsRegistry} exposes it.
 */
export const dbStatementsTotal = new Counter({
  name: 'db_statements_total',
  help: 'SQL statements sent to PostgreSQL, by unit-of-work kind (BEGIN and COMMIT included)',
  labelNames: ['unit'] as const,
  registers: [],
});

const byKind = new Map<string, Counter.Internal>();

/** Counts one statement under the unit of work in progress (or `background`). Cheap: a map lookup. */
export function countStatement(): void {
  const kind = currentKind.getStore() ?? BACKGROUND_UNIT;
  let counter = byKind.get(kind);
  if (!counter) {
    counter = dbStatementsTotal.labels(kind);
    byKind.set(kind, counter);
  }
  counter.inc();
}

/** The kind of the unit of work the caller runs in, if any. */
export function currentUnitOfWork(): string | undefined {
  return currentKind.getStore();
}

/**
 * Runs one unit of work (an HTTP request's work, a Kafka fetch, …) of the given kind: in one
 * span `unit <kind>` (child of the active span, e.g. the HTTP request's), and with every SQL
 * statement sent inside it counted under `db_statements_total{unit="<kind>"}`. An inner unit
 * counts under its own kind. Errors are recorded on the span and rethrown.
 */
export function inUnitOfWork<T>(kind: string, work: () => Promise<T>): Promise<T> {
  return currentKind.run(kind, () =>
    tracer.startActiveSpan(`unit ${kind}`, { attributes: { 'gba.unit_of_work': kind } }, (span) =>
      endSpanWith(span, work),
    ),
  );
}

/**
 * TypeORM's logger with a statement counter: TypeORM 1.1 calls `logQuery` before every statement
 * a query runner sends (transactions and migrations included), whatever the logging options, so
 * this is where `db_statements_total` counts. Logs exactly what the default logger would.
 */
export class StatementCountingLogger extends AdvancedConsoleLogger {
  constructor(options?: LoggerOptions) {
    super(options);
  }

  override logQuery(...args: Parameters<AdvancedConsoleLogger['logQuery']>): void {
    countStatement();
    super.logQuery(...args);
  }
}
