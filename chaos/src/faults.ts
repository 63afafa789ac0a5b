// The faults of the chaos suite, one per scenario. Each is injected in the middle of the load and
// resolves when the fault is over (the killed process is back and ready, the lock released, …).
// `undo` puts right, after an interruption (Ctrl-C, a failure), what would outlive the suite: a
// stopped broker, databases closed to connections, a lock; a killed process needs nothing.
import { Client } from 'pg';
import { type ChaosBroker, sleep } from './broker';
import type { AuthorityCode, OwnStack } from './shared';

export interface FaultContext {
  stack: OwnStack;
  broker: ChaosBroker;
  /** the stack's databases, and a connection string to the cluster's maintenance database */
  databases: Record<AuthorityCode, string>;
  adminUrl: string;
  databaseUrl(authority: AuthorityCode): string;
  say(line: string): void;
}

export interface Fault {
  name: string;
  what: string;
  /** a scenario that sends poison (undecodable or refused events) may expect dead letters; none does yet */
  poison: boolean;
  inject(ctx: FaultContext): Promise<void>;
  undo?(ctx: FaultContext): Promise<void>;
}

const SERVICE_DOWN_MS = 5_000;
const BROKER_DOWN_MS = 5_000;
const BROKER_STOPPED_MS = 30_000;
const DATABASE_OUTAGE_MS = 10_000;
const STALL_MS = 25_000;
/** A table that every partner event applied at GZ writes (libs/clearance migrations). */
const STALLED_TABLE = 'participants';

function killService(authority: AuthorityCode): Fault {
  return {
    name: `kill-${authority.toLowerCase()}`,
    what: `SIGKILL of ${authority}'s service, started again ${SERVICE_DOWN_MS / 1000} s later`,
    poison: false,
    async inject({ stack, say }) {
      await stack.kill(authority, 'SIGKILL');
      say(`${authority} killed (SIGKILL)`);
      await sleep(SERVICE_DOWN_MS);
      await stack.restart(authority);
      say(`${authority} restarted and ready`);
    },
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function allowConnections(ctx: FaultContext, allow: boolean): Promise<void> {
  await withClient(ctx.adminUrl, async (admin) => {
    for (const database of Object.values(ctx.databases))
      await admin.query(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS ${allow}`);
  });
}

/** The lock holder of the stall, kept so that an interruption can release it. */
let stallHolder: Client | undefined;

export const FAULTS: readonly Fault[] = [
  {
    name: 'calm',
    what: 'no fault: the baseline under the same load',
    poison: false,
    async inject() {
      return undefined;
    },
  },
  killService('GZ'),
  killService('HK'),
  killService('MO'),
  {
    name: 'broker-kill',
    what: `kill -9 of the broker, started again ${BROKER_DOWN_MS / 1000} s later`,
    poison: false,
    async inject({ broker, say }) {
      await broker.kill();
      say('broker killed (SIGKILL)');
      await sleep(BROKER_DOWN_MS);
      await broker.start();
      say('broker started again');
    },
  },
  {
    name: 'broker-stop',
    what: `the broker stopped (SIGSTOP) for ${BROKER_STOPPED_MS / 1000} s, then SIGCONT`,
    poison: false,
    async inject({ broker, say }) {
      await broker.pause();
      say('broker stopped (SIGSTOP)');
      await sleep(BROKER_STOPPED_MS);
      broker.resume();
      say('broker continued (SIGCONT)');
    },
    async undo({ broker }) {
      broker.resume();
    },
  },
  {
    // The machine's PostgreSQL cluster is shared with other test runs, so the suite does not restart
    // it: it does to its own databases what a restart does to a service (every connection cut, no
    // new one accepted for a while), and leaves every other database alone.
    name: 'database-outage',
    what: `every connection to the three databases terminated, new ones refused for ${DATABASE_OUTAGE_MS / 1000} s`,
    poison: false,
    async inject(ctx) {
      await allowConnections(ctx, false);
      const terminated = await withClient(ctx.adminUrl, async (admin) =>
        admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ANY($1) AND pid <> pg_backend_pid()`,
          [Object.values(ctx.databases)],
        ),
      );
      ctx.say(`databases closed, ${terminated.rowCount} connections terminated`);
      await sleep(DATABASE_OUTAGE_MS);
      await allowConnections(ctx, true);
      ctx.say('databases open again');
    },
    async undo(ctx) {
      await allowConnections(ctx, true);
    },
  },
  {
    name: 'database-stall',
    what: `GZ's ${STALLED_TABLE} table locked (ACCESS EXCLUSIVE) for ${STALL_MS / 1000} s`,
    poison: false,
    async inject(ctx) {
      stallHolder = new Client({ connectionString: ctx.databaseUrl('GZ') });
      await stallHolder.connect();
      try {
        await stallHolder.query('BEGIN');
        await stallHolder.query(`LOCK TABLE ${STALLED_TABLE} IN ACCESS EXCLUSIVE MODE`);
        ctx.say(`GZ ${STALLED_TABLE} locked`);
        await sleep(STALL_MS);
        await stallHolder.query('COMMIT');
        ctx.say(`GZ ${STALLED_TABLE} unlocked`);
      } finally {
        await stallHolder.end().catch(() => undefined);
        stallHolder = undefined;
      }
    },
    async undo() {
      await stallHolder?.end().catch(() => undefined);
    },
  },
];

/** The short mode's scenarios (CI): the database stall and one service kill. */
export const SHORT_SCENARIOS = ['database-stall', 'kill-hk'];
