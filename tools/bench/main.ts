/**
 * `npm run bench`: the whole product measured on this machine, end to end.
 *   1. the market (generated if missing), 2. the bench database (imported if it does not hold it),
 *   3. the seven apps on a private NATS and a full retrain through the API, 4. HTTP load through
 *   the gateway (autocannon; the fixed rates open loop, open-loop.ts), 5. the ANN index on the
 *   trained vectors.
 * Prints tables and writes JSON (default bench-results/bench.json). Everything it starts is
 * stopped at the end, on an error, and on Ctrl-C (children.ts). Options: args.ts (--help).
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { runAnn } from './ann-real';
import { parseBenchArgs, USAGE, UsageError, type BenchArgs } from './args';
import { cleanupAll, onCleanup, releaseOnSignals } from './children';
import { activeModels, ensureBenchDatabase, lockBenchDatabase, prepareForRun } from './database';
import { Tokens } from './gateway-client';
import type { LoadResult } from './load.types';
import { describeMachine, loadAverage } from './machine';
import { ensureMarket } from './market';
import { startPrivateNats } from './nats';
import { ROOT } from './paths';
import { formatCpu } from './process-cpu';
import { deleteNamespace, runNamespace } from './redis-keys';
import { formatLoad, formatOpenLoop, printReport, writeReport, type BenchReport, type TargetRun } from './report';
import { activeVersions, runFullRetrain, waitForServingModels } from './retrain';
import { runLoad } from './scenarios';
import { logProblems, STACK_TARGETS, startStack, stopStack, type StackTarget } from './stack';
import { pickViewers, type Viewer } from './viewers';

const RETRAIN_TIMEOUT_MS = 60 * 60_000;
const SERVING_TIMEOUT_MS = 15 * 60_000;
const CPU_NOTE =
  "cpu: utime+stime (with reaped children) of every process, read from /proc when each measured window starts and ends, by group: each app's process tree; the private nats-server; postgres, every postgres process: the backends of the bench database, and the server's background processes (WAL writer, checkpointer, autovacuum) and backends that exit during the window whatever their database, so other databases' activity partly counts (live backends naming another database are reported apart); redis, the machine's one redis-server, shared: anyone else's commands count; the load generator (this process). ms per request divides by the answers in the window; total is the product's (without the load generator); other processes is the machine's busy time (/proc/stat) less all of these";

async function bench(args: BenchArgs, report: BenchReport): Promise<void> {
  const phase = (name: string) => {
    report.loadAverage.phases[name] = loadAverage();
    console.log(`\n--- ${name} (load ${report.loadAverage.phases[name].join(' / ')}) ---`);
  };
  await lockBenchDatabase(args.db);
  phase('market');
  const market = await ensureMarket(args.market, args.generateUsers);
  report.market = {
    dir: market.dir,
    users: market.users,
    interactions: market.interactions,
    generatedSeconds: market.generatedSeconds,
  };

  phase('database');
  const db = await ensureBenchDatabase(args.db, market, args.fresh);
  report.database = {
    name: db.name,
    reused: db.reused,
    users: db.users,
    interactions: db.interactions,
    migrateSeconds: db.migrateSeconds,
    import: db.import,
  };
  const before = await activeModels(db.url);
  const train = !args.skipTrain || !before.embeddings;
  if (args.skipTrain && train) console.log('retrain: --skip-train, but there is no active embeddings model: training');
  await prepareForRun(db.url, train);

  const runId = `${process.pid}-${Date.now().toString(36)}`;
  const namespace = runNamespace(db.name, runId);
  onCleanup('redis namespace', async () =>
    console.log(`redis: deleted ${await deleteNamespace(namespace)} keys of ${namespace}`),
  );
  const secret = randomBytes(32).toString('hex');
  const tokens = new Tokens(secret);
  const viewers = await pickViewers(db.url, Math.max(args.viewers, args.cachedViewers), args.seed, tokens);
  let trainNow = train;
  for (const target of args.target === 'both' ? STACK_TARGETS : [args.target]) {
    const run: TargetRun = {};
    (report.targets ??= {})[target] = run;
    await measureTarget(
      target,
      { args, db, namespace, runId, secret, tokens, viewers, train: trainNow },
      run,
      report,
      phase,
    );
    trainNow = false;
  }
  if (!train) report.retrain = { skipped: `--skip-train: active ${JSON.stringify(before)}` };

  if (!args.skipAnn) {
    // After the stack is stopped: the index timings should not compete with seven idle services.
    phase('ann');
    report.ann = await runAnn(
      db.url,
      { queries: args.queries, k: args.k, backends: args.backends, seed: args.seed, fallbackUsers: market.users },
      (m) => console.log(`  ${m}`),
    );
  }
}

interface TargetContext {
  args: BenchArgs;
  db: { url: string; name: string };
  namespace: string;
  runId: string;
  secret: string;
  tokens: Tokens;
  viewers: Viewer[];
  /** Run the full retrain on this stack (the first one measured). */
  train: boolean;
}

