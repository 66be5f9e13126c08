import type { ServiceName } from '../services';

/** Reply of a service to its health ping. */
export interface ServicePing {
  service: ServiceName;
  status: 'ok' | 'degraded';
  uptime_s: number;
  /** State of the dependencies this service uses (postgres, redis, jetstream ...). */
  dependencies: Record<string, 'up' | 'down'>;
  pid: number;
}

/** One latency/throughput summary of a route or a subject. */
export interface RouteMetrics {
  name: string;
  count: number;
  errors: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
}

/** Reply of a service to its metrics request. */
export interface ServiceMetrics {
  service: ServiceName;
  handlers: RouteMetrics[];
}
