/**
 * Where an open-loop scenario's slowest requests sat in time. A p99 set by queueing spreads the
 * slow requests over the whole window; a p99 set by stalls (a collection pause, a periodic
 * reload, a burst of work elsewhere on the machine) packs them into a few short spans. The
 * spans' wall-clock times can then be matched with the services' logs.
 */
export interface TailWindow {
  /** Seconds from the measured window's start to the span's start. */
  offsetSeconds: number;
  /** The span's start as wall-clock time (ISO 8601). */
  at: string;
  /** Slow requests whose intended start fell in the span. */
  requests: number;
  /** The slowest of them, ms. */
  maxMs: number;
}

export interface TailSummary {
  /** The fastest of the slow requests, ms (about the scenario's p99). */
  thresholdMs: number;
  slowRequests: number;
  /** Spans of `spanMs` holding slow requests, most requests first (at most `maxWindows`). */
  windows: TailWindow[];
  /** How many spans hold slow requests at all. */
  spans: number;
  spanMs: number;
}

/**
 * Groups the slowest 1% of requests (by latency from their intended start; at least one) into
 * spans of `spanMs` by intended start. `startsMs[i]` is request i's intended start, ms after the
 * measured window began at wall-clock `windowStartEpochMs`; `latenciesMs[i]` its latency.
 */
export function tailWindows(
  startsMs: readonly number[],
  latenciesMs: readonly number[],
  windowStartEpochMs: number,
  spanMs = 250,
  maxWindows = 5,
): TailSummary | null {
  const n = Math.min(startsMs.length, latenciesMs.length);
  if (n === 0) return null;
  const slow = Array.from({ length: n }, (_, i) => i)
    .sort((a, b) => latenciesMs[b] - latenciesMs[a] || a - b)
    .slice(0, Math.ceil(n / 100));
  const thresholdMs = latenciesMs[slow[slow.length - 1]];
  const spans = new Map<number, { requests: number; maxMs: number }>();
  const slowRequests = slow.length;
  for (const i of slow) {
    const slot = Math.floor(startsMs[i] / spanMs);
    const span = spans.get(slot) ?? { requests: 0, maxMs: 0 };
    span.requests++;
    span.maxMs = Math.max(span.maxMs, latenciesMs[i]);
    spans.set(slot, span);
  }
  const windows = [...spans]
    .sort(([a, x], [b, y]) => y.requests - x.requests || y.maxMs - x.maxMs || a - b)
    .slice(0, maxWindows)
    .map(([slot, span]) => ({
      offsetSeconds: (slot * spanMs) / 1000,
      at: new Date(windowStartEpochMs + slot * spanMs).toISOString(),
      requests: span.requests,
      maxMs: Math.round(span.maxMs * 10) / 10,
    }));
  return { thresholdMs: Math.round(thresholdMs * 10) / 10, slowRequests, windows, spans: spans.size, spanMs };
}
