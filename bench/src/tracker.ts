// Completion tracking: reads every authority's events topic with its own consumer group and notes,
// per declaration, when each participant's `clearanceDecided` arrived here. A declaration is final
// once every participant of its route has decided.
import { authorityFromProto, Decision, decodeEvent } from '@gba/contracts';
import { eventsTopic } from '@gba/messaging';
import { Kafka, logLevel } from 'kafkajs';
import type { AuthorityCode } from './declarations';

export type Outcome = 'RELEASED' | 'HELD' | 'REJECTED' | 'UNSPECIFIED';

export interface Decided {
  /** performance.now() when the event reached this process */
  at: number;
  outcome: Outcome;
}

/** One declaration the benchmark filed and follows. */
export interface Filed {
  id: string;
  kind: string;
  filedWith: AuthorityCode;
  participants: AuthorityCode[];
  /** performance.now() when its batch request was sent */
  sentAt: number;
  /** when its batch response was read */
  answeredAt: number;
  decisions: Map<AuthorityCode, Decided>;
  /** when the last participant's decision arrived */
  finalAt?: number;
  /** CLEARED when every participant released it */
  cleared?: boolean;
}

const OUTCOMES: Record<number, Outcome> = {
  [Decision.RELEASED]: 'RELEASED',
  [Decision.HELD]: 'HELD',
  [Decision.REJECTED]: 'REJECTED',
};

export class DecisionTracker {
  private readonly followed = new Map<string, Filed>();
  /** Decisions of declarations whose batch response has not been read yet (or not ours). */
  private readonly early = new Map<string, Map<AuthorityCode, Decided>>();
  private readonly consumer;
  private finals = 0;
  events = 0;
  undecodable = 0;

  constructor(
    brokers: string[],
    private readonly topicPrefix: string,
    groupId: string,
  ) {
    const kafka = new Kafka({ clientId: 'gba-clearance-bench', brokers, logLevel: logLevel.ERROR });
    this.consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500, allowAutoTopicCreation: false });
  }

  get finalCount(): number {
    return this.finals;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    await this.consumer.connect();
    const topics = (['GZ', 'HK', 'MO'] as const).map((a) => eventsTopic(a, this.topicPrefix));
    await this.consumer.subscribe({ topics, fromBeginning: true });
    const joined = new Promise<void>((resolve) => {
      const off = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        off();
        resolve();
      });
    });
    await this.consumer.run({
      // The group is this run's own and always reads from the beginning: committing its offsets
      // after every batch would only cost this process and the broker CPU during the measurement.
      autoCommit: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch }) => {
        const at = performance.now();
        for (const message of batch.messages) this.onMessage(message.value, at);
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      joined,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the tracking consumer did not join its group in ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  /** Follows a declaration from its filing response on; decisions already seen count. */
  follow(filed: Filed): void {
    this.followed.set(filed.id, filed);
    const seen = this.early.get(filed.id);
    if (seen) {
      this.early.delete(filed.id);
      for (const [authority, decided] of seen) this.record(filed, authority, decided);
    }
  }

  private onMessage(value: Buffer | null, at: number): void {
    if (!value) return;
    let event;
    try {
      event = decodeEvent(value);
    } catch {
      this.undecodable++;
      return;
    }
    this.events++;
    if (event.body.case !== 'clearanceDecided') return;
    const authority = authorityFromProto(event.authority);
    const decided: Decided = { at, outcome: OUTCOMES[event.body.value.decision] ?? 'UNSPECIFIED' };
    const filed = this.followed.get(event.declarationId);
    if (filed) {
      this.record(filed, authority, decided);
      return;
    }
    let seen = this.early.get(event.declarationId);
    if (!seen) this.early.set(event.declarationId, (seen = new Map()));
    if (!seen.has(authority)) seen.set(authority, decided);
  }

  private record(filed: Filed, authority: AuthorityCode, decided: Decided): void {
    // The first decision of a participant counts (a redelivery or a later officer decision does not).
    if (filed.decisions.has(authority) || filed.finalAt !== undefined) return;
    filed.decisions.set(authority, decided);
    if (!filed.participants.every((p) => filed.decisions.has(p))) return;
    filed.finalAt = Math.max(...[...filed.decisions.values()].map((d) => d.at));
    filed.cleared = [...filed.decisions.values()].every((d) => d.outcome === 'RELEASED');
    this.finals++;
  }
}

/** Waits until every filed declaration is final (true), or a service died or `timeoutMs` passed (false). */
export async function untilFinal(
  filed: readonly Filed[],
  timeoutMs: number,
  stack: { exited(): string[] },
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  let lastSaid = performance.now();
  for (;;) {
    const pending = filed.filter((f) => f.finalAt === undefined).length;
    if (pending === 0) return true;
    if (performance.now() > deadline || stack.exited().length > 0) return false;
    if (performance.now() - lastSaid > 5000) {
      process.stderr.write(`[bench] waiting: ${filed.length - pending}/${filed.length} final\n`);
      lastSaid = performance.now();
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
