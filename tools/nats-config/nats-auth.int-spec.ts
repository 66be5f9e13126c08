import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import {
  BUS_ACCESS,
  BUS_USERS,
  busInboxPrefix,
  busPasswordVariable,
  DEAD_LETTER_STREAM,
  DurableConsumers,
  replayConsumerOf,
  EVENT_STREAM,
  isErrorPayload,
  SERVICE_NAMES,
  Subjects,
  type BusUser,
  type DurableConsumerName,
  type RpcRequest,
  type RpcSubject,
} from '@app/contracts';
import { tokenFor } from '../../test/support/api';
import {
  dropDatabase,
  freePort,
  freshDatabase,
  type NatsHandle,
  REDIS_URL,
  startNats,
  stopNats,
  TEST_JWT_SECRET,
  waitFor,
} from '../../test/support/infra';
import { NestNatsClient } from '../../test/support/nest-nats-client';
import { startApp, stopApp } from '../../test/support/stack';
import { busPassword, SHIPPED_CONFIG_FILES } from './nats-permissions';

const ROOT = join(__dirname, '..', '..');
const SHIPPED = join(ROOT, SHIPPED_CONFIG_FILES[0]);
const EVENTS = [
  Subjects.events.userCreated,
  Subjects.events.userUpdated,
  Subjects.events.userDeleted,
  Subjects.events.interactionCreated,
  Subjects.events.modelActivated,
  Subjects.events.bulkImported,
];
/** Profile text the apps must never log (at any level they log at by default). */
const PROFILE_TEXT = {
  name: 'Alicia Quokkabottom',
  location: 'Zwiebelfischhausen',
  bio: 'Collects antique barometers',
  interest: 'xylophone-restoration',
  coordinates: ['52.5191', '13.4071'],
};
/** The subjects that change data: no one but the gateway (the API's callers) may send them. */
const WRITES: RpcSubject[] = [
  Subjects.users.create,
  Subjects.users.createBatch,
  Subjects.users.update,
  Subjects.users.delete,
  Subjects.interactions.create,
  Subjects.interactions.createBatch,
  Subjects.training.enqueue,
];

/**
 * The bus as a trust boundary: a private nats-server runs the shipped configuration
 * (deploy/nats/nats-server.conf), every app runs as the real process under its own NATS user,
 * and raw clients with each user's credentials probe what the server allows and refuses.
 */
