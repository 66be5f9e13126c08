import { collectDefaultMetrics, Counter, Histogram, Registry, Summary } from 'prom-client';
import type { RouteMetrics } from '@app/contracts';

/** Where slow handlers are reported, and from what duration (0: never). */
export interface SlowHandlerLog {
  thresholdMs: number;
  /** `requestId`: the slow request's, for the log line (request-context.ts). */
  warn: (message: string, requestId?: string) => void;
  /** Lines a second at most; the ones left out are counted in the next line. */
  maxPerSecond?: number;
}

/**
 * Buckets of `handler_duration_seconds`: from half a millisecond (a cached read) to 30 s (a
 * request that waited on a timeout), dense where the latency targets are (5-250 ms).
 */
export const HANDLER_SECONDS_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/** Options of `LatencyMetrics`. */
export interface LatencyMetricsOptions {
  /** Also export the process's own metrics (CPU, memory, event-loop lag, GC): once per process. */
  processMetrics?: boolean;
}

/**
 * Request counts and latency per handler (an HTTP route or a NATS subject), two ways:
 * - for scrapers (`registry`, GET /metrics): a histogram, which replicas aggregate (a summary's
 *   percentiles cannot be averaged across them), with the process's own metrics and any other
 *   metric of the process registered in `registry`;
 * - for people (`snapshot`, GET /health/metrics): percentiles over a 10-minute sliding window, so
 *   they reflect recent traffic, from a summary kept in a registry of its own (not exported).
 * Slow handlers are also logged one by one (the logger adds the request id), so a slow answer can
 * be traced to the hop that was slow.
 */
export class LatencyMetrics {
  /** The process's Prometheus registry: every metric the service exports registers here. */
  readonly registry = new Registry();
  private readonly recent = new Registry();
  private readonly summary: Summary<'handler' | 'outcome'>;
  private readonly histogram: Histogram<'handler' | 'outcome'>;
  private readonly refused: Counter<'subject'>;
  private slowSecond = -1;
  private slowInSecond = 0;
  private slowLeftOut = 0;

  constructor(
    service: string,
    private readonly slow: SlowHandlerLog | null = null,
    options: LatencyMetricsOptions = {},
  ) {
    this.registry.setDefaultLabels({ service });
    this.summary = new Summary({
      name: 'handler_duration_ms',
      help: 'Handler latency in milliseconds',
      labelNames: ['handler', 'outcome'],
      percentiles: [0.5, 0.9, 0.99],
      maxAgeSeconds: 600,
      ageBuckets: 5,
      registers: [this.recent],
    });
    this.histogram = new Histogram({
      name: 'handler_duration_seconds',
      help: 'Time to handle an HTTP request (gateway) or a NATS request (services), by handler and outcome',
      labelNames: ['handler', 'outcome'],
      buckets: HANDLER_SECONDS_BUCKETS,
      registers: [this.registry],
    });
    this.refused = new Counter({
      name: 'events_refused_total',
      help: 'Events a consumer of this process refused because they did not match their subject schema',
      labelNames: ['subject'],
      registers: [this.registry],
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Records one handled request (`requestId`: named in its slow line, if it is one). */
  observe(handler: string, ms: number, ok: boolean, requestId?: string, nowMs = Date.now()): void {
    const labels = { handler, outcome: ok ? 'ok' : 'error' };
    this.summary.observe(labels, ms);
    this.histogram.observe(labels, ms / 1000);
    if (this.slow && this.slow.thresholdMs > 0 && ms >= this.slow.thresholdMs)
      this.reportSlow(handler, ms, ok, nowMs, requestId);
  }

  /**
   * Counts an event its consumer refused (it did not match its subject's schema): reported as the
   * handler `<subject> refused`, every one an error, so /health/metrics shows them per subject.
   */
  refusedEvent(subject: string): void {
    this.summary.observe({ handler: `${subject} refused`, outcome: 'error' }, 0);
    this.refused.inc({ subject });
  }

  private reportSlow(handler: string, ms: number, ok: boolean, nowMs: number, requestId: string | undefined): void {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.slowSecond) {
      this.slowSecond = second;
      this.slowInSecond = 0;
    }
    if (this.slowInSecond >= (this.slow!.maxPerSecond ?? 10)) {
      this.slowLeftOut++;
      return;
    }
    this.slowInSecond++;
    const leftOut = this.slowLeftOut ? ` (${this.slowLeftOut} more slow handlers not logged before this one)` : '';
    this.slowLeftOut = 0;
    this.slow!.warn(
      `slow: ${handler} took ${Math.round(ms)} ms${ok ? '' : ', failed'}, started ${new Date(nowMs - ms).toISOString()}${leftOut}`,
      requestId,
    );
  }

  /** Counts and percentiles per handler (errors included in the percentiles). */
  async snapshot(): Promise<RouteMetrics[]> {
    const { values } = await this.summary.get();
    const byHandler = new Map<string, RouteMetrics>();
    for (const v of values) {
      const handler = String(v.labels.handler);
      const entry = byHandler.get(handler) ?? { name: handler, count: 0, errors: 0, p50_ms: 0, p90_ms: 0, p99_ms: 0 };
      byHandler.set(handler, entry);
      if (v.metricName === 'handler_duration_ms_count') {
        entry.count += v.value;
        if (v.labels.outcome === 'error') entry.errors += v.value;
      }
    }
    // Percentiles: take the worse of the ok/error series (a conservative view without merging).
    for (const v of values) {
      const quantile = (v.labels as Record<string, unknown>).quantile;
      if (v.metricName || quantile === undefined || Number.isNaN(v.value)) continue;
      const entry = byHandler.get(String(v.labels.handler));
      if (!entry) continue;
      const key = ({ 0.5: 'p50_ms', 0.9: 'p90_ms', 0.99: 'p99_ms' } as const)[Number(quantile) as 0.5 | 0.9 | 0.99];
      if (key) entry[key] = Math.max(entry[key], Math.round(v.value * 100) / 100);
    }
    return [...byHandler.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Prometheus text exposition, for scrapers. */
  prometheus(): Promise<string> {
    return this.registry.metrics();
  }

  /** The exposition's content type (text format 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }
}
