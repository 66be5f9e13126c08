/**
 * Open-loop load at a constant arrival rate (the wrk2 / k6 "constant-arrival-rate" model), for
 * the fixed-rate scenarios. autocannon's rate mode is not one: each connection may send its
 * quota for the second back to back as soon as its one-second counter resets, so 32 connections
 * asked for 300/s send ~300 requests in a burst at the start of each second and then idle, and
 * the latencies are those of a 32-deep queue, not of requests arriving at 300/s.
 *
 * Here request i is due at t0 + i/rate and is sent then, whether or not earlier ones have
 * answered, over a keep-alive agent with at most `connections` sockets: when every socket is
 * busy the request waits in the agent's queue, as a client's would. Its latency runs from its
 * INTENDED start to the end of the response body, so any wait (agent queue, server queue, or the
 * generator itself running late) is counted: no coordinated omission. How late the generator
 * sent each request is recorded separately (`sendLagMs`), so a generator that cannot keep up is
 * visible instead of silently lowering the rate.
 *
 * Cheap on purpose (it shares the cores with the services it measures): one timer wakes every
 * millisecond and sends whatever is due, bodies are only kept for the two substring counts of
 * 200 answers, never parsed, and timeouts are checked in the same tick, oldest request first.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { onCleanup } from './children';
import type { LoadResult, Scenario } from './load.types';
import { cpuUsage, trySnapshot, type CpuSnapshot } from './process-cpu';
import { summarise } from './stats';
import { tailWindows } from './tail-windows';

/** A request not answered this long after its intended start is abandoned and counted as a timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** How often the scheduler wakes while sending. */
const TICK_MS = 1;
/** How often timeouts are checked once everything is sent and only answers are awaited. */
const DRAIN_TICK_MS = 50;

// --- The schedule (pure) ----------------------------------------------------------------------

/** Milliseconds after t0 at which request `i` is meant to start: evenly spaced, `rate` per second. */
export function intendedStartMs(i: number, rate: number): number {
  return (i * 1000) / rate;
}

/**
 * How many requests are due `elapsedMs` after t0: every i < `total` whose intended start is at or
 * before `elapsedMs` (so the requests to have been sent by then are 0 .. dueCount-1). Exact at the
 * boundaries: a request is due at precisely its own intended start, whatever the float rounding.
 */
export function dueCount(elapsedMs: number, rate: number, total: number): number {
  if (elapsedMs < 0 || total <= 0) return 0;
  let n = Math.min(total, Math.max(0, Math.floor((elapsedMs * rate) / 1000) + 1));
  while (n < total && intendedStartMs(n, rate) <= elapsedMs) n++;
  while (n > 0 && intendedStartMs(n - 1, rate) > elapsedMs) n--;
  return n;
}

/** Request `i`'s latency when its answer ended `endMs` after t0: from its intended start, not its send. */
export function latencyFromIntended(i: number, rate: number, endMs: number): number {
  return endMs - intendedStartMs(i, rate);
}

export interface Plan {
  rate: number;
  /** Requests 0 .. warmupRequests-1 warm up and are not recorded; the next `measuredRequests` are. */
  warmupRequests: number;
  measuredRequests: number;
  total: number;
  /**
   * The measured window, in ms after t0: from the first measured request's intended start to one interval after the
   * last's.
   */
  windowStartMs: number;
  windowEndMs: number;
}

export function plan(rate: number, warmupSeconds: number, durationSeconds: number): Plan {
  if (!(rate > 0) || !Number.isFinite(rate))
    throw new Error(`open loop: the rate must be a positive number, got ${rate}`);
  const warmupRequests = Math.round(warmupSeconds * rate);
  const measuredRequests = Math.round(durationSeconds * rate);
  return {
    rate,
    warmupRequests,
    measuredRequests,
    total: warmupRequests + measuredRequests,
    windowStartMs: intendedStartMs(warmupRequests, rate),
    windowEndMs: intendedStartMs(warmupRequests + measuredRequests, rate),
  };
}

// --- The generator ----------------------------------------------------------------------------

export interface OpenLoopOptions {
  timeoutMs?: number;
}

class RequestTimeout extends Error {
  constructor(ms: number) {
    super(`no answer ${ms} ms after the intended start`);
  }
}

