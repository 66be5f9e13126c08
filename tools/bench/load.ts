/**
 * One HTTP load scenario. As fast as the answers come (closed loop): autocannon's programmatic
 * API, latency taken from its per-response events (full float precision, every status included).
 * At a fixed rate: the open-loop generator of open-loop.ts (autocannon's rate mode sends each
 * second's quota in a burst; see there). Either way every non-2xx status, connection error and
 * timeout is counted and reported: a fast error must never pass for a fast answer.
 */
import autocannon from 'autocannon';
import { onCleanup } from './children';
import { runOpenLoop } from './open-loop';
import { cpuUsage, trySnapshot, type CpuSnapshot } from './process-cpu';
import type { LoadResult, Scenario } from './load.types';
import { summarise } from './stats';

export async function runScenario(baseUrl: string, s: Scenario): Promise<LoadResult> {
  if (s.rate) return runOpenLoop(baseUrl, s);
  const samples: number[] = [];
  const errorSamples = new Set<string>();
  let measuring = false;
  let cachedReplies = 0;
  let emptyPages = 0;
  const request: autocannon.Request = { method: 'GET', path: s.path };
  if (s.next) {
    const next = s.next;
    request.setupRequest = (req) => {
      const { path, token } = next();
      return { ...req, path, headers: { ...(req.headers ?? {}), authorization: `Bearer ${token}` } };
    };
    // Substring tests, not JSON.parse: the load generator shares the machine's two cores with
    // the services it measures, and parsing every 10 kB page would take CPU from them.
    request.onResponse = (status, body) => {
      if (!measuring || status !== 200) return;
      if (body.includes('"cached":true')) cachedReplies++;
      if (body.includes('"items":[]')) emptyPages++;
    };
  }
  const instance = autocannon({
    url: baseUrl,
    connections: s.connections,
    duration: s.duration,
    timeout: 30,
    requests: [request],
    ...(s.warmup > 0 ? { warmup: { connections: s.connections, duration: s.warmup } } : {}),
  });
  const release = onCleanup(`autocannon ${s.name}`, () => instance.stop());
  // 'start' comes after the warm-up, once the measured run's connections are open.
  // (Set in the handler: the cast keeps TypeScript from narrowing it to null for good.)
  let cpuStart = null as CpuSnapshot | null;
  instance.on('start', () => {
    measuring = true;
    cpuStart = trySnapshot(s.cpu);
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => samples.push(ms));
  instance.on('reqError', (err: Error) => {
    if (errorSamples.size < 5) errorSamples.add(err.message);
  });
  const r = await instance;
  // Its connections are closed by now: the window ends with the last response counted.
  const cpuEnd = cpuStart ? trySnapshot(s.cpu) : null;
  await release();
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, v]) => [code, v.count]));
  return {
    name: s.name,
    what: s.what,
    connections: s.connections,
    targetRate: null,
    durationSeconds: r.duration,
    requests: samples.length,
    requestsPerSecond: samples.length / r.duration,
    latencyMs: summarise(samples),
    autocannonLatencyMs: {
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
      mean: r.latency.mean,
    },
    statusCodes,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    errorSamples: [...errorSamples],
    cachedReplies,
    emptyPages,
    ...(cpuStart && cpuEnd ? { cpu: cpuUsage(cpuStart, cpuEnd, samples.length) } : {}),
  };
}
