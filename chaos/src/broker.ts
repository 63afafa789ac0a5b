// The chaos suite's own Kafka broker: deploy/local/kafka.sh on ports of its own (19092, controller
// 19093) and so with a data directory of its own, so that killing or stopping it never touches the
// machine's shared broker on 9092 that other test runs use.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { deadLetterTopic, readDeadLetters } from '@gba/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { type AuthorityCode, ROOT } from './shared';

const run = promisify(execFile);
const AUTHORITIES: AuthorityCode[] = ['GZ', 'HK', 'MO'];

export class ChaosBroker {
  /** true while the broker is stopped with SIGSTOP (it must get SIGCONT whatever happens) */
  private paused?: number;
  /** set by stop(): a fault still under way must not start the broker again */
  private stopped = false;
  /** whether this run started the broker (only then does stop() stop it) */
  private owned = false;

  constructor(
    readonly port = 19092,
    readonly controllerPort = 19093,
  ) {}

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  /** `kafka.sh <action>` for this broker; resolves when the script has finished (`up`: broker answers). */
  private async script(action: 'up' | 'down' | 'reset' | 'status'): Promise<string> {
    const { stdout } = await run('bash', ['deploy/local/kafka.sh', action], {
      cwd: ROOT,
      env: {
        ...process.env,
        KAFKA_PORT: String(this.port),
        KAFKA_CONTROLLER_PORT: String(this.controllerPort),
      },
      timeout: 180_000,
    });
    return stdout;
  }

  /**
   * Starts the broker. `fresh`: a new cluster for this run (its data directory removed first),
   * refused while the broker runs, which means that another chaos run is going on.
   */
  async start(fresh = false): Promise<void> {
    if (this.stopped) throw new Error('the chaos broker was stopped for good');
    if (fresh) {
      if ((await this.pid()) !== undefined)
        throw new Error(
          `a chaos broker already runs on ${this.port}: is another chaos run going on? ` +
            `(if not: KAFKA_PORT=${this.port} bash deploy/local/kafka.sh down)`,
        );
      this.owned = true;
      await this.script('reset');
    }
    await this.script('up');
  }

  /** The broker's process id, from `kafka.sh status`; undefined when it is not running. */
  async pid(): Promise<number | undefined> {
    try {
      const pid = /pid (\d+)/.exec(await this.script('status'))?.[1];
      return pid ? Number(pid) : undefined;
    } catch {
      return undefined; // status exits 3 when stopped
    }
  }

  /** `kill -9` of the broker; resolves once the process is gone. */
  async kill(): Promise<void> {
    const pid = await this.requirePid();
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
  }

  /** SIGSTOP: the broker keeps its sockets open but answers nothing. */
  async pause(): Promise<void> {
    const pid = await this.requirePid();
    process.kill(pid, 'SIGSTOP');
    this.paused = pid;
  }

  resume(): void {
    if (this.paused === undefined) return;
    if (alive(this.paused)) process.kill(this.paused, 'SIGCONT');
    this.paused = undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.resume();
    if (this.owned) await this.script('down');
  }

  private kafka(): Kafka {
    return new Kafka({
      clientId: 'gba-chaos',
      brokers: this.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 3 },
    });
  }

  /** Messages in each authority's dead-letter topic (of `topicPrefix`): high minus low watermarks. */
  async deadLetters(topicPrefix: string): Promise<Record<AuthorityCode, number>> {
    const admin = this.kafka().admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const counts = { GZ: 0, HK: 0, MO: 0 };
      for (const authority of AUTHORITIES) {
        const topic = deadLetterTopic(authority, topicPrefix);
        if (!existing.has(topic)) continue;
        for (const p of await admin.fetchTopicOffsets(topic))
          counts[authority] += Number(p.high) - Number(p.low);
      }
      return counts;
    } finally {
      await admin.disconnect();
    }
  }

  /** Why each dead letter written since `since` was written (its `x-error`), with its event. */
  async deadLetterReasons(
    topicPrefix: string,
    since: Date,
  ): Promise<{ authority: AuthorityCode; error: string; event?: string; declarationId?: string }[]> {
    const out = [];
    for (const authority of AUTHORITIES) {
      const letters = await readDeadLetters(
        this.kafka(),
        deadLetterTopic(authority, topicPrefix),
        topicPrefix,
      );
      for (const letter of letters) {
        if (Date.parse(letter.deadLetteredAt) < since.getTime()) continue;
        out.push({
          authority,
          error: letter.error,
          event: letter.event?.body.case,
          declarationId: letter.event?.declarationId,
        });
      }
    }
    return out;
  }

  private async requirePid(): Promise<number> {
    const pid = await this.pid();
    if (pid === undefined) throw new Error(`the chaos broker on ${this.port} is not running`);
    return pid;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
