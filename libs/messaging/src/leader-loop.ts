import { Client } from 'pg';
import type { MessagingLogger } from './kafka-logger';

export interface LeaderLoopOptions {
  /** The database; the loop holds a session of its own on it (outside any pool) for the lock. */
  databaseUrl: string;
  /** Session advisory-lock key: of all the loops with this key on one database, one runs. */
  lockKey: number;
  /** LISTEN channel whose notifications start a pass at once instead of at the next poll. */
  channel: string;
  /** Pause between passes (ms) when no notification arrives; followers retry the lock at 3×. */
  pollIntervalMs: number;
  /** Least pause between two passes (ms), however many notifications arrive. Default 0. */
  minIntervalMs?: number;
  /** What runs, for log lines, e.g. "outbox relay". */
  name: string;
  logger: MessagingLogger;
  /** Called for each statement sent on the loop's own session (for statement counters). */
  onStatement?: () => void;
}

/**
 * Runs `pass` over and over in one process per database: the leader is whoever holds a session
 * advisory lock on a dedicated connection; the others wait and retry the lock, so a leader that
 * dies (its session ends) is replaced within a few poll intervals. The leader LISTENs on a
 * channel so that a commit wakes it at once; it polls too, so a lost notification only delays.
 * A failed pass is logged, the session is dropped (the lock with it) and the loop starts over.
 */
export class LeaderLoop {
  private session?: Client;
  private running = false;
  private isLeader = false;
  private woken = false;
  private wake?: () => void;
  private loop?: Promise<void>;

  constructor(
    private readonly options: LeaderLoopOptions,
    private readonly pass: () => Promise<void>,
  ) {}

  /** True while this loop holds the lock. */
  get leader(): boolean {
    return this.isLeader;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Lets a pass in progress finish, then releases the lock. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.closeSession();
  }

  private async run(): Promise<void> {
    const { pollIntervalMs, minIntervalMs = 0 } = this.options;
    while (this.running) {
      try {
        if (!(await this.ensureLeadership())) {
          await this.sleep(pollIntervalMs * 3);
          continue;
        }
        this.woken = false;
        await this.pass();
        if (minIntervalMs > 0) await new Promise((r) => setTimeout(r, minIntervalMs));
        await this.sleep(pollIntervalMs);
      } catch (err) {
        this.options.logger.warn({ err: (err as Error).message }, `${this.options.name} failed; retrying`);
        await this.closeSession();
        await this.sleep(Math.min(pollIntervalMs * 3, 5000));
      }
    }
  }

  private async ensureLeadership(): Promise<boolean> {
    if (this.session && this.isLeader) return true;
    if (!this.session) {
      const client = new Client({
        connectionString: this.options.databaseUrl,
        connectionTimeoutMillis: 3000,
      });
      client.on('error', () => void this.closeSession());
      client.on('notification', () => {
        this.woken = true;
        this.wake?.();
      });
      await client.connect();
      this.session = client;
    }
    this.options.onStatement?.();
    const { rows } = await this.session.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1) AS locked',
      [this.options.lockKey],
    );
    this.isLeader = rows[0]?.locked === true;
    if (this.isLeader) {
      this.options.onStatement?.();
      await this.session.query(`LISTEN ${this.options.channel}`);
      this.options.logger.info({}, `${this.options.name} is the leader for this database`);
    }
    return this.isLeader;
  }

  /** Waits `ms`, or less if a notification arrives (or arrived during the last pass). */
  private sleep(ms: number): Promise<void> {
    if (this.woken || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async closeSession(): Promise<void> {
    const client = this.session;
    this.session = undefined;
    this.isLeader = false;
    this.woken = false;
    await client?.end().catch(() => undefined);
  }
}
