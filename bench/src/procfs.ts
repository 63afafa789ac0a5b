// What the benchmark reads from Linux's /proc: a process's memory high-water mark, CPU time by
// process group (services, PostgreSQL, Kafka, this benchmark, everything else) and the machine's
// busy share, so that a missed target can be traced to the process that used the cores.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { round } from './stats';

export { round };

/** The process groups of PostgreSQL whose CPU is charged to the stack (see `classifier`). */
export const POSTGRES_STACK = "postgres (the stack's databases)";
export const POSTGRES_CLUSTER = 'postgres (cluster: WAL, checkpoints, …)';

export const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** VmHWM (peak resident set) and VmRSS of a process, in bytes; undefined once it is gone. */
export function memoryOf(pid: number): { hwm: number; rss: number } | undefined {
  const status = read(`/proc/${pid}/status`);
  if (!status) return undefined;
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  const hwm = kb('VmHWM');
  const rss = kb('VmRSS');
  if (Number.isNaN(hwm) || Number.isNaN(rss)) return undefined;
  return { hwm: hwm * 1024, rss: rss * 1024 };
}

interface ProcStat {
  comm: string;
  /** utime + stime in clock ticks */
  ticks: number;
}

function statOf(pid: number): ProcStat | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  const open = stat.indexOf('(');
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  return { comm: stat.slice(open + 1, close), ticks: Number(fields[11]) + Number(fields[12]) };
}

export type ProcessGroup = string;

/** CPU ticks of every process at one moment, grouped; `classify` names the group of a process. */
interface CpuSnapshot {
  at: number;
  machine: { busy: number; total: number };
  byPid: Map<number, { group: ProcessGroup; ticks: number }>;
}

function machineTicks(): { busy: number; total: number } {
  const line = (read('/proc/stat') ?? '').split('\n').find((l) => l.startsWith('cpu '));
  const values = (line ?? 'cpu 0').trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

function cmdlineOf(pid: number): string {
  return (read(`/proc/${pid}/cmdline`) ?? '').replace(/\0/g, ' ');
}

/**
 * Groups: the given pids by name; PostgreSQL backends of `databases` (the stack's own), of other
 * databases (other users of the shared cluster), and the cluster's own processes (WAL writer,
 * checkpointer, …); the Kafka broker; and 'other'.
 */
export function classifier(
  named: Map<number, string>,
  databases: readonly string[],
): (pid: number, comm: string) => ProcessGroup {
  const cache = new Map<number, ProcessGroup>();
  return (pid, comm) => {
    const known = named.get(pid);
    if (known) return known;
    const cached = cache.get(pid);
    if (cached) return cached;
    let group = 'other';
    if (comm.startsWith('postgres')) {
      // A backend's title: "postgres: 15/main: <user> <database> <host(port)|[local]> <state>",
      // an autovacuum worker's "postgres: 15/main: autovacuum worker <database>".
      const title = cmdlineOf(pid);
      const database =
        /^postgres: [^:]+: \S+ (\S+) (?:\S+\(\d+\)|\[local\])/.exec(title)?.[1] ??
        /^postgres: [^:]+: autovacuum worker (\S+)/.exec(title)?.[1];
      if (database === undefined) group = POSTGRES_CLUSTER;
      else if (databases.includes(database)) group = POSTGRES_STACK;
      else group = 'postgres (other databases)';
    } else if (comm === 'java' && cmdlineOf(pid).includes('kafka.Kafka')) group = 'kafka';
    cache.set(pid, group);
    return group;
  };
}

function cpuSnapshot(classify: (pid: number, comm: string) => ProcessGroup): CpuSnapshot {
  const byPid = new Map<number, { group: ProcessGroup; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const stat = statOf(pid);
    if (!stat) continue;
    byPid.set(pid, { group: classify(pid, stat.comm), ticks: stat.ticks });
  }
  return { at: performance.now(), machine: machineTicks(), byPid };
}

export interface CpuUsage {
  windowS: number;
  /** share of all cores that was busy, 0–100 */
  machineBusyPct: number;
  /** per group: CPU seconds and the share of one core (100 = one full core) */
  groups: Record<ProcessGroup, { cpuS: number; coresPct: number }>;
}

export const UNATTRIBUTED = 'unattributed (processes that came and went between samples)';

/**
 * CPU time by process group in named phases. Samples every process once a second and adds up each
 * one's growth, so that processes that start and end during a phase (builds, test runs of other
 * users of the machine) are counted too; what still escapes is reported as UNATTRIBUTED.
 */
export class CpuMeter {
  private last: CpuSnapshot;
  private phase?: string;
  private readonly phases = new Map<
    string,
    { start: number; end: number; busy: number; total: number; ticks: Map<ProcessGroup, number> }
  >();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly classify: (pid: number, comm: string) => ProcessGroup) {
    this.last = cpuSnapshot(classify);
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  /** Ends the current phase (if any) and starts `name` (undefined: stop counting). */
  mark(name: string | undefined): void {
    this.sample();
    this.phase = name;
    if (name)
      this.phases.set(name, { start: this.last.at, end: this.last.at, busy: 0, total: 0, ticks: new Map() });
  }

  stop(): void {
    this.mark(undefined);
    clearInterval(this.timer);
  }

  usage(name: string): CpuUsage | undefined {
    const p = this.phases.get(name);
    if (!p) return undefined;
    const windowS = Math.max(0.001, (p.end - p.start) / 1000);
    const ticks = new Map(p.ticks);
    const attributed = [...ticks.values()].reduce((a, b) => a + b, 0);
    // /proc/stat counts the ticks of every core, as a process's utime + stime do: they compare directly.
    if (p.busy > attributed) ticks.set(UNATTRIBUTED, p.busy - attributed);
    const groups: CpuUsage['groups'] = {};
    for (const [group, t] of [...ticks].sort((x, y) => y[1] - x[1])) {
      const cpuS = t / TICKS_PER_SECOND;
      groups[group] = { cpuS: round(cpuS, 2), coresPct: round((cpuS / windowS) * 100, 1) };
    }
    return {
      windowS: round(windowS, 2),
      machineBusyPct: p.total > 0 ? round((p.busy / p.total) * 100, 1) : 0,
      groups,
    };
  }

  private sample(): void {
    const now = cpuSnapshot(this.classify);
    const p = this.phase ? this.phases.get(this.phase) : undefined;
    if (p) {
      for (const [pid, cur] of now.byPid) {
        const before = this.last.byPid.get(pid)?.ticks ?? 0;
        const grown = Math.max(0, cur.ticks - before);
        if (grown > 0) p.ticks.set(cur.group, (p.ticks.get(cur.group) ?? 0) + grown);
      }
      p.busy += now.machine.busy - this.last.machine.busy;
      p.total += now.machine.total - this.last.machine.total;
      p.end = now.at;
    }
    this.last = now;
  }
}

/** The pid of the process listening on a local TCP port (for a stack this benchmark did not start). */
export function pidListeningOn(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (read(table) ?? '').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue; // LISTEN
      if (parseInt(cols[1].split(':')[1] ?? '', 16) === port) inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${name}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${name}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(name);
      } catch {
        // the descriptor closed meanwhile
      }
    }
  }
  return undefined;
}
