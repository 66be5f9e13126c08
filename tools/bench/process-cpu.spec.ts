import {
  cpuUsage,
  formatCpu,
  formatCpuByScenario,
  groupProcesses,
  LOAD_GENERATOR,
  machineBusyTicks,
  NATS,
  parseProcStat,
  postgresDatabase,
  POSTGRES,
  POSTGRES_OTHER,
  readProc,
  REDIS,
  ticksByGroup,
  type CpuSnapshot,
  type CpuTargets,
  type ProcInfo,
} from './process-cpu';

/** A /proc/<pid>/stat line with the given fields (the rest zero, as the parser ignores them). */
function statLine(
  pid: number,
  comm: string,
  ppid: number,
  utime: number,
  stime: number,
  cutime = 0,
  cstime = 0,
  startTime = 1000,
): string {
  const f = new Array<number | string>(52 - 2).fill(0);
  f[0] = 'S';
  f[1] = ppid;
  f[11] = utime;
  f[12] = stime;
  f[13] = cutime;
  f[14] = cstime;
  f[19] = startTime;
  return `${pid} (${comm}) ${f.join(' ')}\n`;
}

const proc = (pid: number, ppid: number, comm: string, ticks: number, title?: string, startTime = 1000): ProcInfo => ({
  pid,
  ppid,
  comm,
  startTime,
  ticks,
  ...(title !== undefined ? { title } : {}),
});

describe('parseProcStat', () => {
  it('reads ppid, start time and utime + stime + cutime + cstime', () => {
    expect(parseProcStat(statLine(42, 'node', 7, 120, 30, 5, 1, 3456))).toEqual({
      pid: 42,
      ppid: 7,
      comm: 'node',
      startTime: 3456,
      ticks: 156,
    });
  });

  it('counts the fields from the last ")", since the command name may hold spaces and parentheses', () => {
    expect(parseProcStat(statLine(9, 'a) (b c', 1, 10, 2))).toMatchObject({
      pid: 9,
      comm: 'a) (b c',
      ppid: 1,
      ticks: 12,
    });
  });

  it('is null for text that is not a stat line', () => {
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('12 (x) S')).toBeNull();
  });
});

describe('postgresDatabase (from the process title)', () => {
  it('names the database of a backend, with or without a cluster name, over TCP or a socket', () => {
    expect(postgresDatabase('postgres: 15/main: postgres recsys_bench 127.0.0.1(51880) idle')).toBe('recsys_bench');
    expect(postgresDatabase('postgres: app shop [local] SELECT')).toBe('shop');
    expect(postgresDatabase('postgres: 15/main: postgres other ::1(5432) idle in transaction')).toBe('other');
  });

  it("names an autovacuum worker's database, and a parallel worker's leader", () => {
    expect(postgresDatabase('postgres: 15/main: autovacuum worker recsys_bench')).toBe('recsys_bench');
    expect(postgresDatabase('postgres: 15/main: parallel worker for PID 13000')).toEqual({ leaderPid: 13000 });
  });

  it('is null for the postmaster and the background processes', () => {
    expect(postgresDatabase('/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main')).toBeNull();
    expect(postgresDatabase('postgres: 15/main: checkpointer')).toBeNull();
    expect(postgresDatabase('postgres: 15/main: logical replication launcher')).toBeNull();
  });
});

