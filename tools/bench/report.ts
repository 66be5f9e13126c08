/** The bench's results: one JSON document, and the tables printed from it. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatAnnRows } from './ann-measure';
import type { AnnResult } from './ann-real';
import type { BenchArgs } from './args';
import type { BenchDatabase } from './database';
import type { HandlerRow } from './handler-metrics';
import type { LoadResult } from './load.types';
import type { LoadAverage, Machine } from './machine';
import type { Market } from './market';
import { formatCpuByScenario } from './process-cpu';
import type { RetrainResult } from './retrain';
import type { LoggedProblems, StackTarget } from './stack';
import type { WarmPass } from './scenarios';
import { formatTable, num } from '@app/offline/report/table';

export interface BenchReport {
  startedAt: string;
  finishedAt?: string;
  args: BenchArgs;
  machine: Machine;
  /** 1/5/15-minute load averages before and after the run, and at the start of each phase. */
  loadAverage: { before: LoadAverage; after?: LoadAverage; phases: Record<string, LoadAverage> };
  market?: Omit<Market, 'usersFile' | 'interactionsFile'>;
  database?: Omit<BenchDatabase, 'url'>;
  /** Why the run trained or not, and the job's report. */
  retrain?: { skipped: string } | RetrainResult;
  /** Each shape of the product measured (--target), in the order measured. */
  targets?: Partial<Record<StackTarget, TargetRun>>;
  ann?: AnnResult;
  error?: string;
  errorStack?: string;
}

/** What one shape of the product (microservices, or all in one process) did in the run. */
export interface TargetRun {
  /** Seconds from the job's end (or the stack's start) until every service served the active versions. */
  servingModels?: { active: Record<string, number>; waitSeconds: number };
  load?: {
    results: LoadResult[];
    warmPass: WarmPass;
    uncachedHandlers: HandlerRow[];
    cacheTtlSeconds: number;
    notes: string[];
  };
  /** What went wrong in the product during the run: apps that exited, warnings and errors they logged. */
  problems?: {
    exits: { app: string; code: number | null; signal: string | null; at: string }[];
    logs: Record<string, LoggedProblems>;
    logDir: string;
  };
}

export function writeReport(file: string, report: BenchReport): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
}

const la = (l?: LoadAverage) => (l ? l.join(' / ') : '-');

/** Above this p99 lag behind its schedule, the generator (not the server) is said to have fallen behind. */
const LAG_WARN_MS = 5;

/** What an open-loop scenario's row does not show: how well the generator kept its schedule. */
export function formatOpenLoop(r: LoadResult): string | null {
  const o = r.openLoop;
  if (!o) return null;
  const lag = o.sendLagMs;
  let line = `${r.name}: open loop, ${o.sent.toLocaleString('en-US')} of ${o.scheduled.toLocaleString('en-US')} scheduled requests sent; generator lag behind schedule p50 ${num(lag.p50, 2)} / p99 ${num(lag.p99, 2)} / max ${num(lag.max, 1)} ms; up to ${o.maxInFlight.toLocaleString('en-US')} in flight on ${r.connections} sockets; last answer ${num(o.drainSeconds, 1)} s after the window`;
  if (lag.p99 > LAG_WARN_MS || o.sent < o.scheduled)
    line += `\n  WARNING: ${r.name}: the load generator fell behind its own schedule (p99 ${num(lag.p99, 1)} ms late); the latencies include that lag`;
  const t = o.tail;
  if (t) {
    const spans = t.windows
      .map((w) => `${w.at.slice(11, 23)} (+${num(w.offsetSeconds, 2)} s) ${w.requests} up to ${num(w.maxMs, 0)} ms`)
      .join(', ');
    line += `\n  slowest 1%: ${t.slowRequests} requests of ${num(t.thresholdMs, 1)} ms or more, due in ${t.spans} span(s) of ${t.spanMs} ms; most: ${spans}`;
  }
  return line;
}

