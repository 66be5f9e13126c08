import { Registry, Summary } from 'prom-client';
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
 * Request counts and latency percentiles per handler (an HTTP route or a NATS subject), kept
 * in a prom-client Summary over a sliding window so percentiles reflect recent traffic. Slow
 * handlers are also logged one by one (the logger adds the request id), so a slow answer can
 * be traced to the hop that was slow.
 */
export class LatencyMetrics {
  readonly registry = new Registry();
  private readonly summary: Summary<'handler' | 'outcome'>;
  private slowSecond = -1;
  private slowInSecond = 0;
  private slowLeftOut = 0;

  constructor(
    service: string,
    private readonly slow: SlowHandlerLog | null = null,
  ) {
    this.registry.setDefaultLabels({ service });
    this.summary = new Summary({
      name: 'handler_duration_ms',
      help: 'Handler latency in milliseconds',
      labelNames: ['handler', 'outcome'],
      percentiles: [0.5, 0.9, 0.99],
      maxAgeSeconds: 600,
      ageBuckets: 5,
      registers: [this.registry],
    });
  }

  /** Records one handled request (`requestId`: named in its slow line, if it is one). */
  observe(handler: string, ms: number, ok: boolean, requestId?: string, nowMs = Date.now()): void {
    this.summary.observe({ handler, outcome: ok ? 'ok' : 'error' }, ms);
    if (this.slow && this.slow.thresholdMs > 0 && ms >= this.slow.thresholdMs)
      this.reportSlow(handler, ms, ok, nowMs, requestId);
  }

  /**
   * Counts an event its consumer refused (it did not match its subject's schema): reported as the
   * handler `<subject> refused`, every one an error, so /health/metrics shows them per subject.
   */
  refusedEvent(subject: string): void {
    this.summary.observe({ handler: `${subject} refused`, outcome: 'error' }, 0);
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
}
