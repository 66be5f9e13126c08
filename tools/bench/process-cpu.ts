/**
 * Where the CPU of a request goes: every process's CPU time over a load scenario's measured
 * window, read from /proc, grouped by what the process is (each app, nats-server, PostgreSQL,
 * Redis, the load generator) and divided by the answers. Two snapshots per scenario, one when the
 * measured window starts and one when it ends: no sampling, nothing running in between.
 *
 * A process's CPU is utime + stime + cutime + cstime of /proc/<pid>/stat (clock ticks; the c-
 * fields hold the children it has reaped, so a PostgreSQL backend, autovacuum or parallel worker
 * that starts and ends inside the window is still counted: its time moves to the postmaster).
 * Accounting over the window, per group:
 *   - a process alive at both snapshots (same pid and start time) adds its increase;
 *   - a process that started during the window adds its whole time (it counts from zero);
 *   - a process that exited during the window subtracts its start snapshot's time from the group
 *     of its nearest ancestor still alive at the end, which has received its whole lifetime in
 *     its c-fields by then (if none is, it adds nothing: its time in the window is not seen).
 * Threads (worker_threads, libuv's pool) are part of their process's time.
 *
 * The pure part (parsing, grouping, the difference of two snapshots, the tables) is separate
 * from reading /proc, so process-cpu.spec.ts checks it on hand-made snapshots.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { formatTable, num } from '@app/offline/report/table';

export const NATS = 'nats-server';
export const POSTGRES = 'postgres';
/** Backends (and their parallel and autovacuum workers) whose title names a database other than the bench's. */
export const POSTGRES_OTHER = 'postgres, other databases';
export const REDIS = 'redis';
export const LOAD_GENERATOR = 'load generator';
export const OTHER = 'other processes';

// --- Pure: parsing and grouping ---------------------------------------------------------------

/** The fields of /proc/<pid>/stat this module uses. */
export interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** Clock ticks after boot at which the process started: with the pid, its identity (pids are reused). */
  startTime: number;
  /** utime + stime + cutime + cstime, clock ticks. */
  ticks: number;
}

/** One process as read: its stat, and for PostgreSQL processes the title (cmdline) naming the database. */
export interface ProcInfo extends ProcStat {
  title?: string;
}

/**
 * Parses /proc/<pid>/stat (proc(5)); null if it does not look like one. The command name is in
 * parentheses and may itself hold spaces and parentheses, so the fields are counted from the last ')'.
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  // After ')': state (field 3), ppid (4), ..., utime (14), stime (15), cutime (16), cstime (17), ..., starttime (22).
  const f = text
    .slice(close + 2)
    .trim()
    .split(' ');
  const field = (n: number) => Number(f[n - 3]);
  const out = {
    pid,
    ppid: field(4),
    comm: text.slice(open + 1, close),
    startTime: field(22),
    ticks: field(14) + field(15) + field(16) + field(17),
  };
  return Number.isInteger(out.pid) &&
    Number.isFinite(out.ppid) &&
    Number.isFinite(out.startTime) &&
    Number.isFinite(out.ticks)
    ? out
    : null;
}

/** What the bench knows about the processes it measures. */
export interface CpuTargets {
  /** The pid the bench spawned for each app; the app is that process and all its descendants. */
  apps: Readonly<Record<string, number | undefined>>;
  /** The bench's private nats-server (the machine's shared one is not the bench's). */
  natsPid?: number;
  /** The bench's database: backends of other databases are reported apart (POSTGRES_OTHER). */
  database?: string;
  /** The bench itself: measured with process.cpuUsage() (LOAD_GENERATOR), left out of the /proc groups. */
  selfPid: number;
}

/**
 * The database a PostgreSQL process works for, from its title (update_process_title, on by
 * default): a backend "postgres: [cluster: ]user database host(port) activity", an autovacuum
 * worker "... autovacuum worker database", or a parallel worker "... parallel worker for PID n"
 * (its leader's). null for the postmaster and the server's background processes.
 */
export function postgresDatabase(title: string): string | { leaderPid: number } | null {
  const leader = /parallel worker for PID (\d+)/.exec(title);
  if (leader) return { leaderPid: Number(leader[1]) };
  const vacuum = /autovacuum worker (\S+)/.exec(title);
  if (vacuum) return vacuum[1];
  const backend = /^postgres: (?:[^:]*: )?\S+ (\S+) (?:\S*\(\d+\)|\[local\])/.exec(title);
  return backend ? backend[1] : null;
}