/** One row per scenario: the figures an issue comment needs. */
export function formatLoad(results: readonly LoadResult[]): string {
  return formatTable(
    [
      'scenario',
      'conns',
      'rate',
      'req/s',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'max ms',
      'requests',
      'non-2xx',
      'errors',
      'timeouts',
      'cached',
      'empty',
    ],
    results.map((r) => [
      r.name,
      r.connections,
      r.targetRate === null ? '-' : String(r.targetRate),
      num(r.requestsPerSecond, 1),
      num(r.latencyMs.p50, 1),
      num(r.latencyMs.p90, 1),
      num(r.latencyMs.p99, 1),
      num(r.latencyMs.max, 1),
      r.requests,
      r.non2xx,
      r.errors,
      r.timeouts,
      r.cachedReplies,
      r.emptyPages,
    ]),
  );
}

export function printReport(r: BenchReport, out: (s: string) => void = console.log): void {
  const m = r.machine;
  out(`\n=== npm run bench: ${r.startedAt} ===`);
  out(`machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, node ${m.node}, ${m.os}`);
  out(`load average (1/5/15 min): before ${la(r.loadAverage.before)}, after ${la(r.loadAverage.after)}`);
  for (const [phase, l] of Object.entries(r.loadAverage.phases)) out(`  at ${phase}: ${la(l)}`);
  if (r.market)
    out(
      `market: ${r.market.dir}: ${r.market.users.toLocaleString('en-US')} users, ${r.market.interactions.toLocaleString('en-US')} interactions${r.market.generatedSeconds !== null ? ` (generated in ${num(r.market.generatedSeconds)} s)` : ''}`,
    );
  if (r.database) {
    const d = r.database;
    const imp = d.import
      ? `imported in ${num(d.import.wallSeconds)} s wall (tool: ${num(d.import.toolSeconds)} s): ${d.import.summary}`
      : 'reused (no import)';
    out(
      `database: ${d.name}: ${d.users.toLocaleString('en-US')} users, ${d.interactions.toLocaleString('en-US')} interactions; migrate ${num(d.migrateSeconds, 2)} s; ${imp}`,
    );
  }
  if (r.retrain) {
    if ('skipped' in r.retrain) out(`\nfull retrain: skipped (${r.retrain.skipped})`);
    else {
      const t = r.retrain;
      out(
        `\nfull retrain: job ${t.jobId} ${t.state} after ${t.attempts} attempt(s), ${num(t.wallSeconds)} s from POST /refresh to completion`,
      );
      if (t.failedReason) out(`  failed: ${t.failedReason}`);
      const steps = Object.entries(t.stepSeconds);
      if (steps.length)
        out(
          formatTable(
            ['step (job report)', 'seconds'],
            steps.map(([k, v]) => [k, num(v, 1)]),
          ),
        );
      const models = Object.entries(t.models);
      if (models.length)
        out(
          formatTable(
            ['model', 'version', 'activated', 'outcome'],
            models.map(([k, v]) => [
              k,
              v?.version ?? '-',
              v?.activated ? 'yes' : 'no',
              (v?.reason ?? '').slice(0, 110),
            ]),
          ),
        );
    }
  }
  const targets = Object.entries(r.targets ?? {}) as [StackTarget, TargetRun][];
  for (const [target, run] of targets) {
    out(
      `\n=== ${target === 'all' ? 'every app in one process (--target all)' : 'the seven apps, one process each (--target microservices)'} ===`,
    );
    printTarget(run, out);
  }
  if (targets.length > 1) {
    out(
      '\nside by side, measured in this run one after the other (CPU ms per answered request summed over every process of the product):',
    );
    out(formatSideBySide(targets));
  }
  if (r.ann) {
    out(
      `\nANN (${r.ann.source}; n=${r.ann.n.toLocaleString('en-US')}, dim ${r.ann.dim}, ${r.ann.queries} queries, k=${r.ann.k}):`,
    );
    out(formatAnnRows(r.ann.rows, r.ann.k));
    for (const note of r.ann.notes) out(`  note: ${note}`);
  }
  if (r.error) out(`\nFAILED: ${r.error}`);
}

