import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import {
  BUS_ACCESS,
  BUS_USERS,
  DEAD_LETTER_STREAM,
  DurableConsumers,
  replayConsumerOf,
  EVENT_STREAM,
  isErrorPayload,
  SERVICE_NAMES,
  Subjects,
  type RpcRequest,
  type RpcSubject,
} from '@app/contracts';
import { waitFor } from '../../test/support/infra';
import { publishRefusal, requestRefusal, subscribeRefusal } from '../../test/support/bus-probes';
import { type SecuredBus, startSecuredBus } from '../../test/support/secured-bus';

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
  let bus: SecuredBus;
  beforeAll(async () => {
    bus = await startSecuredBus();
  }, 120_000);
  afterAll(() => bus?.stop());

  it('refuses anonymous clients and wrong bus.passwords', async () => {
    await expect(connect({ servers: bus.natsUrl, reconnect: false })).rejects.toThrow(/Authorization Violation/);
    await expect(
      connect({ servers: bus.natsUrl, reconnect: false, user: 'user-service', pass: bus.passwords.trainer }),
    ).rejects.toThrow(/Authorization Violation/);
  });

  it('runs every app under its own user: each answers its subjects, and each caller reaches what it calls', async () => {
    const { body: alice } = await bus.http('POST', '/users/', {
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
    const { body: bob } = await bus.http('POST', '/users/', {
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
    const callers = { gateway: bus.gateway, 'ranking-service': bus.ranking } as const;
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
        const recs = await bus.http('GET', `/recommendations/users/${bob.id}/recommendations`);
        if (!recs.body.items?.some((i: { user_id: number }) => i.user_id === alice.id))
          throw new Error(`recommendations: ${JSON.stringify(recs.body).slice(0, 300)}`);
      },
      20_000,
      'Alice recommended to Bob',
    );
  });

  it('runs every durable and per-instance consumer under its service user, and each service relays its events', async () => {
    const { body: eve } = await bus.http('POST', '/users/', { name: 'Eve', age: 25, gender: 'female' });
    const { body: fay } = await bus.http('POST', '/users/', { name: 'Fay', age: 26, gender: 'female' });
    const like = { user_id: eve.id, target_user_id: fay.id, interaction_type: 'like' };
    expect((await bus.http('POST', '/interactions/', like)).status).toBeLessThan(300);
    expect((await bus.http('DELETE', `/users/${fay.id}`)).status).toBeLessThan(300);
    // The import tool's event: written to the outbox, relayed by user-service.
    await bus.db.query(`INSERT INTO outbox_events (subject, payload, request_id) VALUES ($1, $2, $3)`, [
      Subjects.events.bulkImported,
      JSON.stringify({ users: 0, interactions: 0 }),
      'bus-test-import',
    ]);
    // The trainer's event, published as the trainer (the registry is the truth: a hint only).
    const ack = await jetstream(await bus.as('trainer')).publish(
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
      expect(await bus.drained(owner, name)).toBeGreaterThan(0);
    // Each durable consumer's replay consumer runs on the dead-letter stream, under its owner;
    // the gateway reads the dead letters as their admin.
    for (const [owner, name] of [
      ['ranking-service', DurableConsumers.rankingCache],
      ['feature-service', DurableConsumers.featureCounters],
      ['trainer', DurableConsumers.trainerErasure],
    ] as const) {
      const jsm = await jetstreamManager(await bus.as(owner));
      await waitFor(
        async () => expect((await jsm.consumers.info(DEAD_LETTER_STREAM, replayConsumerOf(name))).name).toBeTruthy(),
        10_000,
        `${name}'s replay consumer`,
      );
    }
    expect(await bus.http('GET', '/admin/dead-letters')).toEqual({ status: 200, body: { items: [] } });
    await waitFor(
      async () => {
        const { rows } = await bus.db.query('SELECT count(*)::int AS n FROM outbox_events');
        if (rows[0].n !== 0) throw new Error(`${rows[0].n} events still in the outbox`);
      },
      10_000,
      'outbox drained',
    );

    // No app met a refusal: a denied subscription, request, publish or consumer shows in its log.
    await delay(500);
    for (const app of [...SERVICE_NAMES, 'gateway']) {
      const log = readFileSync(join(bus.logDir, `${app}.log`), 'utf8');
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
    const ranking = await bus.as('ranking-service');
    expect(await requestRefusal(ranking, Subjects.users.delete)).toMatch(
      /Permissions Violation for Publish to "users.delete"/,
    );
    expect(await requestRefusal(ranking, Subjects.interactions.create)).toMatch(/Permissions Violation/);
    // The gateway writes, and `all` (every app in one process, the gateway among them).
    for (const subject of WRITES)
      expect({ subject, callers: BUS_USERS.filter((u) => BUS_ACCESS[u].calls.includes(subject)) }).toEqual({
        subject,
        callers: ['gateway', 'all'],
      });
    for (const user of BUS_USERS) {
      const nc = await bus.as(user);
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
    // Only user-service may announce a deletion (alone, or in the process of every app).
    const deleters = BUS_USERS.filter((u) => BUS_ACCESS[u].publishes.includes(Subjects.events.userDeleted));
    expect(deleters).toEqual(['user-service', 'all']);
  });

  it("refuses subscriptions to another service's subjects, to other users' replies and to events", async () => {
    const ranking = await bus.as('ranking-service');
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
    const js = jetstream(await bus.as('candidate-service'));
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
      const log = readFileSync(join(bus.logDir, `${app}.log`), 'utf8');
      expect(log.length).toBeGreaterThan(0);
      const found = [...markers, ...PROFILE_TEXT.coordinates].filter((m) =>
        log.toLowerCase().includes(m.toLowerCase()),
      );
      expect({ app, found }).toEqual({ app, found: [] });
    }
  });

  it('lets the integrator publish under its inbound prefix only', async () => {
    const integrator = await bus.as('integrator');
    expect(await publishRefusal(integrator, 'inbound.app.profile-reported')).toBeNull();
    for (const subject of [Subjects.events.userDeleted, Subjects.users.get, '$JS.API.INFO', 'outbound.x'])
      expect(await publishRefusal(integrator, subject)).toMatch(/Permissions Violation/);
    expect(await requestRefusal(integrator, Subjects.users.get)).toMatch(/Permissions Violation/);
    expect(await subscribeRefusal(integrator, 'inbound.>')).toMatch(/Permissions Violation/);
  });
});