describe('groupProcesses', () => {
  const targets: CpuTargets = {
    apps: { gateway: 100, 'ranking-service': 200 },
    natsPid: 300,
    database: 'recsys_bench',
    selfPid: 50,
  };
  const procs: ProcInfo[] = [
    proc(1, 0, 'init', 5),
    proc(40, 1, 'npm run bench', 1),
    proc(50, 40, 'node', 900), // the bench itself
    proc(100, 50, 'node', 10), // gateway
    proc(200, 50, 'node', 20), // ranking-service, a wrapper ...
    proc(201, 200, 'node', 30), // ... whose real work is its child
    proc(202, 201, 'sh', 1), // and a grandchild
    proc(300, 50, 'nats-server', 4),
    proc(301, 1, 'nats-server', 99), // the machine's shared nats-server: not ours
    proc(500, 1, 'postgres', 3, '/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main'),
    proc(501, 500, 'postgres', 2, 'postgres: 15/main: walwriter'),
    proc(502, 500, 'postgres', 7, 'postgres: 15/main: postgres recsys_bench 127.0.0.1(51880) idle'),
    proc(503, 500, 'postgres', 8, 'postgres: 15/main: postgres other_db 127.0.0.1(51881) SELECT'),
    proc(504, 500, 'postgres', 9, 'postgres: 15/main: parallel worker for PID 503'),
    proc(505, 500, 'postgres', 1, 'postgres: 15/main: parallel worker for PID 502'),
    proc(600, 1, 'redis-server', 6),
    proc(700, 1, 'mariadbd', 50),
    proc(800, 50, 'psql', 1), // the bench's own helper: no group
  ];

  it("groups each app's whole process tree, our nats-server, postgres by database, and redis", () => {
    expect(Object.fromEntries(groupProcesses(procs, targets))).toEqual({
      100: 'gateway',
      200: 'ranking-service',
      201: 'ranking-service',
      202: 'ranking-service',
      300: NATS,
      500: POSTGRES,
      501: POSTGRES,
      502: POSTGRES,
      503: POSTGRES_OTHER,
      504: POSTGRES_OTHER,
      505: POSTGRES,
      600: REDIS,
    });
  });

  it('counts every postgres process as one group when the bench names no database', () => {
    const g = groupProcesses(procs, { ...targets, database: undefined });
    expect([500, 501, 502, 503, 504, 505].map((pid) => g.get(pid))).toEqual(new Array(6).fill(POSTGRES));
  });

  it('survives a parent chain that loops or leads nowhere', () => {
    const odd = [proc(10, 11, 'x', 1), proc(11, 10, 'x', 1), proc(12, 999, 'redis-server', 1)];
    expect(Object.fromEntries(groupProcesses(odd, targets))).toEqual({ 12: REDIS });
  });
});

