import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES, Subjects } from '@app/contracts';
import { api, createUser, tokenFor } from '../support/api';
import { freePort, waitFor } from '../support/infra';
import { stackAppEnv, startApp, stopApp } from '../support/stack';

const LOG_DIR = join(__dirname, '..', '..', 'tmp', 'e2e-logs');
const servicePid = async (service: string): Promise<number> =>
  (await api('GET', '/api/v1/health/', { token: null })).body.details[service].pid;

/** What an operator relies on: health, metrics, request ids in logs, scaling out and surviving a dead service. */
describe('operating the stack', () => {
  it('serves liveness, readiness, dependencies, models and metrics without a token', async () => {
    const live = await api('GET', '/api/v1/health/live', { token: null });
    expect(live).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await api('GET', '/api/v1/health/ready', { token: null });
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok', details: { nats: { status: 'up' } } } });
    const health = await api('GET', '/api/v1/health', { token: null });
    expect(health.status).toBe(200);
    for (const s of SERVICE_NAMES) {
      expect(health.body.details[s].status).toBe('up');
    }
    const deps = await api('GET', '/api/v1/health/dependencies', { token: null });
    expect(
      Object.fromEntries(Object.entries(deps.body).map(([k, v]) => [k, (v as { status: string }).status])),
    ).toEqual({ postgres: 'up', redis: 'up', nats: 'up', jetstream: 'up' });
    const models = await api('GET', '/api/v1/health/models', { token: null });
    expect(models.status).toBe(200);
    // Other suites may have trained models by now: whatever is listed must be an active version.
    expect(
      models.body.models.every(
        (m: { status: string; kind: string }) => m.status === 'active' && ['embeddings', 'ranker'].includes(m.kind),
      ),
    ).toBe(true);

    const u = await createUser();
    await api('GET', `/api/v1/interactions/stats/${u.id}`, { token: tokenFor(u.id) });
    const metrics = await api('GET', '/api/v1/health/metrics', { token: null });
    const route = metrics.body.gateway.find(
      (r: { name: string }) => r.name === 'GET /api/v1/interactions/stats/:user_id',
    );
    expect(route.count).toBeGreaterThanOrEqual(1);
    expect(route.p99_ms).toBeGreaterThan(0);
    const handler = metrics.body.services['interaction-service'].find(
      (h: { name: string }) => h.name === Subjects.interactions.stats,
    );
    expect(handler.count).toBeGreaterThanOrEqual(1);

    // The same for scrapers: GET /metrics at the root, Prometheus text, route latency as a histogram.
    const scrape = await api<string>('GET', '/metrics', { token: null });
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    expect(scrape.body).toContain('# TYPE handler_duration_seconds histogram');
    expect(scrape.body).toMatch(
      /handler_duration_seconds_count\{service="gateway",handler="GET \/api\/v1\/interactions\/stats\/:user_id",outcome="ok"\} [1-9]/,
    );
    expect(scrape.body).toContain('process_cpu_seconds_total{service="gateway"}');
    expect((await api('GET', '/api/v1/metrics', { token: null })).status).toBe(404);
  });

  it('carries the request id from the HTTP header through NATS into every service log line', async () => {
    const requestId = `trace-${Date.now()}`;
    const res = await api('POST', '/api/v1/users/', {
      body: { name: 'Traced', age: 33, gender: 'male' },
      headers: { 'x-request-id': requestId },
    });
    expect(res.headers.get('x-request-id')).toBe(requestId);
    const bad = await api('GET', '/api/v1/users/999999', { headers: { 'x-request-id': requestId } });
    expect(bad.body.request_id).toBe(requestId);
    const linesOf = (service: string, id: string): string[] =>
      readFileSync(join(LOG_DIR, `${service}.log`), 'utf8')
        .split('\n')
        .filter((l) => l.includes(id));
    await waitFor(
      async () => {
        const lines = linesOf('user-service', requestId);
        if (!lines.length) throw new Error('not logged yet');
        expect(JSON.parse(lines[0])).toMatchObject({ service: 'user-service', request_id: requestId });
      },
      5000,
      'a user-service log line with the request id',
    );

    // Two hops: gateway → ranking-service → candidate-service, the id handed on at each.
    const pageId = `${requestId}-page`;
    const page = await api('GET', `/api/v1/recommendations/users/${res.body.id}/recommendations`, {
      token: tokenFor(res.body.id),
      headers: { 'x-request-id': pageId },
    });
    expect(page.body.request_id).toBe(pageId);
    await waitFor(
      async () => {
        for (const service of ['ranking-service', 'candidate-service']) {
          const lines = linesOf(service, pageId);
          if (!lines.length) throw new Error(`${service} has not logged it yet`);
          expect(JSON.parse(lines[0])).toMatchObject({ service, request_id: pageId });
        }
      },
      5000,
      'ranking- and candidate-service log lines with the request id',
    );
  });

  it('spreads requests over replicas of a service (queue groups), and stopping one drops no request', async () => {
    const env = stackAppEnv();
    const replica = startApp('user-service', env, LOG_DIR);
    try {
      const pids = new Set<number>();
      await waitFor(
        async () => {
          pids.add(await servicePid('user-service'));
          if (pids.size < 2) throw new Error(`only ${[...pids]} answered so far`);
        },
        20_000,
        'a second user-service replica',
      );
      expect(pids).toContain(replica.pid);
      // Stopping a replica under load drops nothing: it unsubscribes first, so new requests go
      // to the other one, and answers what it already received before it closes.
      const user = await createUser();
      const statuses: number[] = [];
      let stopping = true;
      const worker = async () => {
        while (stopping)
          statuses.push((await api('GET', `/api/v1/users/${user.id}`, { token: tokenFor(user.id) })).status);
      };
      const traffic = Promise.all(Array.from({ length: 8 }, worker));
      await new Promise((r) => setTimeout(r, 300));
      await stopApp(replica);
      stopping = false;
      await traffic;
      expect(statuses.length).toBeGreaterThan(50);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    } finally {
      await stopApp(replica);
    }
    // With the replica gone, the original still serves every request.
    for (let i = 0; i < 5; i++) expect((await createUser()).id).toBeGreaterThan(0);
  });

  it('rate-limits each user separately with 429 in the usual error shape', async () => {
    const port = await freePort();
    const env = stackAppEnv({ PORT: String(port), RATE_LIMIT_PER_MINUTE: '3' });
    const limited = startApp('gateway', env, LOG_DIR);
    try {
      const base = `http://127.0.0.1:${port}`;
      await waitFor(
        async () => {
          if ((await fetch(`${base}/api/v1/health/live`)).status !== 200) throw new Error('not up');
        },
        20_000,
        'a rate-limited gateway',
      );
      const [a, b] = [await createUser(), await createUser()];
      const call = (id: number) =>
        fetch(`${base}/api/v1/users/${id}`, { headers: { authorization: `Bearer ${tokenFor(id)}` } });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await call(a.id)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limitedBody = await (await call(a.id)).json();
      expect(limitedBody).toMatchObject({ statusCode: 429, error: 'RATE_LIMITED', request_id: expect.any(String) });
      expect((await call(b.id)).status).toBe(200);
    } finally {
      await stopApp(limited);
    }
  });

  it('answers every request a gateway had accepted when it is stopped (SIGTERM) under load', async () => {
    const port = await freePort();
    const gateway = startApp('gateway', stackAppEnv({ PORT: String(port) }), LOG_DIR);
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitFor(
        async () => {
          if ((await fetch(`${base}/api/v1/health/live`)).status !== 200) throw new Error('not up');
        },
        20_000,
        'a second gateway',
      );
      const viewers = await Promise.all(Array.from({ length: 24 }, () => createUser()));
      const page = (id: number) =>
        fetch(`${base}/api/v1/recommendations/users/${id}/recommendations?limit=20`, {
          headers: { authorization: `Bearer ${tokenFor(id)}` },
        }).then(
          (r) => r.status,
          (err: { cause?: { code?: string }; message: string }) => `no answer: ${err.cause?.code ?? err.message}`,
        );
      // Accepted before the signal and still being answered: the ranking service is paused, so
      // every page waits on it (well within RPC_TIMEOUT_MS) when the gateway is told to stop.
      const ranking = await servicePid('ranking-service');
      process.kill(ranking, 'SIGSTOP');
      let inFlight: Promise<number | string>[];
      try {
        inFlight = viewers.map((v) => page(v.id));
        await new Promise((r) => setTimeout(r, 300));
        gateway.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, 300));
      } finally {
        process.kill(ranking, 'SIGCONT');
      }
      const exited = new Promise((r) => gateway.once('exit', r));
      expect(await Promise.all(inFlight)).toEqual(viewers.map(() => 200));
      await exited;
      // Some were still being answered when the signal came (else the test proves nothing).
      const drained = readFileSync(join(LOG_DIR, 'gateway.log'), 'utf8')
        .split('\n')
        .filter((l) => l.includes(`"pid":${gateway.pid}`) && l.includes('requests in flight'));
      expect(drained).toEqual([
        expect.stringMatching(/SIGTERM: no new connections; answering the [1-9]\d* requests in flight/),
      ]);
    } finally {
      await stopApp(gateway);
    }
  });

  it('shows dead letters to admins only, and refuses bad sequence numbers and queries by name', async () => {
    const u = await createUser();
    expect((await api('GET', '/api/v1/admin/dead-letters', { token: tokenFor(u.id) })).status).toBe(403);
    const list = await api('GET', '/api/v1/admin/dead-letters');
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body.items)).toBe(true);
    const field = async (path: string, method = 'GET') => {
      const res = await api(method, path);
      return { status: res.status, fields: (res.body.details ?? []).map((d: { field: string }) => d.field) };
    };
    expect(await field('/api/v1/admin/dead-letters/abc')).toEqual({ status: 400, fields: ['seq'] });
    expect(await field('/api/v1/admin/dead-letters?limit=0')).toEqual({ status: 400, fields: ['limit'] });
    expect(await field('/api/v1/admin/dead-letters?consumer=nobody')).toEqual({ status: 400, fields: ['consumer'] });
    expect((await api('GET', '/api/v1/admin/dead-letters/987654')).status).toBe(404);
    expect((await api('POST', '/api/v1/admin/dead-letters/987654/replay')).status).toBe(404);
    expect((await api('DELETE', '/api/v1/admin/dead-letters/987654')).status).toBe(404);
  });

  it('stays ready and serves the API, swipes included, while the trainer is down', async () => {
    const [a, b] = [await createUser(), await createUser()];
    const pid = await servicePid('trainer');
    process.kill(pid, 'SIGSTOP');
    try {
      const ready = await api('GET', '/api/v1/health/ready', { token: null });
      expect(ready.status).toBe(200);
      expect((await api('GET', `/api/v1/users/${a.id}`, { token: tokenFor(a.id) })).status).toBe(200);
      const swipe = await api('POST', '/api/v1/interactions/', {
        token: tokenFor(a.id),
        body: { user_id: a.id, target_user_id: b.id, interaction_type: 'like' },
      });
      expect(swipe.status).toBe(201);
      // The full report still says what is down.
      const health = await api('GET', '/api/v1/health', { token: null });
      expect(health.status).toBe(503);
      expect(health.body.error.trainer.status).toBe('down');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  });

  it('answers 503 (not 500, not a hang) while a service is unresponsive, and recovers', async () => {
    const u = await createUser();
    const pid = await servicePid('interaction-service');
    process.kill(pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const res = await api('GET', `/api/v1/interactions/stats/${u.id}`, { token: tokenFor(u.id) });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ error: 'SERVICE_UNAVAILABLE', request_id: expect.any(String) });
      expect(Date.now() - started).toBeLessThan(10_000);
      const health = await api('GET', '/api/v1/health/', { token: null });
      expect(health.status).toBe(503);
      expect(health.body.error['interaction-service'].status).toBe('down');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await waitFor(
      async () => {
        const res = await api('GET', `/api/v1/interactions/stats/${u.id}`, { token: tokenFor(u.id) });
        if (res.status !== 200) throw new Error(`still ${res.status}`);
      },
      15_000,
      'interaction-service back',
    );
  });
});