/**
 * The group of each process (pid → group), or none for a process the bench does not measure:
 * - an app's pid and its descendants: the app's name; the private nats-server's likewise NATS;
 * - every process named `postgres`: POSTGRES, or POSTGRES_OTHER for one working for another
 *   database than `targets.database` (the postmaster, its background processes and anything
 *   whose title names no database count as POSTGRES);
 * - every `redis-server`: REDIS (the machine's one server, shared with any other user of it);
 * - the bench itself: none (see LOAD_GENERATOR).
 */
export function groupProcesses(procs: readonly ProcInfo[], targets: CpuTargets): Map<number, string> {
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const roots = new Map<number, string>();
  for (const [app, pid] of Object.entries(targets.apps)) if (pid !== undefined) roots.set(pid, app);
  if (targets.natsPid !== undefined) roots.set(targets.natsPid, NATS);
  const databaseOf = (p: ProcInfo, depth = 0): string | null => {
    const d = postgresDatabase(p.title ?? '');
    if (d === null || typeof d === 'string') return d;
    const leader = byPid.get(d.leaderPid);
    return leader && depth < 2 ? databaseOf(leader, depth + 1) : null;
  };
  const out = new Map<number, string>();
  for (const p of procs) {
    if (p.pid === targets.selfPid) continue;
    let group: string | undefined;
    // Up the parent chain to an app's (or nats-server's) pid; the bench itself ends the search.
    for (
      let cur: ProcInfo | undefined = p, hops = 0;
      cur && hops < 64 && cur.pid !== targets.selfPid;
      cur = byPid.get(cur.ppid), hops++
    ) {
      group = roots.get(cur.pid);
      if (group !== undefined || cur.ppid === cur.pid) break;
    }
    if (group === undefined && p.comm === 'postgres') {
      const database = targets.database === undefined ? null : databaseOf(p);
      group = database !== null && database !== targets.database ? POSTGRES_OTHER : POSTGRES;
    }
    if (group === undefined && p.comm === 'redis-server') group = REDIS;
    if (group !== undefined) out.set(p.pid, group);
  }
  return out;
}

// --- Pure: snapshots and their difference -----------------------------------------------------

export interface CpuSnapshot {
  /** performance.now() when it was taken. */
  atMs: number;
  ticksPerSecond: number;
  /** The machine's cores. */
  cores: number;
  /** The bench's own CPU (process.cpuUsage(), user + system), microseconds. */
  selfMicros: number;
  /** The whole machine's busy time from /proc/stat (user, nice, system, irq, softirq), ticks; null if unread. */
  machineTicks: number | null;
  /** The groups every table lists, at zero if nothing ran: each app, nats-server, postgres, redis. */
  groups: string[];
  /** Every process but the bench, with its group (null: not measured, kept for the parent chains). */
  procs: { pid: number; ppid: number; startTime: number; ticks: number; group: string | null }[];
}

export interface CpuRow {
  process: string;
  cpuSeconds: number;
  /** CPU seconds per second of the window. */
  cores: number;
  /** CPU milliseconds per answered request; null with no answers. */
  msPerRequest: number | null;
}

/** LoadResult.cpu: where the CPU went during one scenario's measured window. */
export interface CpuUsage {
  windowSeconds: number;
  /** Answers (any status) in the window, the divisor of msPerRequest. */
  answers: number;
  machine: { cores: number; busyCores: number | null };
  /** The product's processes (each app, nats-server, postgres, redis), most CPU first. */
  rows: CpuRow[];
  /** The sum of `rows`: the product's CPU, without the load generator. */
  total: CpuRow;
  loadGenerator: CpuRow;
  /**
   * Not the product's: backends of other databases, and the rest of the machine (its busy time less every row above;
   * null without /proc/stat).
   */
  otherDatabases: CpuRow;
  otherProcesses: CpuRow | null;
}

/**
 * CPU ticks per group between two snapshots, by the rules in the module comment. Groups are
 * those of the end snapshot (where a process's group changed, its end one).
 */
