import { LatencyMetrics } from './latency-metrics';
import { MetricsServer } from './metrics-server';

/** A real HTTP listener on a free port, asked as a scraper and a kubelet would. */
describe('MetricsServer', () => {
  let up = { postgres: true, jetstream: true };
  const checks = [
    { name: 'postgres', isUp: async () => up.postgres },
    { name: 'jetstream', isUp: async () => up.jetstream },
  ];
  const metrics = new LatencyMetrics('test-service');
  const server = new MetricsServer(metrics, checks);
  let base = '';

  beforeAll(async () => {
    base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  });
  afterAll(() => server.close());
  beforeEach(() => (up = { postgres: true, jetstream: true }));

  it('serves the registry in Prometheus text format, handler latency as a histogram', async () => {
    metrics.observe('users.get', 3, true);
    metrics.observe('users.get', 40, false);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE handler_duration_seconds histogram');
    expect(text).toContain(
      'handler_duration_seconds_bucket{le="0.005",service="test-service",handler="users.get",outcome="ok"} 1',
    );
    expect(text).toContain(
      'handler_duration_seconds_count{service="test-service",handler="users.get",outcome="error"} 1',
    );
    // The sliding-window summary of /health/metrics is not exported: replicas could not aggregate it.
    expect(text).not.toContain('handler_duration_ms');
  });

  it('is live while the process answers, and ready only when every dependency is up', async () => {
    expect(await (await fetch(`${base}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', dependencies: { postgres: 'up', jetstream: 'up' } });
    up.jetstream = false;
    const notReady = await fetch(`${base}/health/ready`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'down', dependencies: { postgres: 'up', jetstream: 'down' } });
  });

  it('answers 404 naming its paths, and 405 to anything but GET', async () => {
    const missing = await fetch(`${base}/api/v1/users`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toContain('/metrics');
    expect((await fetch(`${base}/metrics`, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('exports the process metrics when asked to', async () => {
    const text = await new LatencyMetrics('p', null, { processMetrics: true }).prometheus();
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
  });
});
