/**
 * Where a request's time goes: each gateway route's and service handler's latency, as the
 * product itself measures it (GET /health/metrics: a 10-minute sliding window per process).
 * Read right after the uncached scenarios, so the window holds mostly their requests.
 */
import { ok, type Schemas } from '@app/client';
import { gatewayClient } from './gateway-client';

export interface HandlerRow {
  process: string;
  name: string;
  count: number;
  errors: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
}

export async function handlerMetrics(base: string): Promise<HandlerRow[]> {
  const body = await ok(gatewayClient(base).GET('/api/v1/health/metrics'));
  const rows: HandlerRow[] = [];
  const add = (process: string, list: readonly Schemas['RouteMetricsResponse'][]) => {
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
  add('gateway', body.gateway);
  for (const [service, list] of Object.entries(body.services)) if (Array.isArray(list)) add(service, list);
  return rows.sort((a, b) => b.count - a.count);
}
