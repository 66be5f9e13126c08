/**
 * Where a request's time goes: each gateway route's and service handler's latency, as the
 * product itself measures it (GET /health/metrics: a 10-minute sliding window per process).
 * Read right after the uncached scenarios, so the window holds mostly their requests.
 */
import type { RouteMetrics } from '@app/contracts';
import { call } from './gateway-client';

export interface HandlerRow {
  process: string;
  name: string;
  count: number;
  errors: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
}

type MetricsReply = { gateway: RouteMetrics[]; services: Record<string, RouteMetrics[] | { error: string }> };

export async function handlerMetrics(base: string): Promise<HandlerRow[]> {
  const res = await call<MetricsReply>(base, 'GET', '/api/v1/health/metrics', null);
  if (res.status !== 200) throw new Error(`GET /health/metrics answered ${res.status}`);
  const rows: HandlerRow[] = [];
  const add = (process: string, list: RouteMetrics[]) => {
    // Health pings and metrics reads are the bench's own polling, not the product's work.
    for (const m of list)
      if (m.count > 0 && !/health/.test(m.name))
        rows.push({
          process,
          name: m.name,
          count: m.count,
          errors: m.errors,
          p50Ms: m.p50_ms,
          p90Ms: m.p90_ms,
          p99Ms: m.p99_ms,
        });
  };
  add('gateway', res.body.gateway);
  for (const [service, list] of Object.entries(res.body.services)) if (Array.isArray(list)) add(service, list);
  return rows.sort((a, b) => b.count - a.count);
}
