import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { ok } from '@app/client';
import { type EventPayload, INBOUND_STREAM, Subjects } from '@app/contracts';
import { api, apiClient, createUser } from '../support/api';
import { waitFor } from '../support/infra';

/**
 * What an integrator publishes on NATS for the product to learn from (inbound.*), end to end:
 * a swipe made elsewhere is recorded as the API records it, once per event id however often it
 * arrives, and can form a match; a profile change is applied; messages and reports after a match
 * are kept once; a payload its schema refuses is dropped, and one that cannot be applied (an
 * unknown user) becomes a dead letter an admin sees.
 */
describe('inbound events from integrators', () => {
  let nc: NatsConnection;
  let db: Client;
  const run = `${process.pid}-${Date.now().toString(36)}`;
  const id = (name: string) => `${name}-${run}`;
  /** Plain NATS publishes, as an integrator without JetStream would send them: the stream keeps them. */
  const publish = <S extends keyof typeof INBOUND>(subject: S, payload: EventPayload<(typeof INBOUND)[S]>) =>
    nc.publish(INBOUND[subject], JSON.stringify(payload));
  const INBOUND = {
    interaction: Subjects.inbound.interaction,
    profile: Subjects.inbound.profile,
    signal: Subjects.inbound.signal,
  } as const;
  const given = async (userId: number) =>
    ok(
      apiClient().GET('/api/v1/interactions/user/{user_id}', {
        params: { path: { user_id: userId }, query: { direction: 'given' } },
      }),
    );

  const inboundMessages = async () => (await (await jetstreamManager(nc)).streams.info(INBOUND_STREAM)).state.messages;

  beforeAll(async () => {
    nc = await connect({ servers: process.env.E2E_NATS_URL! });
    db = new Client({ connectionString: process.env.E2E_DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await nc?.drain();
    await db?.end();
  });

  it('records a swipe made elsewhere once per event id, and a like back through it forms a match', async () => {
    const ann = await createUser({ name: 'Ann', gender: 'female' });
    const ben = await createUser({ name: 'Ben', gender: 'male' });
    const swipe = {
      event_id: id('swipe-1'),
      user_id: ann.id,
      target_user_id: ben.id,
      interaction_type: 'like',
    } as const;
    publish('interaction', swipe);
    publish('interaction', swipe);
    // Through JetStream too, with the event id as its message id.
    await jetstream(nc).publish(Subjects.inbound.interaction, JSON.stringify(swipe), { msgID: swipe.event_id });
    await waitFor(async () => expect((await given(ann.id)).total).toBe(1), 15_000, 'the inbound swipe');
    const [recorded] = (await given(ann.id)).items;
    expect(recorded).toMatchObject({ user_id: ann.id, target_user_id: ben.id, interaction_type: 'like' });

    publish('interaction', {
      event_id: id('swipe-2'),
      user_id: ben.id,
      target_user_id: ann.id,
      interaction_type: 'like',
    });
    await waitFor(
      async () =>
        expect(
          (await ok(apiClient().GET('/api/v1/matches/{user_id}', { params: { path: { user_id: ann.id } } }))).items.map(
            (m) => m.matched_user_id,
          ),
        ).toEqual([ben.id]),
      15_000,
      'the match',
    );
    // Every delivery was acknowledged: three of the first event, one of the second, one swipe each.
    expect((await given(ann.id)).total + (await given(ben.id)).total).toBe(2);
  });

  it('applies a profile change made elsewhere, and keeps nothing of it once applied', async () => {
    const cleo = await createUser({ name: 'Cleo', interests: ['hiking'] });
    publish('profile', {
      event_id: id('profile-1'),
      user_id: cleo.id,
      changes: { bio: 'Moved to Lisbon', location: 'Lisbon' },
    });
    await waitFor(
      async () =>
        expect(
          await ok(apiClient().GET('/api/v1/users/{user_id}', { params: { path: { user_id: cleo.id } } })),
        ).toMatchObject({ bio: 'Moved to Lisbon', location: 'Lisbon', interests: ['hiking'] }),
      15_000,
      'the profile change',
    );
    // A work queue: an applied event (here, profile fields) leaves the stream.
    await waitFor(
      async () => expect(await inboundMessages()).toBe(0),
      15_000,
      'the applied events to leave the stream',
    );

    // A change for a person deleted meanwhile is dropped, not kept as a dead letter with their fields.
    await ok(apiClient().DELETE('/api/v1/users/{user_id}', { params: { path: { user_id: cleo.id } } }));
    publish('profile', { event_id: id('profile-2'), user_id: cleo.id, changes: { bio: 'gone' } });
    await waitFor(async () => expect(await inboundMessages()).toBe(0), 15_000, 'the change to be dropped');
    const letters = await api('GET', '/api/v1/admin/dead-letters?consumer=user-service-inbound-profiles');
    expect(letters.body.items).toEqual([]);
  });

  it('keeps messages and reports after a match once per event id, and forgets them with the person', async () => {
    const dan = await createUser({ name: 'Dan', gender: 'male' });
    const eve = await createUser({ name: 'Eve', gender: 'female' });
    const at = '2026-12-08T10:00:00.000Z';
    const message = {
      event_id: id('msg-1'),
      kind: 'message',
      user_id: dan.id,
      target_user_id: eve.id,
      occurred_at: at,
    } as const;
    publish('signal', message);
    publish('signal', message);
    publish('signal', { ...message, event_id: id('msg-2'), user_id: eve.id, target_user_id: dan.id });
    publish('signal', { ...message, event_id: id('report-1'), kind: 'report' });
    const rows = async () =>
      (
        await db.query(
          `SELECT event_id, kind, actor_id, target_id FROM match_signals WHERE actor_id IN ($1, $2) ORDER BY event_id`,
          [dan.id, eve.id],
        )
      ).rows;
    await waitFor(async () => expect(await rows()).toHaveLength(3), 15_000, 'the signals');
    expect(await rows()).toEqual([
      { event_id: id('msg-1'), kind: 'message', actor_id: dan.id, target_id: eve.id },
      { event_id: id('msg-2'), kind: 'message', actor_id: eve.id, target_id: dan.id },
      { event_id: id('report-1'), kind: 'report', actor_id: dan.id, target_id: eve.id },
    ]);
    await ok(apiClient().DELETE('/api/v1/users/{user_id}', { params: { path: { user_id: eve.id } } }));
    expect(await rows()).toEqual([]);
  });

  it('drops a payload its schema refuses, and keeps one it cannot apply as a dead letter', async () => {
    const fay = await createUser({ name: 'Fay' });
    nc.publish(
      Subjects.inbound.interaction,
      JSON.stringify({ event_id: id('bad'), user_id: fay.id, interaction_type: 'love' }),
    );
    nc.publish(Subjects.inbound.interaction, 'not json at all');
    const unknown = { event_id: id('ghost'), user_id: fay.id, target_user_id: 2_000_000_000, interaction_type: 'like' };
    nc.publish(Subjects.inbound.interaction, JSON.stringify(unknown));
    // The stack redelivers a failing event 5 times within seconds (test/support/stack.ts), then gives up.
    let seq = 0;
    await waitFor(
      async () => {
        const letters = await api('GET', '/api/v1/admin/dead-letters?consumer=interaction-service-inbound');
        expect(letters.status).toBe(200);
        const mine = letters.body.items.find(
          (l: { subject: string; error: string }) =>
            l.subject === Subjects.inbound.interaction && /not found/.test(l.error),
        );
        expect(mine).toBeDefined();
        seq = mine.seq;
      },
      30_000,
      'the dead letter',
    );
    const letter = await api('GET', `/api/v1/admin/dead-letters/${seq}`);
    expect(letter.body.payload).toEqual(unknown);
    expect((await api('DELETE', `/api/v1/admin/dead-letters/${seq}`)).status).toBe(204);
    expect((await given(fay.id)).total).toBe(0);
  });
});
