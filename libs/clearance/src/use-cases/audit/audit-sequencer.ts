import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { LeaderLoop, type MessagingLogger } from '@gba/messaging';
import { countStatement, MetricsRegistry, SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import { Gauge } from 'prom-client';
import { AUDIT_CHANNEL, AuditTrailRepository } from '../../infrastructure/postgres/audit-trail.repository';

/** Session advisory-lock key of the sequencer ("gbau"); the outbox relay has its own. */
export const AUDIT_SEQUENCER_LOCK = 0x67626175;

export interface AuditSequencerOptions {
  databaseUrl: string;
  logger: MessagingLogger;
  /** Pause between passes when no commit notifies (ms). Default 200. */
  pollIntervalMs?: number;
  /** Least pause between passes under a stream of notifications (ms). Default 100. */
  minIntervalMs?: number;
  /** Entries linked per transaction. Default 5000. */
  batchSize?: number;
}

/**
 * Chains the audit trail's tail shortly after commit. Units of work append entries without a
 * lock (`appendAuditEntries`); in each service process a sequencer runs, and one per database —
 * the holder of a session advisory lock — links the committed, unchained entries after the
 * chain's head, woken by the NOTIFY of the appending commit or every `pollIntervalMs`. Under a
 * stream of commits it makes at most one pass per `minIntervalMs` (6 statements per pass, as
 * many entries as have committed), so its cost does not grow with the commit rate.
 *
 * Chain order is the order in which the sequencer sees committed entries: entries become
 * visible at commit, so the chain follows commit order in practice (ties within a transaction
 * keep the order they were appended in). The sequencer only links: each entry's content and
 * time were fixed when it was appended. Should two sequencers ever run at once (a leader whose
 * session dropped while its pass finishes), the head row lock makes them take turns, so the
 * chain stays a single line.
 */
export class AuditSequencer {
  private readonly loop: LeaderLoop;

  constructor(
    private readonly audit: Pick<AuditTrailRepository, 'chainTail'>,
    private readonly options: AuditSequencerOptions,
  ) {
    this.loop = new LeaderLoop(
      {
        databaseUrl: options.databaseUrl,
        lockKey: AUDIT_SEQUENCER_LOCK,
        channel: AUDIT_CHANNEL,
        pollIntervalMs: options.pollIntervalMs ?? 200,
        minIntervalMs: options.minIntervalMs ?? 100,
        name: 'audit sequencer',
        logger: options.logger,
        onStatement: countStatement,
      },
      async () => {
        await this.drain();
      },
    );
  }

  /** True while this sequencer is the one of its database. */
  get leader(): boolean {
    return this.loop.leader;
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Chains every committed entry now; returns how many. */
  async drain(): Promise<number> {
    const batchSize = this.options.batchSize ?? 5000;
    let total = 0;
    for (;;) {
      const chained = await this.audit.chainTail(batchSize);
      total += chained;
      if (chained < batchSize) return total;
    }
  }
}

/** Runs the audit sequencer for the service's lifetime and reports the unchained tail in /metrics. */
@Injectable()
export class AuditSequencerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('audit');
  private readonly sequencer: AuditSequencer;

  constructor(
    audit: AuditTrailRepository,
    metrics: MetricsRegistry,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    new Gauge({
      name: 'audit_unchained_entries',
      help: 'Audit entries committed but not yet linked into the hash chain',
      registers: [metrics.registry],
      async collect() {
        this.set((await audit.backlog()).count);
      },
    });
    new Gauge({
      name: 'audit_unchained_oldest_age_seconds',
      help: 'Seconds since the oldest unchained audit entry was appended (0 when none)',
      registers: [metrics.registry],
      async collect() {
        this.set((await audit.backlog()).oldestAgeSeconds);
      },
    });
    const logger = this.logger;
    this.sequencer = new AuditSequencer(audit, {
      databaseUrl: config.databaseUrl,
      logger: {
        error: (o, m) => logger.error(o, m),
        warn: (o, m) => logger.warn(o, m),
        info: (o, m) => logger.log(o, m),
        debug: (o, m) => logger.debug(o, m),
      },
    });
  }

  onApplicationBootstrap(): void {
    this.sequencer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sequencer.stop();
  }
}