describe('the bus with authentication and permissions (integration)', () => {
  const random = (n: number) => randomBytes(n).toString('base64url');
  const passwords = Object.fromEntries(BUS_USERS.map((u) => [u, busPassword(random)])) as Record<BusUser, string>;
  const databaseName = `recsys_test_nats_auth_${process.pid}`;
  const logDir = join(ROOT, 'tmp', `nats-auth-logs-${process.pid}`);
  const processes = new Map<string, ChildProcess>();
  const clients = new Map<BusUser, NatsConnection>();
  let nats: NatsHandle;
  let databaseUrl: string;
  let db: Client;
  let gateway: NestNatsClient;
  let ranking: NestNatsClient;
  let baseUrl: string;

  /** A raw connection as `user`, with its reply inboxes (cached per user). */
  async function as(user: BusUser): Promise<NatsConnection> {
    const cached = clients.get(user);
    if (cached) return cached;
    const nc = await connect({ servers: nats.url, user, pass: passwords[user], inboxPrefix: busInboxPrefix(user) });
    clients.set(user, nc);
    return nc;
  }

  const appEnv = (app: 'gateway' | (typeof SERVICE_NAMES)[number]): Record<string, string> => ({
    ...(process.env as Record<string, string>),
    ENVIRONMENT: 'test',
    DATABASE_URL: databaseUrl,
    NATS_URL: nats.url,
    REDIS_URL,
    JWT_SECRET: TEST_JWT_SECRET,
    NATS_USER: app,
    NATS_PASSWORD: passwords[app],
    RPC_TIMEOUT_MS: '3000',
    // A bulk import (below) enqueues a full retrain: keep it small.
    RETRAIN_CRON: '',
    TRAINING_EPOCHS: '1',
    EMBEDDING_DIMENSION: '8',
  });

  beforeAll(async () => {
    const env = Object.fromEntries(BUS_USERS.map((u) => [busPasswordVariable(u), passwords[u]]));
    nats = await startNats({ configFile: SHIPPED, env, probe: { user: 'gateway', pass: passwords.gateway } });
    databaseUrl = await freshDatabase(databaseName);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    rmSync(logDir, { recursive: true, force: true });
    mkdirSync(logDir, { recursive: true });
    const login = (user: BusUser) => ({ user, pass: passwords[user], inboxPrefix: busInboxPrefix(user) });
    gateway = await NestNatsClient.connect(nats.url, login('gateway'));
    ranking = await NestNatsClient.connect(nats.url, login('ranking-service'));
    for (const service of SERVICE_NAMES) processes.set(service, startApp(service, appEnv(service), logDir));
    for (const service of SERVICE_NAMES)
      await waitFor(() => gateway.send(Subjects.health.ping(service), {}, { timeoutMs: 500 }), 60_000, service);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    processes.set('gateway', startApp('gateway', { ...appEnv('gateway'), PORT: String(port) }, logDir));
    await waitFor(
      async () => {
        const res = await fetch(`${baseUrl}/api/v1/health`);
        if (res.status !== 200) throw new Error(`health answered ${res.status}: ${(await res.text()).slice(0, 400)}`);
      },
      60_000,
      'the gateway ready',
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...processes.values()].map(stopApp));
    await Promise.all([...clients.values()].map((nc) => nc.close()));
    await gateway?.close();
    await ranking?.close();
    await db?.end();
    if (nats) await stopNats(nats);
    await dropDatabase(databaseName);
    // A failed log check quotes the lines it found.
    rmSync(logDir, { recursive: true, force: true });
  });

  /** An HTTP call to the gateway as the app's backend (admin). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
  async function http(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${tokenFor('backend', 'admin')}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }

  /** Waits until durable consumer `name` (read with its owner's credentials) has acknowledged everything it got. */
  async function drained(owner: BusUser, name: DurableConsumerName): Promise<number> {
    const jsm = await jetstreamManager(await as(owner));
    let acked = 0;
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(EVENT_STREAM, name);
        if (info.delivered.stream_seq === 0 || info.num_pending > 0 || info.num_ack_pending > 0)
          throw new Error(`${name}: delivered ${info.delivered.stream_seq}, pending ${info.num_pending}`);
        acked = info.ack_floor.stream_seq;
      },
      20_000,
      `${name} drained`,
    );
    return acked;
  }

  /** The error nats-server answered a request with (a permissions violation); throws if the request went out. */
  async function requestRefusal(nc: NatsConnection, subject: string): Promise<string> {
    const outcome = await nc.request(subject, '{}', { timeout: 2000 }).then(
      () => 'answered',
      (err: Error) => err.message,
    );
    if (!/Permissions Violation/.test(outcome)) throw new Error(`${subject}: not refused (${outcome})`);
    return outcome;
  }

  /** Publishes `subject` as plain NATS and returns the server's permission error, or null when accepted. */
  async function publishRefusal(nc: NatsConnection, subject: string): Promise<string | null> {
    const errors: string[] = [];
    const watching = (async () => {
      for await (const s of nc.status()) if (s.type === 'error') errors.push(s.error.message);
    })();
    nc.publish(subject, '{}');
    // The server answers PING after it has handled the publish: a refusal arrives before the PONG.
    await nc.flush();
    await delay(20);
    void watching;
    return errors.find((e) => e.includes(`"${subject}"`)) ?? null;
  }

  /** Subscribes as `nc` and returns the server's refusal, or null when the subscription stands. */
  async function subscribeRefusal(nc: NatsConnection, subject: string): Promise<string | null> {
    const sub = nc.subscribe(subject);
    await nc.flush();
    const closed = await Promise.race([sub.closed, delay(100).then(() => 'open' as const)]);
    if (closed === 'open') {
      sub.unsubscribe();
      return null;
    }
    return closed instanceof Error ? closed.message : 'closed';
  }

  it('refuses anonymous clients and wrong passwords', async () => {
    await expect(connect({ servers: nats.url, reconnect: false })).rejects.toThrow(/Authorization Violation/);
    await expect(
      connect({ servers: nats.url, reconnect: false, user: 'user-service', pass: passwords.trainer }),
    ).rejects.toThrow(/Authorization Violation/);
  });

  it('runs every app under its own user: each answers its subjects, and each caller reaches what it calls', async () => {
    const { body: alice } = await http('POST', '/users/', {
      name: PROFILE_TEXT.name,
      age: 30,
      gender: 'female',
      location: PROFILE_TEXT.location,
      bio: PROFILE_TEXT.bio,
      interests: [PROFILE_TEXT.interest],
      latitude: 52.5191,
      longitude: 13.4071,
      preferences: { genders: ['male'] },
    });
    const { body: bob } = await http('POST', '/users/', {
      name: 'Bob',
      age: 31,
      gender: 'male',
      interests: ['hiking'],
      latitude: 52.5,
      longitude: 13.41,
      preferences: { genders: ['female'] },
    });
    expect([alice.id, bob.id]).toEqual([expect.any(Number), expect.any(Number)]);
    const page = { limit: 10, offset: 0 };
    const [yesterday, tomorrow] = [-1, 1].map((d) => new Date(Date.now() + d * 86_400_000).toISOString());
    const requests: { [S in RpcSubject]?: RpcRequest<S> } = {
      [Subjects.users.create]: { name: 'Carol', age: 40, gender: 'female' },
      [Subjects.users.createBatch]: { users: [{ name: 'Dan', age: 41, gender: 'male' }] },
      [Subjects.users.get]: { id: alice.id },
      [Subjects.users.update]: { id: alice.id, changes: { bio: `${PROFILE_TEXT.bio}, still` } },
      [Subjects.users.delete]: { id: 999_999 },
      [Subjects.users.list]: page,
      [Subjects.users.searchActive]: { ...page, within_hours: 24 },
      [Subjects.users.searchByInterest]: { ...page, interest: 'hiking' },
      [Subjects.interactions.create]: { user_id: alice.id, target_user_id: bob.id, interaction_type: 'like' },
      [Subjects.interactions.createBatch]: { interactions: [] },
      [Subjects.interactions.list]: { ...page, user_id: alice.id, direction: 'both' },
      [Subjects.interactions.stats]: { user_id: alice.id },
      [Subjects.interactions.mutual]: { user_id: alice.id, target_user_id: bob.id },
      [Subjects.interactions.recent]: { user_id: alice.id, hours: 1, limit: 10 },
      [Subjects.interactions.timeline]: { user_id: alice.id, granularity: 'day', since: yesterday, until: tomorrow },
      [Subjects.interactions.matches]: { ...page, user_id: alice.id },
      [Subjects.candidates.generate]: { user_id: bob.id, k: 10 },
      [Subjects.candidates.similar]: { user_id: bob.id, limit: 5 },
      [Subjects.features.batch]: { viewer_id: bob.id, candidate_ids: [alice.id] },
      [Subjects.ranking.recommend]: { ...page, user_id: bob.id, explain: false },
      [Subjects.ranking.rank]: { user_id: bob.id, candidate_ids: [alice.id] },
      [Subjects.ranking.performance]: { window_hours: 24 },
      [Subjects.training.enqueue]: { job: 'recompute-aggregates', reason: 'bus test' },
      [Subjects.training.jobStatus]: { job_id: 'none' },
      [Subjects.training.versions]: {},
    };
    const callers = { gateway, 'ranking-service': ranking } as const;
    const outcomes: Record<string, string> = {};
    for (const caller of ['gateway', 'ranking-service'] as const)
      for (const subject of BUS_ACCESS[caller].calls) {
        const data = (requests as Record<string, unknown>)[subject] ?? {};
        try {
          await callers[caller].send(subject, data as never, { timeoutMs: 5000 });
          outcomes[`${caller} ${subject}`] = 'answered';
        } catch (err) {
          // A domain error (NOT_FOUND for user 999999) is an answer too; a transport failure is not.
          outcomes[`${caller} ${subject}`] = isErrorPayload(err) ? 'answered' : `failed: ${(err as Error).message}`;
        }
      }
    const expected = Object.fromEntries(Object.keys(outcomes).map((k) => [k, 'answered']));
    expect(outcomes).toEqual(expected);
    // Every answering subject was reached by someone.
    const reached = new Set(Object.keys(outcomes).map((k) => k.split(' ')[1]));
    for (const service of SERVICE_NAMES) for (const s of BUS_ACCESS[service].answers) expect(reached).toContain(s);

    // Through the gateway's HTTP API: recommendations need candidate-service, which learned of
    // both profiles from the user events user-service relayed.
    await waitFor(
      async () => {
        const recs = await http('GET', `/recommendations/users/${bob.id}/recommendations`);
        if (!recs.body.items?.some((i: { user_id: number }) => i.user_id === alice.id))
          throw new Error(`recommendations: ${JSON.stringify(recs.body).slice(0, 300)}`);
      },
      20_000,
      'Alice recommended to Bob',
    );
  });

  it('runs every durable and per-instance consumer under its service user, and each service relays its events', async () => {
    const { body: eve } = await http('POST', '/users/', { name: 'Eve', age: 25, gender: 'female' });
    const { body: fay } = await http('POST', '/users/', { name: 'Fay', age: 26, gender: 'female' });
    const like = { user_id: eve.id, target_user_id: fay.id, interaction_type: 'like' };
    expect((await http('POST', '/interactions/', like)).status).toBeLessThan(300);
    expect((await http('DELETE', `/users/${fay.id}`)).status).toBeLessThan(300);
    // The import tool's event: written to the outbox, relayed by user-service.
    await db.query(`INSERT INTO outbox_events (subject, payload, request_id) VALUES ($1, $2, $3)`, [
      Subjects.events.bulkImported,
      JSON.stringify({ users: 0, interactions: 0 }),
      'bus-test-import',
    ]);
    // The trainer's event, published as the trainer (the registry is the truth: a hint only).
    const ack = await jetstream(await as('trainer')).publish(
      Subjects.events.modelActivated,
      JSON.stringify({ kind: 'ranker', version: 0 }),
    );
    expect(ack.stream).toBe(EVENT_STREAM);

    for (const [owner, name] of [
      ['ranking-service', DurableConsumers.rankingCache],
      ['ranking-service', DurableConsumers.rankingCacheUsers],
      ['feature-service', DurableConsumers.featureCounters],
      ['feature-service', DurableConsumers.featureDeletions],
      ['trainer', DurableConsumers.trainerRetrainCounter],
      ['trainer', DurableConsumers.trainerBulkImport],
    ] as const)
      expect(await drained(owner, name)).toBeGreaterThan(0);
    // Each durable consumer's replay consumer runs on the dead-letter stream, under its owner;
    // the gateway reads the dead letters as their admin.
    for (const [owner, name] of [
      ['ranking-service', DurableConsumers.rankingCache],
      ['feature-service', DurableConsumers.featureCounters],
      ['trainer', DurableConsumers.trainerErasure],
    ] as const) {
      const jsm = await jetstreamManager(await as(owner));
      await waitFor(
        async () => expect((await jsm.consumers.info(DEAD_LETTER_STREAM, replayConsumerOf(name))).name).toBeTruthy(),
        10_000,
        `${name}'s replay consumer`,
      );
    }
    expect(await http('GET', '/admin/dead-letters')).toEqual({ status: 200, body: { items: [] } });
    await waitFor(
      async () => {
        const { rows } = await db.query('SELECT count(*)::int AS n FROM outbox_events');
        if (rows[0].n !== 0) throw new Error(`${rows[0].n} events still in the outbox`);
      },
      10_000,
      'outbox drained',
    );

    // No app met a refusal: a denied subscription, request, publish or consumer shows in its log.
    await delay(500);
    for (const app of [...SERVICE_NAMES, 'gateway']) {
      const log = readFileSync(join(logDir, `${app}.log`), 'utf8');
      expect({
        app,
        refusals: log.match(/.*(Permissions Violation|Authorization Violation|cannot follow).*/g),
      }).toEqual({
        app,
        refusals: null,
      });
    }
  });

  it("refuses a service another's write subjects, and every user another's events", async () => {
    const ranking = await as('ranking-service');
    expect(await requestRefusal(ranking, Subjects.users.delete)).toMatch(
      /Permissions Violation for Publish to "users.delete"/,
    );
    expect(await requestRefusal(ranking, Subjects.interactions.create)).toMatch(/Permissions Violation/);
    for (const subject of WRITES)
      expect({ subject, callers: BUS_USERS.filter((u) => BUS_ACCESS[u].calls.includes(subject)) }).toEqual({
        subject,
        callers: ['gateway'],
      });
    for (const user of BUS_USERS) {
      const nc = await as(user);
      // The gateway's own calls were answered above.
      for (const subject of WRITES.filter((s) => !BUS_ACCESS[user].calls.includes(s)))
        expect({ user, subject, refusal: await requestRefusal(nc, subject) }).toEqual({
          user,
          subject,
          refusal: expect.stringMatching(/Permissions Violation for Publish/),
        });
      const js = jetstream(nc);
      for (const subject of EVENTS) {
        if (BUS_ACCESS[user].publishes.includes(subject)) continue;
        // Through JetStream (a request, as the relay publishes) and as a plain publish.
        await expect(js.publish(subject, '{}', { timeout: 2000 })).rejects.toThrow(/Permissions Violation/);
        expect(await publishRefusal(nc, subject)).toMatch(/Permissions Violation/);
      }
    }
    // Only user-service may announce a deletion.
    const deleters = BUS_USERS.filter((u) => BUS_ACCESS[u].publishes.includes(Subjects.events.userDeleted));
    expect(deleters).toEqual(['user-service']);
  });

  it("refuses subscriptions to another service's subjects, to other users' replies and to events", async () => {
    const ranking = await as('ranking-service');
    for (const subject of [
      Subjects.users.delete,
      Subjects.candidates.generate,
      '_INBOX.>',
      '_INBOX.gateway.>',
      'events.>',
      '>',
    ])
      expect({ subject, refusal: await subscribeRefusal(ranking, subject) }).toEqual({
        subject,
        refusal: expect.stringMatching(/Permissions Violation for Subscription/),
      });
    expect(await subscribeRefusal(ranking, Subjects.ranking.rank)).toBeNull();
    // Nor may a service read events from consumers it was not given: another filter...
    const js = jetstream(await as('candidate-service'));
    await expect(js.consumers.get(EVENT_STREAM, { filter_subjects: Subjects.events.all })).rejects.toThrow(
      /Permissions Violation/,
    );
    // ...or another service's durable consumer's acknowledgements.
    expect(
      await publishRefusal(ranking, `$JS.ACK.${EVENT_STREAM}.${DurableConsumers.trainerRetrainCounter}.1.1.1.1.0`),
    ).toMatch(/Permissions Violation/);
  });

  it("keeps profile text and locations out of every app's log", () => {
    const markers = [PROFILE_TEXT.name, PROFILE_TEXT.location, PROFILE_TEXT.bio, PROFILE_TEXT.interest];
    for (const app of [...SERVICE_NAMES, 'gateway']) {
      const log = readFileSync(join(logDir, `${app}.log`), 'utf8');
      expect(log.length).toBeGreaterThan(0);
      const found = [...markers, ...PROFILE_TEXT.coordinates].filter((m) =>
        log.toLowerCase().includes(m.toLowerCase()),
      );
      expect({ app, found }).toEqual({ app, found: [] });
    }
  });

  it('lets the integrator publish under its inbound prefix only', async () => {
    const integrator = await as('integrator');
    expect(await publishRefusal(integrator, 'inbound.app.profile-reported')).toBeNull();
    for (const subject of [Subjects.events.userDeleted, Subjects.users.get, '$JS.API.INFO', 'outbound.x'])
      expect(await publishRefusal(integrator, subject)).toMatch(/Permissions Violation/);
    expect(await requestRefusal(integrator, Subjects.users.get)).toMatch(/Permissions Violation/);
    expect(await subscribeRefusal(integrator, 'inbound.>')).toMatch(/Permissions Violation/);
  });
});