/**
 * Runs `s` (which must have a `rate`) open loop against `baseUrl`: s.warmup seconds not recorded,
 * then s.duration seconds measured, then waits until every request has answered or timed out.
 * The result has the shape of the autocannon scenarios' (load.ts) plus `openLoop`:
 * - `requests` and `latencyMs`: the measured requests that got an answer (any status), latency
 *   from the intended start to the end of the body;
 * - `requestsPerSecond`: answers that ended inside the measured window per second, i.e. the
 *   throughput achieved (below the target when the server falls behind);
 * - `errors`: measured requests that ended without an answer, `timeouts` among them (as autocannon
 *   counts them); status codes, non-2xx and the `"cached":true` / `"items":[]` counts (200 answers
 *   when `next` is given) are over the measured requests.
 */
export function runOpenLoop(baseUrl: string, s: Scenario, o: OpenLoopOptions = {}): Promise<LoadResult> {
  const p = plan(s.rate ?? Number.NaN, s.warmup, s.duration);
  const rate = p.rate;
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const url = new URL(baseUrl);
  // fifo: requests rotate over every socket, so none idles long enough for the server to close it
  // (a keep-alive close racing a new request would surface as a spurious ECONNRESET at low rates).
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: s.connections,
    maxFreeSockets: s.connections,
    scheduling: 'fifo',
  });
  const countBodies = s.next !== undefined;

  const latencies: number[] = [];
  /** Each answered measured request's intended start, ms after the measured window began (parallel to latencies). */
  const starts: number[] = [];
  const lags: number[] = [];
  const statusCodes: Record<string, number> = {};
  const errorSamples = new Set<string>();
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let cachedReplies = 0;
  let emptyPages = 0;
  let answeredInWindow = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let sent = 0;
  let sentMeasured = 0;
  let lastMeasuredEndMs = p.windowEndMs;
  /**
   * The in-flight request of each index (null before it is sent and after it ended); `oldest` is the lowest index that
   * may still be in flight.
   */
  const pending: (http.ClientRequest | null)[] = new Array<http.ClientRequest | null>(p.total).fill(null);
  let oldest = 0;
  let timer: NodeJS.Timeout | null = null;
  let draining = false;
  let stopped = false;
  let t0 = 0;
  let t0EpochMs = 0;
  /** CPU snapshots at the measured window's start and end (s.cpu), and the timers that take them. */
  let cpuStart: CpuSnapshot | null = null;
  let cpuEnd: CpuSnapshot | null = null;
  const cpuTimers: NodeJS.Timeout[] = [];

  return new Promise<LoadResult>((resolve) => {
    const result = (): LoadResult => ({
      name: s.name,
      what: s.what,
      connections: s.connections,
      targetRate: rate,
      durationSeconds: s.duration,
      requests: latencies.length,
      requestsPerSecond: s.duration > 0 ? answeredInWindow / s.duration : Number.NaN,
      latencyMs: summarise(latencies),
      statusCodes,
      non2xx,
      errors,
      timeouts,
      errorSamples: [...errorSamples],
      cachedReplies,
      emptyPages,
      openLoop: {
        scheduled: p.measuredRequests,
        sent: sentMeasured,
        sendLagMs: summarise(lags),
        maxInFlight,
        answeredInWindow,
        drainSeconds: Math.max(0, lastMeasuredEndMs - p.windowEndMs) / 1000,
        timeoutMs,
        tail: tailWindows(starts, latencies, t0EpochMs + p.windowStartMs),
      },
      // Over the same window as answeredInWindow.
      ...(cpuStart && cpuEnd ? { cpu: cpuUsage(cpuStart, cpuEnd, answeredInWindow) } : {}),
    });

    const finish = () => {
      if (timer) clearInterval(timer);
      timer = null;
      for (const t of cpuTimers) clearTimeout(t);
      // Everything answered before the window's end (it ends one interval after the last request is due).
      if (cpuStart && !cpuEnd) cpuEnd = trySnapshot(s.cpu);
      for (const req of pending) req?.destroy();
      agent.destroy();
      void release();
      resolve(result());
    };
    const release = onCleanup(`open loop ${s.name}`, () => {
      if (stopped) return;
      stopped = true;
      finish();
    });

    /** Ends request i once (answer, error or timeout); `status` null for no answer. */
    const end = (i: number, status: number | null, body: Buffer | null, err: Error | null) => {
      if (pending[i] === null || stopped) return;
      pending[i] = null;
      inFlight--;
      const endMs = performance.now() - t0;
      const measured = i >= p.warmupRequests;
      if (status !== null && endMs >= p.windowStartMs && endMs <= p.windowEndMs) answeredInWindow++;
      if (measured) {
        lastMeasuredEndMs = Math.max(lastMeasuredEndMs, endMs);
        if (status !== null) {
          latencies.push(latencyFromIntended(i, rate, endMs));
          starts.push(intendedStartMs(i, rate) - p.windowStartMs);
          statusCodes[status] = (statusCodes[status] ?? 0) + 1;
          if (status < 200 || status > 299) non2xx++;
          if (body) {
            // Substring tests on the bytes, as load.ts does: no JSON.parse of 10 kB pages.
            if (body.includes('"cached":true')) cachedReplies++;
            if (body.includes('"items":[]')) emptyPages++;
          }
        } else {
          errors++;
          if (err instanceof RequestTimeout) timeouts++;
          if (errorSamples.size < 5 && err) errorSamples.add(err.message);
        }
      }
      if (sent === p.total && inFlight === 0) {
        stopped = true;
        finish();
      }
    };

    const send = (i: number, nowMs: number) => {
      const measured = i >= p.warmupRequests;
      let path = s.path;
      const headers: Record<string, string> = {};
      if (s.next) {
        const n = s.next();
        path = n.path;
        headers.authorization = `Bearer ${n.token}`;
      }
      const req = http.request(
        { agent, hostname: url.hostname, port: url.port || 80, path, method: 'GET', headers },
        (res) => {
          const status = res.statusCode ?? 0;
          res.on('error', (err) => end(i, null, null, err));
          // After 'end' this is a no-op; before it, the connection went away mid-answer.
          res.on('close', () => end(i, null, null, new Error('connection closed before the end of the answer')));
          if (countBodies && measured && status === 200) {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.once('end', () => end(i, status, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), null));
          } else {
            res.once('end', () => end(i, status, null, null));
            res.resume();
          }
        },
      );
      req.on('error', (err) => end(i, null, null, err));
      pending[i] = req;
      inFlight++;
      if (inFlight > maxInFlight) maxInFlight = inFlight;
      if (measured) {
        sentMeasured++;
        lags.push(nowMs - intendedStartMs(i, rate));
      }
      req.end();
    };

    /** Abandons the oldest requests whose time is up; in-flight requests are in order of intended start. */
    const expire = (nowMs: number) => {
      while (oldest < sent) {
        const req = pending[oldest];
        if (req !== null) {
          if (nowMs - intendedStartMs(oldest, rate) < timeoutMs) break;
          const err = new RequestTimeout(timeoutMs);
          end(oldest, null, null, err);
          req.destroy(err);
        }
        oldest++;
      }
    };

    const tick = () => {
      if (stopped) return;
      const due = dueCount(performance.now() - t0, rate, p.total);
      while (sent < due && !stopped) send(sent++, performance.now() - t0);
      expire(performance.now() - t0);
      if (sent === p.total && !draining && !stopped) {
        // Everything is sent: only timeouts are left to watch for.
        draining = true;
        if (timer) clearInterval(timer);
        timer = setInterval(tick, DRAIN_TICK_MS);
        if (inFlight === 0) {
          stopped = true;
          finish();
        }
      }
    };

    // The CPU window is the measured one: from the first measured request's intended start to one
    // interval after the last's (two snapshots, each a few ms of blocking; see process-cpu.ts).
    if (s.cpu && p.windowStartMs <= 0) cpuStart = trySnapshot(s.cpu);
    t0 = performance.now();
    t0EpochMs = Date.now();
    if (s.cpu) {
      if (p.windowStartMs > 0) cpuTimers.push(setTimeout(() => (cpuStart = trySnapshot(s.cpu)), p.windowStartMs));
      cpuTimers.push(
        setTimeout(() => {
          if (cpuStart && !stopped) cpuEnd = trySnapshot(s.cpu);
        }, p.windowEndMs),
      );
    }
    timer = setInterval(tick, TICK_MS);
    tick();
  });
}
