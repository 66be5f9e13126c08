import { Registry, Summary } from 'prom-client';
import type { RouteMetrics } from '@app/contracts';

/**
 * Request counts and latency percentiles per handler (an HTTP route or a NATS subject), kept
 * in a prom-client Summary over a sliding window so percentiles reflect recent traffic.
 */
export class LatencyMetrics {
  readonly registry = new Registry();
  private readonly summary: Summary<'handler' | 'outcome'>;

  constructor(service: string) {
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

  /** Records one handled request. */
  observe(handler: string, ms: number, ok: boolean): void {
    this.summary.observe({ handler, outcome: ok ? 'ok' : 'error' }, ms);
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