/** One shape's tables: serving, HTTP load, CPU per process, per-handler latency, and its problems. */
function printTarget(r: TargetRun, out: (s: string) => void): void {
  if (r.servingModels)
    out(
      `serving the active models ${JSON.stringify(r.servingModels.active)} after ${num(r.servingModels.waitSeconds)} s more (candidate-service index build, feature/ranking reload)`,
    );
  if (r.load) {
    out(
      `\nHTTP through the gateway (autocannon closed loop; fixed rates open loop, latency from the intended start; in ms over every response, errors included):`,
    );
    out(formatLoad(r.load.results));
    for (const res of r.load.results) {
      const line = formatOpenLoop(res);
      if (line) out(`  ${line}`);
    }
    for (const res of r.load.results) {
      if (res.non2xx || res.errors)
        out(
          `  ${res.name}: statuses ${JSON.stringify(res.statusCodes)}${res.errorSamples.length ? `; errors: ${res.errorSamples.join('; ')}` : ''}`,
        );
    }
    for (const note of r.load.notes) out(`  note: ${note}`);
    const cpu = formatCpuByScenario(r.load.results);
    if (cpu) {
      out(
        `\nCPU ms per answered request, by process (from /proc over each measured window; cores used and CPU seconds in the JSON, load.results[].cpu):`,
      );
      out(cpu);
    }
    if (r.load.uncachedHandlers.length) {
      out(
        `\nwhere the uncached time goes (the product's own per-handler latency, GET /health/metrics, 10-minute window):`,
      );
      out(
        formatTable(
          ['process', 'route / subject', 'count', 'errors', 'p50 ms', 'p90 ms', 'p99 ms'],
          r.load.uncachedHandlers.map((h) => [
            h.process,
            h.name,
            h.count,
            h.errors,
            num(h.p50Ms, 1),
            num(h.p90Ms, 1),
            num(h.p99Ms, 1),
          ]),
        ),
      );
    }
  }
  if (r.problems) {
    const p = r.problems;
    if (p.exits.length)
      out(
        `\nPROBLEM: apps exited during the run: ${p.exits.map((e) => `${e.app} (code ${e.code}, signal ${e.signal}) at ${e.at}`).join(', ')}`,
      );
    const logged = Object.entries(p.logs);
    if (logged.length) {
      out(`\nwarnings/errors the apps logged (logs in ${p.logDir}):`);
      for (const [app, l] of logged) {
        out(`  ${app}: ${l.error} error(s), ${l.warn} warning(s) by phase ${JSON.stringify(l.byPhase)}`);
        for (const sample of l.samples.slice(0, 3)) out(`    ${sample}`);
      }
    }
  }
}

/**
 * The shapes' figures per scenario in one table, with the ratios all / microservices: the
 * comparison the run exists for, both measured on this machine minutes apart, each with its own
 * liveness floor (`live`).
 */
export function formatSideBySide(targets: readonly [StackTarget, TargetRun][]): string {
  const byName = targets.map(([, run]) => new Map((run.load?.results ?? []).map((r) => [r.name, r])));
  const names = [...new Set(targets.flatMap(([, run]) => (run.load?.results ?? []).map((r) => r.name)))];
  const ratio = (a: number | null | undefined, b: number | null | undefined) => (a && b ? `${num(a / b, 2)}x` : '-');
  const [first, second] = byName;
  return formatTable(
    [
      'scenario',
      ...targets.flatMap(([t]) => [`${t} req/s`, `${t} p50`, `${t} p99`, `${t} cpu ms/req`]),
      ...(targets.length === 2 ? [`${targets[1][0]}/${targets[0][0]} p99`, 'cpu/req'] : []),
    ],
    names.map((name) => [
      name,
      ...byName.flatMap((m) => {
        const r = m.get(name);
        return [
          num(r?.requestsPerSecond, 1),
          num(r?.latencyMs.p50, 1),
          num(r?.latencyMs.p99, 1),
          num(r?.cpu?.total.msPerRequest, 2),
        ];
      }),
      ...(targets.length === 2
        ? [
            ratio(second.get(name)?.latencyMs.p99, first.get(name)?.latencyMs.p99),
            ratio(second.get(name)?.cpu?.total.msPerRequest, first.get(name)?.cpu?.total.msPerRequest),
          ]
        : []),
    ]),
  );
}