export function ticksByGroup(start: CpuSnapshot, end: CpuSnapshot): Map<string, number> {
  const key = (p: { pid: number; startTime: number }) => `${p.pid}:${p.startTime}`;
  const atEnd = new Map(end.procs.map((p) => [key(p), p]));
  const atStart = new Map(start.procs.map((p) => [key(p), p]));
  const startByPid = new Map(start.procs.map((p) => [p.pid, p]));
  const out = new Map<string, number>();
  const add = (group: string | null, ticks: number) => {
    if (group !== null) out.set(group, (out.get(group) ?? 0) + ticks);
  };
  for (const p of end.procs) add(p.group, p.ticks - (atStart.get(key(p))?.ticks ?? 0));
  for (const p of start.procs) {
    if (atEnd.has(key(p))) continue;
    // Exited: its whole time is in the c-fields of the ancestor that reaped it.
    let reaper: (typeof end.procs)[number] | undefined;
    for (let cur = startByPid.get(p.ppid), hops = 0; cur && hops < 64; cur = startByPid.get(cur.ppid), hops++) {
      reaper = atEnd.get(key(cur));
      if (reaper || cur.ppid === cur.pid) break;
    }
    if (reaper) add(reaper.group, -p.ticks);
  }
  return out;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Where the CPU went between `start` and `end`, with `answers` the answers received in between. */
export function cpuUsage(start: CpuSnapshot, end: CpuSnapshot, answers: number): CpuUsage {
  const windowSeconds = (end.atMs - start.atMs) / 1000;
  const tps = end.ticksPerSecond;
  const row = (process: string, cpuSeconds: number): CpuRow => ({
    process,
    cpuSeconds: round(cpuSeconds),
    cores: windowSeconds > 0 ? round(cpuSeconds / windowSeconds) : Number.NaN,
    msPerRequest: answers > 0 ? round((cpuSeconds * 1000) / answers) : null,
  });
  const ticks = ticksByGroup(start, end);
  const seconds = (group: string) => (ticks.get(group) ?? 0) / tps;
  const groups = [...new Set([...end.groups, ...ticks.keys()])].filter((g) => g !== POSTGRES_OTHER);
  const rows = groups
    .map((g) => row(g, seconds(g)))
    .sort((a, b) => b.cpuSeconds - a.cpuSeconds || a.process.localeCompare(b.process));
  const productSeconds = groups.reduce((s, g) => s + seconds(g), 0);
  const selfSeconds = (end.selfMicros - start.selfMicros) / 1e6;
  const machineSeconds =
    start.machineTicks !== null && end.machineTicks !== null ? (end.machineTicks - start.machineTicks) / tps : null;
  // Per-process and machine-wide times are sampled apart: a small negative remainder means none.
  const otherSeconds =
    machineSeconds === null
      ? null
      : Math.max(0, machineSeconds - productSeconds - selfSeconds - seconds(POSTGRES_OTHER));
  return {
    windowSeconds: round(windowSeconds, 3),
    answers,
    machine: {
      cores: end.cores,
      busyCores: machineSeconds === null || !(windowSeconds > 0) ? null : round(machineSeconds / windowSeconds, 3),
    },
    rows,
    total: row('total', productSeconds),
    loadGenerator: row(LOAD_GENERATOR, selfSeconds),
    otherDatabases: row(POSTGRES_OTHER, seconds(POSTGRES_OTHER)),
    otherProcesses: otherSeconds === null ? null : row(OTHER, otherSeconds),
  };
}

/**
 * The busy ticks of /proc/stat's first line (user nice system idle iowait irq softirq steal ...): all but idle, iowait
 * and steal.
 */
export function machineBusyTicks(procStat: string): number | null {
  const m = /^cpu\s+(.*)$/m.exec(procStat);
  if (!m) return null;
  const [user, nice, system, , , irq, softirq] = m[1].trim().split(/\s+/).map(Number);
  const busy = user + nice + system + (irq ?? 0) + (softirq ?? 0);
  return Number.isFinite(busy) ? busy : null;
}

// --- Pure: tables -----------------------------------------------------------------------------

/** The table printed after a scenario: each product process, the total, then what is not the product's. */
export function formatCpu(scenario: string, u: CpuUsage): string {
  const busy =
    u.machine.busyCores === null ? '' : `; machine busy ${num(u.machine.busyCores, 2)} of ${u.machine.cores} cores`;
  const line = (r: CpuRow, perRequest = true) => [
    r.process,
    num(r.cpuSeconds, 2),
    num(r.cores, 2),
    perRequest ? num(r.msPerRequest, 2) : '-',
  ];
  const rows = [...u.rows.map((r) => line(r)), line(u.total), line(u.loadGenerator)];
  if (u.otherDatabases.cpuSeconds > 0) rows.push(line(u.otherDatabases, false));
  if (u.otherProcesses) rows.push(line(u.otherProcesses, false));
  return `cpu during ${scenario} (${num(u.windowSeconds, 1)} s, ${u.answers.toLocaleString('en-US')} answers${busy}):\n${formatTable(['process', 'cpu s', 'cores', 'ms per request'], rows)}`;
}

/**
 * The final report's summary: CPU milliseconds per answered request of each process (rows) in each scenario (columns).
 */
export function formatCpuByScenario(results: readonly { name: string; cpu?: CpuUsage }[]): string | null {
  const measured = results.filter((r): r is { name: string; cpu: CpuUsage } => r.cpu !== undefined);
  if (!measured.length) return null;
  // Row order: the first recommendation scenario's (most CPU first), so the table reads like the per-scenario ones.
  const lead = measured.find((r) => r.name !== 'live') ?? measured[0];
  const names = [
    ...new Set([...lead.cpu.rows.map((r) => r.process), ...measured.flatMap((r) => r.cpu.rows.map((x) => x.process))]),
  ];
  const cell = (r: CpuRow | undefined) => num(r?.msPerRequest, 2);
  const rows = [
    ...names.map((n) => [n, ...measured.map((r) => cell(r.cpu.rows.find((x) => x.process === n)))]),
    ['total', ...measured.map((r) => cell(r.cpu.total))],
    [LOAD_GENERATOR, ...measured.map((r) => cell(r.cpu.loadGenerator))],
  ];
  return formatTable(['process', ...measured.map((r) => r.name)], rows);
}

// --- Reading /proc ----------------------------------------------------------------------------

let clockTicksPerSecond: number | undefined;

/** The kernel's clock ticks per second (USER_HZ: `getconf CLK_TCK`, 100 on Linux), read once. */
export function clockTicks(): number {
  if (clockTicksPerSecond === undefined) {
    try {
      const x = Number(
        execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
      );
      clockTicksPerSecond = Number.isInteger(x) && x > 0 ? x : 100;
    } catch {
      clockTicksPerSecond = 100;
    }
  }
  return clockTicksPerSecond;
}

/** A /proc file's text, or null if its process has gone meanwhile. */
function readProcFile(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return null;
    throw err;
  }
}

