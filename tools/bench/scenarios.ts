/**
 * The HTTP scenarios, in order:
 *   a. GET /health/live: the gateway alone, the floor every other figure stands on;
 *   b. recommendations, uncached: each request a random viewer among thousands, with the
 *      ranking-service's page cache off (RECOMMENDATION_CACHE_TTL_SECONDS=0). Distinct viewers
 *      alone would leave repeats within the TTL served from the cache, so the cache is switched
 *      off to make every request do the full work (candidates, features, scoring, impressions);
 *      a real miss also costs a Redis GET and SET, well under a millisecond;
 *   d. the same at each fixed rate of --rates, open loop (open-loop.ts): requests arrive on a
 *      schedule whatever the answers do, latency from each request's intended start, so the
 *      tail at a given load includes any queueing behind the schedule;
 *   c. recommendations, cached: the ranking-service restarted with the product's cache TTL, a
 *      few hundred viewers requested once (the warm-up pass), then requested again at random.
 * The cached scenario runs last because it needs the ranking-service restarted.
 */
import { SeededRandom } from '@app/ml/primitives/seeded-random';
import { gatewayClient, recommendationsPath, type Tokens } from './gateway-client';
import { handlerMetrics, type HandlerRow } from './handler-metrics';
import { runScenario } from './load';
import type { LoadResult, Scenario } from './load.types';
import { readCpuSnapshot } from './process-cpu';
import { activeVersions, waitForServingModels } from './retrain';
import { restartApp, type Stack } from './stack';
import type { Viewer } from './viewers';
import { sleep } from './wait';

const SETTLE_MS = 6000;

export interface LoadOptions {
  duration: number;
  warmup: number;
  connections: number;
  /** One open-loop scenario per rate, in this order. */
  rates: readonly number[];
  cacheTtl: number;
  seed: number;
  /**
   * Per-process CPU of each scenario (process-cpu.ts): the private nats-server's pid and the bench
   * database, whose PostgreSQL backends are told from other databases'. None: no CPU figures.
   */
  cpu?: { natsPid?: number; database: string };
}

export interface WarmPass {
  viewers: number;
  seconds: number;
  statusCodes: Record<string, number>;
}

/** Each request a viewer drawn at random (seeded) from `viewers`, with their own token. */
function randomViewer(viewers: readonly Viewer[], seed: number): () => { path: string; token: string } {
  const rng = new SeededRandom(seed);
  return () => {
    const v = viewers[rng.int(viewers.length)];
    return { path: recommendationsPath(v.id), token: v.token };
  };
}

/** Requests every viewer's page once, `parallel` at a time: fills the cache before measuring. */
async function warmPass(base: string, viewers: readonly Viewer[], parallel: number): Promise<WarmPass> {
  const t0 = Date.now();
  const statusCodes: Record<string, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < viewers.length) {
        const v = viewers[next++];
        // No retries: the pass counts the answers as they come.
        const { response } = await gatewayClient(base, v.token, { attempts: 1 }).GET(
          '/api/v1/recommendations/users/{user_id}/recommendations',
          { params: { path: { user_id: v.id }, query: { limit: 20 } } },
        );
        statusCodes[response.status] = (statusCodes[response.status] ?? 0) + 1;
      }
    }),
  );
  return { viewers: viewers.length, seconds: (Date.now() - t0) / 1000, statusCodes };
}

function announce(s: Scenario): void {
  const how = s.rate
    ? `open loop at ${s.rate} requests/s over up to ${s.connections} sockets`
    : `${s.connections} connections`;
  console.log(`load: ${s.name}: ${how}, ${s.warmup} s warm-up + ${s.duration} s...`);
}

export async function runLoad(
  stack: Stack,
  tokens: Tokens,
  uncached: readonly Viewer[],
  cached: readonly Viewer[],
  o: LoadOptions,
  onResult: (r: LoadResult) => void,
  /** Marks the start of each step (load average, and which step a logged error belongs to). */
  phase: (name: string) => void,
): Promise<{ results: LoadResult[]; warmPass: WarmPass; uncachedHandlers: HandlerRow[] }> {
  const base = stack.baseUrl;
  const cpuOf = o.cpu;
  // The apps' pids are read at each snapshot: the cached scenario's ranking-service is a new process.
  const cpu = cpuOf
    ? () =>
        readCpuSnapshot({
          apps: Object.fromEntries([...stack.apps].map(([app, a]) => [app, a.child.pid])),
          natsPid: cpuOf.natsPid,
          database: cpuOf.database,
          selfPid: process.pid,
        })
    : undefined;
  const common = { connections: o.connections, duration: o.duration, warmup: o.warmup, cpu };
  const results: LoadResult[] = [];
  const run = async (s: Scenario) => {
    phase(`load ${s.name}`);
    announce(s);
    const r = await runScenario(base, s);
    results.push(r);
    onResult(r);
    // autocannon drops its connections at the end, but the requests they carried are still being
    // worked on (the open-loop generator waits for its answers, but one it timed out may still
    // be): wait past the RPC timeout (5 s by default) so they finish, or time out, before the
    // next step; otherwise their late work and errors land in the next scenario.
    await sleep(SETTLE_MS);
  };

  await run({ ...common, name: 'live', what: 'GET /health/live (floor)', path: '/api/v1/health/live' });
  await run({
    ...common,
    name: 'uncached',
    what: `recommendations, ${uncached.length} random viewers, cache off`,
    path: '/',
    next: randomViewer(uncached, o.seed),
  });
  // The same viewer sequence at every rate, so the rates differ in nothing else.
  for (const rate of o.rates) {
    await run({
      ...common,
      name: `uncached@${rate}/s`,
      what: `as uncached, open loop at ${rate}/s`,
      path: '/',
      next: randomViewer(uncached, o.seed + 1),
      rate,
    });
  }

  // Before the restart, which empties the ranking-service's window.
  const uncachedHandlers = await handlerMetrics(base);
  phase('cache on (ranking-service restart)');
  console.log(`load: restarting ranking-service with RECOMMENDATION_CACHE_TTL_SECONDS=${o.cacheTtl}...`);
  await restartApp(stack, 'ranking-service', { RECOMMENDATION_CACHE_TTL_SECONDS: String(o.cacheTtl) });
  // Viewers outside the cached set: their first page is computed, so it shows the live versions.
  await waitForServingModels(
    base,
    tokens.sign('bench', 'admin'),
    uncached.map((v) => v.id).filter((id) => !cached.some((c) => c.id === id)),
    await activeVersions(base),
    300_000,
  );
  const warm = await warmPass(base, cached, 8);
  console.log(
    `load: warm-up pass over ${cached.length} viewers in ${warm.seconds.toFixed(1)} s, statuses ${JSON.stringify(warm.statusCodes)}`,
  );
  await run({
    ...common,
    name: 'cached',
    what: `recommendations, ${cached.length} viewers, cache TTL ${o.cacheTtl} s`,
    path: '/',
    next: randomViewer(cached, o.seed + 2),
  });
  return { results, warmPass: warm, uncachedHandlers };
}