/**
 * One shape of the product on a private NATS: started, retrained if asked, serving the active
 * models, then loaded; everything it logged and every exit recorded in `run`.
 */
async function measureTarget(
  target: StackTarget,
  c: TargetContext,
  run: TargetRun,
  report: BenchReport,
  phase: (name: string) => void,
): Promise<void> {
  const { args, tokens } = c;
  phase(`stack ${target}`);
  const nats = await startPrivateNats();
  const logDir = join(ROOT, 'tmp', 'bench-logs', c.runId, target);
  console.log(
    `stack: starting ${target === 'all' ? 'every app in one process' : 'the seven apps'} on ${nats.url} (logs in ${logDir})...`,
  );
  const stack = await startStack({
    target,
    databaseUrl: c.db.url,
    natsUrl: nats.url,
    jwtSecret: c.secret,
    redisPrefix: c.namespace,
    logDir,
    // Off until the cached scenario: retrain waiting and the uncached scenarios must not see cached pages.
    appEnv: { 'ranking-service': { RECOMMENDATION_CACHE_TTL_SECONDS: '0' } },
  });
  console.log(`stack: ready at ${stack.baseUrl}`);
  const admin = tokens.sign('bench', 'admin');
  const phaseTimes: [string, number][] = [[`stack ${target}`, Date.now()]];
  const mark = (name: string) => {
    phaseTimes.push([name, Date.now()]);
    phase(`${name} (${target})`);
  };
  try {
    if (c.train) {
      mark('retrain');
      report.retrain = await runFullRetrain(stack.baseUrl, admin, RETRAIN_TIMEOUT_MS);
      // A failed retrain is a finding, not the end: the API still serves (with whatever models
      // are active, or the fallback scorer), and its latency is still worth knowing.
      if (report.retrain.state !== 'completed')
        console.log(
          `retrain: FAILED after ${report.retrain.attempts} attempts: ${report.retrain.failedReason}; measuring with the models that are active`,
        );
    }
    mark('serving');
    const active = await activeVersions(stack.baseUrl);
    const ids = c.viewers.map((v) => v.id);
    const waitSeconds = await waitForServingModels(stack.baseUrl, admin, ids, active, SERVING_TIMEOUT_MS);
    run.servingModels = { active, waitSeconds };
    if (!args.skipLoad) {
      // The CPU table after each recommendation scenario (the floor's is in the JSON and the summary).
      const printResult = (r: LoadResult) =>
        console.log(
          [formatLoad([r]), formatOpenLoop(r), r.cpu && r.name !== 'live' ? formatCpu(r.name, r.cpu) : null]
            .filter(Boolean)
            .join('\n'),
        );
      const cpu = { natsPid: nats.pid, database: c.db.name };
      const { results, warmPass, uncachedHandlers } = await runLoad(
        stack,
        tokens,
        c.viewers.slice(0, args.viewers),
        c.viewers.slice(0, args.cachedViewers),
        { ...args, cpu },
        printResult,
        mark,
      );
      run.load = {
        results,
        warmPass,
        uncachedHandlers,
        cacheTtlSeconds: args.cacheTtl,
        notes: [
          `uncached: ${target === 'all' ? 'the process' : 'ranking-service'} with RECOMMENDATION_CACHE_TTL_SECONDS=0 and a random viewer per request; cached: restarted with the TTL above after a warm-up pass`,
          "load generator and the product share this machine's cores",
          CPU_NOTE,
          "fixed rate (uncached@<rate>/s): open loop, one request every 1/rate s whether or not earlier ones have answered, over up to `conns` keep-alive sockets (a request waits in the client queue when all are busy); latency runs from each request's intended start to the end of its answer, so queueing behind the schedule counts; req/s is the answers completed within the measured window per second",
        ],
      };
    }
  } finally {
    run.problems = { exits: [...stack.exits], logs: logProblems(stack, phaseTimes), logDir };
    await stopStack(stack);
    await nats.stop();
  }
}

async function main(): Promise<number> {
  let args: BenchArgs | null;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`bench: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (!args) {
    process.stdout.write(USAGE);
    return 0;
  }
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    args,
    machine: describeMachine(),
    loadAverage: { before: loadAverage(), phases: {} },
  };
  const out = resolve(ROOT, args.out);
  const finish = () => {
    report.finishedAt = new Date().toISOString();
    report.loadAverage.after = loadAverage();
    writeReport(out, report);
    printReport(report);
    console.log(`\nwrote ${out}`);
  };
  // Interrupted: what was measured so far is still written, marked as such.
  releaseOnSignals((signal) => {
    report.error = `interrupted by ${signal}`;
    finish();
  });
  let code = 0;
  try {
    await bench(args, report);
  } catch (err) {
    // fetch's own message is only "fetch failed": the reason (refused, reset, ...) is its cause.
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    report.error = `${(err as Error).message ?? String(err)}${cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})`.replace('( ', '(') : ''}`;
    report.errorStack = (err as Error).stack;
    code = 1;
  } finally {
    await cleanupAll();
    finish();
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
    void cleanupAll().finally(() => process.exit(1));
  },
);