/** One process's stat (and title if it is PostgreSQL's), or null if it has exited. */
export function readProc(pid: number): ProcInfo | null {
  const text = readProcFile(`/proc/${pid}/stat`);
  const stat = text === null ? null : parseProcStat(text);
  if (!stat) return null;
  if (stat.comm !== 'postgres') return stat;
  const title = readProcFile(`/proc/${pid}/cmdline`);
  return { ...stat, title: title === null ? '' : title.replace(/\0+/g, ' ').trim() };
}

/** Reads every process's CPU time and groups it; synchronous, a few milliseconds for a few hundred processes. */
export function readCpuSnapshot(targets: CpuTargets): CpuSnapshot {
  const before = performance.now();
  const procs: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProc(Number(name));
    if (p) procs.push(p);
  }
  const self = process.cpuUsage();
  const machine = readProcFile('/proc/stat');
  // The middle of the reading: the processes were read one after the other over a few ms.
  const atMs = (before + performance.now()) / 2;
  const groups = groupProcesses(procs, targets);
  return {
    atMs,
    ticksPerSecond: clockTicks(),
    cores: availableParallelism(),
    selfMicros: self.user + self.system,
    machineTicks: machine === null ? null : machineBusyTicks(machine),
    groups: [...Object.keys(targets.apps), ...(targets.natsPid !== undefined ? [NATS] : []), POSTGRES, REDIS],
    procs: procs
      .filter((p) => p.pid !== targets.selfPid)
      .map((p) => ({
        pid: p.pid,
        ppid: p.ppid,
        startTime: p.startTime,
        ticks: p.ticks,
        group: groups.get(p.pid) ?? null,
      })),
  };
}

let warned = false;

/**
 * `take()`, or null (with one warning per run) where /proc cannot be read, e.g. not on Linux:
 * the CPU table is a by-product of a load scenario and must never fail it.
 */
export function trySnapshot(take: (() => CpuSnapshot) | undefined): CpuSnapshot | null {
  if (!take) return null;
  try {
    return take();
  } catch (err) {
    if (!warned) console.warn(`cpu: no per-process CPU figures: ${(err as Error).message}`);
    warned = true;
    return null;
  }
}
