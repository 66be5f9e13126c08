import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { api, createUser, tokenFor } from '../support/api';
import { expectBadInput } from '../support/expectations';
import { dropDatabase, freePort, freshDatabase, type NatsHandle, startNats, stopNats, waitFor } from '../support/infra';
import { stackAppEnv, startApp, stopApp } from '../support/stack';

/**
 * What is particular to every app in one process (TARGET=all), on a process of its own (its own
 * database and NATS): the services answer each other in process, so API traffic sends no request
 * over NATS while its events still go through JetStream; one /metrics exposition carries every
 * app's registry; SIGTERM answers what was accepted and exits cleanly. The API itself is checked
 * by the rest of the e2e suite, which `npm test` runs again against `all` (scripts/test.sh).
 */

const LOG_DIR = join(__dirname, '..', '..', 'tmp', 'e2e-logs');
const page = (id: number) => `/api/v1/recommendations/users/${id}/recommendations?limit=20`;

describe('every app in one process (--target all)', () => {
  let nats: NatsHandle;
  let monitor: string;
  let databaseName: string;
  let child: ChildProcess;
  let base: string;

  beforeAll(async () => {
    const monitorPort = await freePort();
    nats = await startNats({ args: ['-m', String(monitorPort)] });
    monitor = `http://127.0.0.1:${monitorPort}`;
    databaseName = `recsys_test_all_${process.pid}`;
    const databaseUrl = await freshDatabase(databaseName);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = stackAppEnv({
      DATABASE_URL: databaseUrl,
      NATS_URL: nats.url,
      PORT: String(port),
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_ADMIN_PER_MINUTE: '0',
      AUTH_FAILURES_PER_MINUTE: '0',
    });
    child = startApp('all', env, LOG_DIR);
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the process exited with ${child.exitCode}`);
        if ((await fetch(`${base}/api/v1/health`)).status !== 200) throw new Error('not every service is up');
      },
      90_000,
      'every app in one process',
    );
  });

  afterAll(async () => {
    if (child) await stopApp(child);
    if (nats) await stopNats(nats);
    if (databaseName) await dropDatabase(databaseName);
  });

  /** Messages nats-server has received from clients so far (its monitoring endpoint). */
  const natsMessagesIn = async (): Promise<number> =>
    ((await (await fetch(`${monitor}/varz`)).json()) as { in_msgs: number }).in_msgs;

  it('answers the API with no request crossing NATS, while its events still go through JetStream', async () => {
    const [a, b] = [await createUser({ name: 'Ada' }, { base }), await createUser({ name: 'Bo' }, { base })];
    // Settle: the two profile events and their consumers' acknowledgements.
    await new Promise((r) => setTimeout(r, 1500));
    const before = await natsMessagesIn();
    for (let i = 0; i < 20; i++) {
      expect((await api('GET', page(a.id), { base, token: tokenFor(a.id) })).status).toBe(200);
      expect((await api('GET', `/api/v1/users/${b.id}`, { base })).status).toBe(200);
    }
    // 40 requests, each two or three calls between services over NATS in the microservice
    // shape (each a request and a reply): none here. A few messages of the process's own
    // background work (consumers' pull requests, heartbeats) may arrive meanwhile.
    expect((await natsMessagesIn()) - before).toBeLessThan(40);

    // A swipe is an event: both reach JetStream (through the outbox), and the second makes a match.
    const events = async () => ((await (await fetch(`${monitor}/jsz`)).json()) as { messages: number }).messages;
    const eventsBefore = await events();
    const swipe = (from: number, to: number) =>
      api('POST', '/api/v1/interactions/', {
        base,
        token: tokenFor(from),
        body: { target_user_id: to, interaction_type: 'like' },
      });
    expect((await swipe(a.id, b.id)).status).toBe(201);
    const back = await swipe(b.id, a.id);
    expect({ status: back.status, is_match: back.body.is_match }).toEqual({ status: 201, is_match: true });
    await waitFor(
      async () => {
        if ((await events()) < eventsBefore + 2) throw new Error('the swipes are not in JetStream yet');
      },
      10_000,
      'the swipe events in JetStream',
    );
  });

  it('refuses bad input at the HTTP edge and at the service boundary alike', async () => {
    const bad = await api('POST', '/api/v1/interactions/', {
      base,
      token: tokenFor(1),
      body: { target_user_id: 'two', interaction_type: 'like' },
    });
    expectBadInput(bad, 'target_user_id');
  });

  it("serves every app's metrics in one exposition, each sample labelled with its app, process metrics once", async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const service of ['gateway', 'user-service', 'candidate-service', 'ranking-service', 'trainer'])
      expect(text).toContain(`service="${service}"`);
    expect(text).toMatch(/handler_duration_seconds_count\{[^}]*handler="ranking\.recommend"[^}]*\} [1-9]/);
    expect(text.match(/^process_cpu_seconds_total\{/gm)).toHaveLength(1);
    expect(text.match(/^# TYPE handler_duration_seconds /gm)).toHaveLength(1);
  });

  it('on SIGTERM answers the requests it accepted, then closes every service and exits 0', async () => {
    const user = await createUser({ name: 'Cy' }, { base });
    const body = JSON.stringify({ candidate_ids: Array.from({ length: 500 }, (_, i) => i + 1) });
    // Requests the process has accepted and is reading when the signal comes: each sends its
    // headers and half its body, and the rest only after the SIGTERM.
    const accepted = Array.from({ length: 6 }, () =>
      halfSent(`/api/v1/recommendations/users/${user.id}/rank`, body, tokenFor(user.id)),
    );
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    for (const r of accepted) r.finish();
    expect(await Promise.all(accepted.map((r) => r.status))).toEqual(Array(6).fill(200));
    expect(await exited).toBe(0);
  });

  /** A POST whose body is half sent: `finish()` sends the rest; `status` is its answer's. */
  function halfSent(
    path: string,
    body: string,
    token: string,
  ): { finish: () => void; status: Promise<number | string> } {
    const req = request(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        authorization: `Bearer ${token}`,
      },
    });
    const status = new Promise<number | string>((resolve) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', (err) => resolve(err.message));
    });
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    return { finish: () => req.end(body.slice(half)), status };
  }
});
