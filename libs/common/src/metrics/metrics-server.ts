import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DependencyCheck } from '../health/dependency-check';
import type { LatencyMetrics } from './latency-metrics';

/** The bodies of a NATS service's health paths (the gateway's Terminus answers look alike). */
export interface ProbeReply {
  status: 'ok' | 'down';
  dependencies?: Record<string, 'up' | 'down'>;
}

/**
 * A NATS service's small HTTP listener: what a scraper and a kubelet need from a process that
 * otherwise speaks only NATS. node:http rather than a second Nest HTTP app: three fixed GET
 * paths, no body, no middleware, and no Express in a process that does not serve the API.
 * - GET /metrics: the process's registry (LatencyMetrics.registry), Prometheus text format;
 * - GET /health/live: 200 while the process's event loop answers;
 * - GET /health/ready: 200 when every dependency check passes, 503 naming the ones that fail.
 */
export class MetricsServer {
  private server: Server | null = null;

  constructor(
    private readonly metrics: LatencyMetrics,
    private readonly checks: readonly DependencyCheck[],
  ) {}

  /** Listens on `port` (0: a free one) and resolves with the port it got. */
  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    const server = createServer((req, res) => void this.handle(req, res));
    // A scrape that hangs must not keep the process from stopping.
    server.keepAliveTimeout = 5000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  /** Stops listening and ends idle connections. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeIdleConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Readiness: every dependency, checked now. */
  async readiness(): Promise<ProbeReply> {
    const states = await Promise.all(
      this.checks.map(async (c) => [c.name, (await c.isUp().catch(() => false)) ? 'up' : 'down'] as const),
    );
    return {
      status: states.every(([, s]) => s === 'up') ? 'ok' : 'down',
      dependencies: Object.fromEntries(states),
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'only GET' });
    try {
      if (path === '/metrics') {
        const text = await this.metrics.prometheus();
        res.writeHead(200, { 'content-type': this.metrics.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
        return;
      }
      if (path === '/health/live') return send(res, 200, { status: 'ok' } satisfies ProbeReply);
      if (path === '/health/ready') {
        const ready = await this.readiness();
        return send(res, ready.status === 'ok' ? 200 : 503, ready);
      }
      send(res, 404, { error: `no such path: ${path} (GET /metrics, /health/live, /health/ready)` });
    } catch (err) {
      send(res, 500, { error: (err as Error).message });
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