describe('the difference of two snapshots', () => {
  type Proc = CpuSnapshot['procs'][number];
  const p = (pid: number, ppid: number, ticks: number, group: string | null, startTime = 1000): Proc => ({
    pid,
    ppid,
    startTime,
    ticks,
    group,
  });
  const snapshot = (atMs: number, procs: Proc[], selfMicros: number, machineTicks: number | null): CpuSnapshot => ({
    atMs,
    ticksPerSecond: 100,
    cores: 2,
    selfMicros,
    machineTicks,
    groups: ['gateway', 'ranking-service', 'user-service', NATS, POSTGRES, REDIS],
    procs,
  });

  // 10 s, 1,000 answers. Ticks are hundredths of a second.
  const start = snapshot(
    5_000,
    [
      p(1, 0, 0, null),
      p(100, 50, 1_000, 'gateway'),
      p(200, 50, 500, 'ranking-service'),
      p(201, 200, 2_000, 'ranking-service'),
      p(300, 50, 100, NATS),
      p(500, 1, 10_000, POSTGRES), // postmaster: c-fields hold every backend it reaped
      p(502, 500, 300, POSTGRES),
      p(503, 500, 400, POSTGRES_OTHER),
      p(506, 500, 50, POSTGRES), // exits during the window after 20 more ticks
      p(507, 500, 40, POSTGRES_OTHER), // another database's backend that exits during the window, 5 more ticks
      p(600, 1, 700, REDIS),
      p(900, 1, 600, 'gateway', 1000), // pid 900 exits and is reused below by another process
    ],
    2_000_000,
    50_000,
  );
  const end = snapshot(
    15_000,
    [
      p(1, 0, 0, null),
      p(100, 50, 1_300, 'gateway'),
      p(200, 50, 500, 'ranking-service'),
      p(201, 200, 2_400, 'ranking-service'),
      p(300, 50, 150, NATS),
      // 506 (50 + 20) and 507 (40 + 5) reaped, and 508 started and ended inside the window (15 ticks).
      p(500, 1, 10_000 + 70 + 45 + 15, POSTGRES),
      p(502, 500, 600, POSTGRES),
      p(503, 500, 430, POSTGRES_OTHER),
      p(509, 500, 25, POSTGRES), // started during the window: counts from zero
      p(600, 1, 800, REDIS),
      p(900, 1, 10, null, 2000), // same pid, another process: not the gateway's 600 ticks
    ],
    3_500_000,
    50_000 + 1_900,
  );

  it("adds each process's increase, new processes from zero, and exited ones through their reaper", () => {
    expect(Object.fromEntries(ticksByGroup(start, end))).toEqual({
      gateway: 300,
      'ranking-service': 400,
      [NATS]: 50,
      // 300 (502) + 25 (509) + the postmaster's 130 more less the exited 506's and 507's 90 before the window
      [POSTGRES]: 300 + 25 + 130 - 50 - 40,
      [POSTGRES_OTHER]: 30,
      [REDIS]: 100,
    });
  });

  it('turns ticks into CPU seconds, cores and milliseconds per answer', () => {
    const u = cpuUsage(start, end, 1_000);
    expect(u.windowSeconds).toBe(10);
    expect(u.answers).toBe(1_000);
    expect(u.rows.map((r) => r.process)).toEqual(['ranking-service', POSTGRES, 'gateway', REDIS, NATS, 'user-service']);
    expect(u.rows[0]).toEqual({ process: 'ranking-service', cpuSeconds: 4, cores: 0.4, msPerRequest: 4 });
    expect(u.rows.find((r) => r.process === 'user-service')).toEqual({
      process: 'user-service',
      cpuSeconds: 0,
      cores: 0,
      msPerRequest: 0,
    });
    // 3 + 4 + 0.5 + 3.65 + 1 = 12.15 s of the product's processes
    expect(u.total).toEqual({ process: 'total', cpuSeconds: 12.15, cores: 1.215, msPerRequest: 12.15 });
    expect(u.loadGenerator).toEqual({ process: LOAD_GENERATOR, cpuSeconds: 1.5, cores: 0.15, msPerRequest: 1.5 });
    expect(u.otherDatabases).toMatchObject({ process: POSTGRES_OTHER, cpuSeconds: 0.3 });
    // The machine was busy 19 s: 19 - 12.15 - 1.5 - 0.3
    expect(u.machine).toEqual({ cores: 2, busyCores: 1.9 });
    expect(u.otherProcesses?.cpuSeconds).toBeCloseTo(5.05, 6);
  });

  it('has no per-request figure without answers, and no "other processes" without /proc/stat', () => {
    const u = cpuUsage({ ...start, machineTicks: null }, end, 0);
    expect(u.total.msPerRequest).toBeNull();
    expect(u.otherProcesses).toBeNull();
    expect(u.machine.busyCores).toBeNull();
  });

  it('prints a table per scenario, and one of milliseconds per request across scenarios', () => {
    const u = cpuUsage(start, end, 1_000);
    const table = formatCpu('uncached', u).split('\n');
    expect(table[0]).toBe('cpu during uncached (10.0 s, 1,000 answers; machine busy 1.90 of 2 cores):');
    expect(table[1]).toMatch(/^process\s+cpu s\s+cores\s+ms per request$/);
    expect(table[3]).toMatch(/^ranking-service\s+4\.00\s+0\.40\s+4\.00$/);
    expect(table.find((l) => l.startsWith('total'))).toMatch(/12\.15\s+1\.22\s+12\.15$/);
    expect(table.find((l) => l.startsWith(POSTGRES_OTHER))).toMatch(/0\.30\s+0\.03\s+-$/);
    expect(table.at(-1)).toMatch(/^other processes\s+5\.05\s+0\.51\s+-$/);

    const both = formatCpuByScenario([
      { name: 'live' },
      { name: 'uncached', cpu: u },
      { name: 'cached', cpu: cpuUsage(start, end, 2_000) },
    ])!.split('\n');
    expect(both[0]).toMatch(/^process\s+uncached\s+cached$/);
    expect(both[2]).toMatch(/^ranking-service\s+4\.00\s+2\.00$/);
    expect(both.at(-1)).toMatch(/^load generator\s+1\.50\s+0\.75$/);
    expect(formatCpuByScenario([{ name: 'live' }])).toBeNull();
  });
});

describe('machineBusyTicks (/proc/stat)', () => {
  it('adds user, nice, system, irq and softirq, not idle, iowait or steal', () => {
    expect(machineBusyTicks('cpu  110392 5 17705 116323 966 7 2455 64 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n')).toBe(
      110392 + 5 + 17705 + 7 + 2455,
    );
    expect(machineBusyTicks('nothing here')).toBeNull();
  });
});

describe('readProc on this machine', () => {
  const linux = process.platform === 'linux' ? it : it.skip;

  linux('reads this process, and its CPU time grows while it computes', () => {
    const before = readProc(process.pid)!;
    expect(before.pid).toBe(process.pid);
    expect(before.ppid).toBe(process.ppid);
    const until = Date.now() + 300;
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    expect(x).toBeGreaterThan(0);
    const after = readProc(process.pid)!;
    expect(after.startTime).toBe(before.startTime);
    // 300 ms of busy loop is 30 ticks at 100 Hz; on a shared machine, at least a few of them.
    expect(after.ticks).toBeGreaterThan(before.ticks);
  });

  linux('is null for a process that does not exist', () => {
    expect(readProc(2 ** 22 + 1)).toBeNull();
  });
});
