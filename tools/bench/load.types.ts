/** A load scenario and what measuring it gives (closed loop, load.ts; open loop, open-loop.ts). */
import type { CpuSnapshot, CpuUsage } from './process-cpu';
import type { Summary } from './stats';
import type { TailSummary } from './tail-windows';

export interface Scenario {
  name: string;
  what: string;
  path: string;
  /** Picks the next request's path and token; none: `path` without a token. */
  next?: () => { path: string; token: string };
  connections: number;
  duration: number;
  warmup: number;
  /**
   * A fixed arrival rate in requests per second, open loop (open-loop.ts) over at most
   * `connections` sockets; none: as fast as the answers come over `connections` connections.
   */
  rate?: number;
  /**
   * Reads every process's CPU time (process-cpu.ts): called when the measured window starts and
   * when it ends, for LoadResult.cpu. None: no CPU figures.
   */
  cpu?: () => CpuSnapshot;
}

export interface LoadResult {
  name: string;
  what: string;
  connections: number;
  targetRate: number | null;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: Summary;
  /**
   * autocannon's own histogram (integer milliseconds), for comparison with its CLI output; closed-loop scenarios only.
   */
  autocannonLatencyMs?: { p50: number; p90: number; p99: number; max: number; mean: number };
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  errorSamples: string[];
  /** Replies that said `"cached":true`, and pages with no items (recommendation scenarios only). */
  cachedReplies: number;
  emptyPages: number;
  /** Fixed-rate scenarios only: the schedule and how well the generator kept it. */
  openLoop?: OpenLoopStats;
  /**
   * CPU per process group over the measured window, per answer in it (process-cpu.ts); absent where /proc could not be
   * read.
   */
  cpu?: CpuUsage;
}

/** What only an open-loop run has; LoadResult.openLoop. */
export interface OpenLoopStats {
  /** Measured requests on the schedule (rate × duration), and how many of them were sent. */
  scheduled: number;
  sent: number;
  /** How far behind its schedule the generator sent the measured requests (its own lag, not the server's). */
  sendLagMs: Summary;
  /** Most requests sent and not yet answered at once (on a socket or waiting in the agent for one). */
  maxInFlight: number;
  /** Answers (any request, any status) that ended inside the measured window: requestsPerSecond × duration. */
  answeredInWindow: number;
  /** Seconds after the window's end until the last measured request ended (answered, failed or timed out). */
  drainSeconds: number;
  timeoutMs: number;
  /** When the slowest 1% of measured requests were due (tail-windows.ts): stalls or queueing. */
  tail: TailSummary | null;
}
