import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEVELOPMENT_OFFICER_JWT_AUDIENCE, DEVELOPMENT_OFFICER_JWT_ISSUER } from '@gba/runtime';
import { createTestDatabase, testInfrastructure } from '@gba/testing';

export type AuthorityCode = 'GZ' | 'HK' | 'MO';

const ROOT = join(__dirname, '../../..');
export const SERVICE_NAMES: Record<AuthorityCode, string> = {
  GZ: 'guangzhou-customs',
  HK: 'hong-kong-customs',
  MO: 'macau-customs',
};
const AUTHORITIES = Object.keys(SERVICE_NAMES) as AuthorityCode[];

export const PLATFORM_KEYS = {
  'shop-a': 'shop-a-key-0123456789abcdef',
  'shop-b': 'shop-b-key-0123456789abcdef',
};
export const OFFICER_JWT_SECRET = 'e2e-officer-secret-0123456789abcdefghij';
/** The `aud` and `iss` the services demand of officer tokens (signOfficerToken's defaults). */
export const OFFICER_JWT_AUDIENCE = DEVELOPMENT_OFFICER_JWT_AUDIENCE;
export const OFFICER_JWT_ISSUER = DEVELOPMENT_OFFICER_JWT_ISSUER;

export function entryOf(authority: AuthorityCode): string {
  return join(ROOT, 'dist/services', SERVICE_NAMES[authority], 'src/main.js');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Running {
  process: ChildProcess;
  port: number;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The three authority services as real processes (the built dist/), each on its own database of
 * this test run and a free port, all on this suite's own Kafka topics.
 */
export class AuthorityStack {
  private readonly running = new Map<AuthorityCode, Running>();
  private readonly env = new Map<AuthorityCode, NodeJS.ProcessEnv>();

  private constructor(readonly suiteId: string) {}

  static async start(extraEnv: NodeJS.ProcessEnv = {}): Promise<AuthorityStack> {
    const stack = new AuthorityStack(randomBytes(3).toString('hex'));
    const infra = testInfrastructure();
    for (const authority of AUTHORITIES) {
      const databaseUrl = await createTestDatabase(`${stack.suiteId}_${authority}`);
      stack.env.set(authority, {
        ...process.env,
        DATABASE_URL: databaseUrl,
        KAFKA_BROKERS: infra.kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: `${infra.topicPrefix}${stack.suiteId}.`,
        KAFKA_TOPIC_PARTITIONS: '3',
        PLATFORM_API_KEYS: Object.entries(PLATFORM_KEYS)
          .map(([p, k]) => `${p}=${k}`)
          .join(','),
        OFFICER_JWT_SECRET,
        OFFICER_JWT_AUDIENCE,
        OFFICER_JWT_ISSUER,
        SELECTION_KEY: 'e2e-selection-key-0123456789',
        PII_KEY: 'e2e-pii-key-0123456789abcdefghijklmn',
        // Tests send many requests quickly; the limit itself has its own test.
        RATE_LIMIT_PER_SECOND: '100000',
        RATE_LIMIT_BURST: '100000',
        LOG_LEVEL: 'info',
        ...extraEnv,
      });
      await promisify(execFile)(process.execPath, [entryOf(authority), 'migrate'], {
        env: stack.env.get(authority),
      });
    }
    // One service failing to start must not leave the others running (nobody could stop them, and
    // Jest would wait for them): once every start has settled, the started ones are stopped.
    const started = await Promise.allSettled(AUTHORITIES.map((a) => stack.launch(a)));
    const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) {
      await stack.stop();
      throw failed.reason;
    }
    return stack;
  }

  url(authority: AuthorityCode): string {
    return `http://127.0.0.1:${this.runningOf(authority).port}`;
  }

  /** The environment the service runs with (its own database, topics, secrets). */
  environment(authority: AuthorityCode): NodeJS.ProcessEnv {
    const env = this.env.get(authority);
    if (!env) throw new Error(`${authority} was never started`);
    return env;
  }

  /** True when the service's process has ended (crashed, killed or stopped). */
  hasExited(authority: AuthorityCode): boolean {
    const { process: child } = this.runningOf(authority);
    return child.exitCode !== null || child.signalCode !== null;
  }

  output(authority: AuthorityCode): string {
    return this.runningOf(authority).output.join('');
  }

  /** Starts (or restarts) one service and waits until it is ready. */
  async launch(authority: AuthorityCode): Promise<void> {
    const port = this.running.get(authority)?.port ?? (await freePort());
    const output: string[] = [];
    const child = spawn(process.execPath, [entryOf(authority)], {
      env: { ...this.env.get(authority), PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    this.running.set(authority, { process: child, port, output, exited });
    await this.waitUntilReady(authority);
  }

  async waitUntilReady(authority: AuthorityCode, timeoutMs = 60000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      const { process: child } = this.runningOf(authority);
      if (child.exitCode !== null)
        throw new Error(`${authority} exited during start-up:\n${this.output(authority)}`);
      try {
        const res = await fetch(`${this.url(authority)}/health/ready`);
        if (res.status === 200) return;
        last = await res.text();
      } catch (err) {
        last = String(err);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${authority} not ready after ${timeoutMs} ms: ${last}`);
  }

  /** Sends a signal and waits for the process to end. */
  async signal(authority: AuthorityCode, signal: NodeJS.Signals) {
    const running = this.runningOf(authority);
    running.process.kill(signal);
    return running.exited;
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.running.values()].map(async (r) => {
        if (r.process.exitCode !== null || r.process.signalCode !== null) return;
        r.process.kill('SIGTERM');
        const timer = setTimeout(() => r.process.kill('SIGKILL'), 15000);
        await r.exited;
        clearTimeout(timer);
      }),
    );
  }

  private runningOf(authority: AuthorityCode): Running {
    const running = this.running.get(authority);
    if (!running) throw new Error(`${authority} was never started`);
    return running;
  }
}
