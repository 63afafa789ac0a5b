import { Inject, Injectable } from '@nestjs/common';
import { type Context, context } from '@opentelemetry/api';
import { currentTraceparent, temporaryFailureKind, TransientFailure } from '@gba/messaging';
import { SERVICE_CONFIG, type ServiceConfig } from '@gba/runtime';
import {
  FileDeclarations,
  type FilingItem,
  type FilingOutcome,
  MAX_BATCH,
} from './file-declarations.handler';

/**
 * Units of work of single filings in flight at once. More single filings than that wait and go
 * together in the next unit. Above the pool of a small deployment (2 connections in the overload
 * test), so that a stalled database still exhausts the pool and refuses requests promptly.
 */
export const SINGLE_FILING_UNITS = 4;

interface Waiting {
  item: FilingItem;
  resolve: (outcome: FilingOutcome) => void;
  reject: (err: unknown) => void;
  /** Refuses the filing if it is still waiting when the wait is over. */
  timer: NodeJS.Timeout;
  /** The request's trace context: a group's unit runs in its first filing's. */
  context: Context;
}

/**
 * Group commit of single filings (`POST /declarations`). A filing goes at once in a unit of its
 * own while fewer than {@link SINGLE_FILING_UNITS} units are in flight; beyond that, filings wait,
 * and when a unit ends the waiting filings of one platform go together in the next one (up to
 * 500, through the batch path of {@link FileDeclarations}). No filing waits for a timer: at low
 * load nothing is grouped and nothing is delayed; under load, the statements and the commit of a
 * unit are shared by every filing in it.
 *
 * Each filing keeps its own outcome and idempotency (a key sent twice in one group is filed once,
 * the other replays it, as when they come one after the other). When a group's unit fails
 * temporarily (pool, lock, database), every filing of it gets that failure (a 503, safe to retry
 * with the same key: nothing was stored); when it fails otherwise, each filing of it is filed
 * again alone, so one bad filing never fails the others.
 *
 * A filing waits at most as long as a request waits for a pooled connection
 * (`DATABASE_POOL_WAIT_MS`): then it is refused as a temporary failure (503 with Retry-After,
 * nothing stored), so that an overloaded service sheds load at once instead of filing requests
 * whose clients have given up.
 */
@Injectable()
export class FilingGroups {
  /** Waiting filings by platform, in arrival order. */
  private readonly waiting = new Map<string, Waiting[]>();
  private inFlight = 0;

  private readonly maxWaitMs: number;

  constructor(
    private readonly filing: FileDeclarations,
    @Inject(SERVICE_CONFIG) config: Pick<ServiceConfig, 'database'>,
  ) {
    this.maxWaitMs = config.database.poolWaitMs;
  }

  /** Files one declaration, possibly together with others waiting at the same moment. */
  fileOne(platformId: string, item: FilingItem): Promise<FilingOutcome> {
    const traced: FilingItem = { ...item, traceparent: item.traceparent ?? currentTraceparent() };
    return new Promise<FilingOutcome>((resolve, reject) => {
      const waiting: Waiting = {
        item: traced,
        resolve,
        reject,
        timer: setTimeout(() => this.giveUp(platformId, waiting), this.maxWaitMs),
        context: context.active(),
      };
      const queue = this.waiting.get(platformId);
      if (queue) queue.push(waiting);
      else this.waiting.set(platformId, [waiting]);
      this.startUnits();
    });
  }

  private giveUp(platformId: string, waiting: Waiting): void {
    const queue = this.waiting.get(platformId);
    const at = queue?.indexOf(waiting) ?? -1;
    if (!queue || at < 0) return;
    queue.splice(at, 1);
    if (queue.length === 0) this.waiting.delete(platformId);
    waiting.reject(
      new TransientFailure(`overloaded: no unit of work for the filing within ${this.maxWaitMs} ms`),
    );
  }

  /** Starts units while there is room, each with the waiting filings of one platform (in turn). */
  private startUnits(): void {
    while (this.inFlight < SINGLE_FILING_UNITS) {
      const next = this.waiting.entries().next();
      if (next.done) return;
      const [platformId, queue] = next.value;
      const group = queue.splice(0, MAX_BATCH);
      for (const w of group) clearTimeout(w.timer);
      // The platform goes to the back of the line, so no platform's stream starves the others.
      this.waiting.delete(platformId);
      if (queue.length > 0) this.waiting.set(platformId, queue);
      this.inFlight++;
      const first = group[0] as Waiting;
      void context
        .with(first.context, () => this.fileGroup(platformId, group))
        .finally(() => {
          this.inFlight--;
          this.startUnits();
        });
    }
  }

  private async fileGroup(platformId: string, group: readonly Waiting[]): Promise<void> {
    let outcomes: FilingOutcome[];
    try {
      outcomes = await this.filing.file(
        platformId,
        group.map((w) => w.item),
      );
    } catch (err) {
      if (group.length === 1 || temporaryFailureKind(err)) {
        for (const w of group) w.reject(err);
        return;
      }
      // Not the database's fault: perhaps one filing's. Each alone, so the others are unaffected.
      await Promise.all(
        group.map((w) =>
          this.filing.file(platformId, [w.item]).then(
            ([outcome]) => w.resolve(outcome as FilingOutcome),
            (alone: unknown) => w.reject(alone),
          ),
        ),
      );
      return;
    }
    group.forEach((w, i) => w.resolve(outcomes[i] as FilingOutcome));
  }
}
