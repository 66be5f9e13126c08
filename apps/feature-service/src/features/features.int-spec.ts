import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import {
  ErrorCode,
  EVENT_STREAM,
  REQUEST_ID_HEADER,
  Subjects,
  type EventPayload,
  type RpcReply,
} from '../../../../libs/contracts/src';
import {
  FEATURE_COUNT,
  FEATURE_INDEX,
  FEATURE_NAMES,
  pairFeatures,
  pairVectors,
  UNKNOWN_MARKET_LIKE_RATE,
} from '../../../../libs/ml/src/features';
import { scorePair } from '../../../../libs/ml/src/embeddings/model';
import { serializeEmbeddings } from '../../../../libs/ml/src/embeddings/serialize';
import { waitFor } from '../../../../test/support/infra';
import { type ServiceFixture, startServiceFixture } from '../../../../test/support/service-fixture';
import { startService } from '../../../../test/support/service-process';
import { stopApp } from '../../../../test/support/stack';
import { toProfile, type ProfileRow } from '../../../../libs/db/src/repositories/profiles.repository';

/** feature-service over NATS with interaction-service feeding it events, on real PostgreSQL, Redis and JetStream. */
describe('feature-service (integration)', () => {
  let fx: ServiceFixture;

  beforeAll(async () => {
    fx = await startServiceFixture('features', ['user-service', 'interaction-service', 'feature-service'], {
      AGGREGATES_POLL_MS: '500',
    });
  }, 120_000);
  afterAll(() => fx?.stop());

  let n = 0;
  const newUser = (over: Record<string, unknown> = {}) =>
    fx.rpc.send(Subjects.users.create, {
      name: `U${n++}`,
      age: 30,
      gender: 'female',
      interests: ['hiking', 'photography'],
      latitude: 52.52,
      longitude: 13.4,
      ...over,
    } as never);
  const swipe = (
    user_id: number,
    target_user_id: number,
    interaction_type: 'like' | 'dislike' | 'super_like' | 'block',
  ) => fx.rpc.send(Subjects.interactions.create, { user_id, target_user_id, interaction_type, context: null });
  const at = (vector: Float32Array, name: (typeof FEATURE_NAMES)[number]) => vector[FEATURE_INDEX[name]];
  /** The reply's items, each with its decoded vectors. */
  const withVectors = (reply: RpcReply<'features.batch'>) => {
    const { forward, backward } = pairVectors(reply.vectors, reply.items.length, FEATURE_COUNT);
    return reply.items.map((item, i) => ({ ...item, forward: forward[i], backward: backward[i] }));
  };
  const likesReceived = async (viewer: number, candidate: number) =>
    (await fx.rpc.send(Subjects.features.batch, { viewer_id: viewer, candidate_ids: [candidate] })).items[0]
      .likes_received;

  it('computes both directions with the same libs/ml code the trainer uses', async () => {
    const viewer = await newUser({
      interests: ['hiking', 'photography', 'travel'],
      preferences: { genders: ['male'] },
    });
    const cand = await newUser({
      gender: 'male',
      age: 33,
      interests: ['Hiking', 'cooking'],
      latitude: 52.4,
      longitude: 13.1,
    });
    await swipe(cand.id, viewer.id, 'like');
    const reply = await fx.rpc.send(Subjects.features.batch, { viewer_id: viewer.id, candidate_ids: [cand.id] });
    expect(reply.feature_names).toEqual([...FEATURE_NAMES]);
    expect(reply.missing).toEqual([]);
    const { rows } = await fx.db.query(`SELECT * FROM users WHERE id = ANY($1::int[]) ORDER BY id`, [
      [viewer.id, cand.id],
    ]);
    const [v, c] = (rows as ProfileRow[]).map(toProfile);
    const nowMs = Date.now();
    // The real-time counters know the like: aggregates as the trainer would compute them from it.
    const candAgg = {
      likesGiven: 1,
      swipesGiven: 1,
      likesReceived: 0,
      dislikesReceived: 0,
      // Like rates read likes received as of the last aggregates computation (none here).
      likesReceivedSettled: 0,
      matches: 0,
      lastActiveMs: null as number | null,
    };
    const viewerAgg = {
      likesGiven: 0,
      swipesGiven: 0,
      likesReceived: 1,
      dislikesReceived: 0,
      likesReceivedSettled: 0,
      matches: 0,
      lastActiveMs: null,
    };
    await waitFor(
      async () => {
        const r = await fx.rpc.send(Subjects.features.batch, { viewer_id: viewer.id, candidate_ids: [cand.id] });
        if (r.items[0].likes_received !== 0 || at(withVectors(r)[0].forward, 'viewer_likes_received_log') === 0)
          throw new Error('counters not yet updated');
      },
      3000,
      'real-time counters',
    );
    const fresh = await fx.rpc.send(Subjects.features.batch, { viewer_id: viewer.id, candidate_ids: [cand.id] });
    const item = withVectors(fresh)[0];
    candAgg.lastActiveMs = Date.parse(
      (await fx.db.query('SELECT created_at FROM interactions WHERE actor_id = $1', [cand.id])).rows[0].created_at,
    );
    const forward = pairFeatures({
      viewer: v,
      candidate: c,
      viewerAggregates: viewerAgg,
      candidateAggregates: candAgg,
      candidateLikedViewer: true,
      nowMs,
      marketLikeRate: UNKNOWN_MARKET_LIKE_RATE,
    });
    const backward = pairFeatures({
      viewer: c,
      candidate: v,
      viewerAggregates: candAgg,
      candidateAggregates: viewerAgg,
      candidateLikedViewer: false,
      nowMs,
      marketLikeRate: UNKNOWN_MARKET_LIKE_RATE,
    });
    // Day counts move between our clock and the service's; everything else is identical.
    Array.from(forward.vector).forEach((x, i) => expect(item.forward[i]).toBeCloseTo(x, 3));
    Array.from(backward.vector).forEach((x, i) => expect(item.backward[i]).toBeCloseTo(x, 3));
    expect(item).toMatchObject({ candidate_id: cand.id, shared_interests: ['hiking'], liked_viewer: true });
    expect(item.distance_km).toBeGreaterThan(20);
    expect(reply.embeddings_version).toBeNull();
    expect(at(item.forward, 'emb_known')).toBe(0);
  });

  it('counts a swipe within a second of it being made', async () => {
    const [a, b] = [await newUser(), await newUser({ gender: 'male' })];
    const before = Date.now();
    await swipe(b.id, a.id, 'super_like');
    await waitFor(
      async () => {
        if ((await likesReceived(b.id, a.id)) !== 1) throw new Error('not counted yet');
      },
      1000,
      'the like counted',
    );
    expect(Date.now() - before).toBeLessThan(1500);
  });

  it('adds only the events after the stored aggregates, and counts a redelivered event once', async () => {
    const [a, b, c] = [await newUser(), await newUser({ gender: 'male' }), await newUser({ gender: 'male' })];
    const first = await swipe(b.id, a.id, 'like');
    await waitFor(async () => expect(await likesReceived(c.id, a.id)).toBe(1), 3000, 'first like counted');
    // The trainer recomputed the aggregates after the first like (and saw 5 older likes).
    await fx.db.query(`INSERT INTO user_aggregates (user_id, likes_received, computed_at) VALUES ($1, 6, now())`, [
      a.id,
    ]);
    // The service notices the newer computation within AGGREGATES_POLL_MS (500 ms here).
    await waitFor(async () => expect(await likesReceived(c.id, a.id)).toBe(6), 3000, 'recomputed aggregates loaded');
    await swipe(c.id, a.id, 'like');
    await waitFor(
      async () => expect(await likesReceived(b.id, a.id)).toBe(7),
      3000,
      'second like on top of the baseline',
    );
    // JetStream redelivers (a new message id defeats its own duplicate window): no double count.
    const payload: EventPayload<'events.interaction.created'> = { interaction: first.interaction, is_match: false };
    await jetstream(fx.rpc.connection).publish(Subjects.events.interactionCreated, JSON.stringify(payload), {
      msgID: `redelivery-${first.interaction.id}`,
    });
    const probe = await newUser({ gender: 'male' });
    await swipe(probe.id, b.id, 'like'); // an event behind the redelivery: once counted, the redelivery was processed
    await waitFor(
      async () => {
        const r = await fx.rpc.send(Subjects.features.batch, { viewer_id: a.id, candidate_ids: [b.id] });
        if (at(withVectors(r)[0].forward, 'cand_likes_received_log') === 0) throw new Error('probe not yet counted');
      },
      3000,
      'probe event',
    );
    expect(await likesReceived(probe.id, a.id)).toBe(7);
  });

  it('takes the likes the caller already read instead of reading them again, and checks them', async () => {
    const [a, fan, other] = [await newUser(), await newUser({ gender: 'male' }), await newUser({ gender: 'male' })];
    await swipe(fan.id, a.id, 'like');
    await swipe(a.id, other.id, 'like');
    const read = await fx.rpc.send(Subjects.features.batch, { viewer_id: a.id, candidate_ids: [fan.id, other.id] });
    const told = await fx.rpc.send(Subjects.features.batch, {
      viewer_id: a.id,
      candidate_ids: [fan.id, other.id],
      known_likes: { liked_viewer: [fan.id], liked_by_viewer: [other.id] },
    });
    // Told what PostgreSQL holds, the vectors are the ones it computes from its own read.
    expect(
      withVectors(read).map((i) => [
        i.liked_viewer,
        at(i.forward, 'candidate_liked_viewer'),
        at(i.backward, 'candidate_liked_viewer'),
      ]),
    ).toEqual([
      [true, 1, 0],
      [false, 0, 1],
    ]);
    expect(
      withVectors(told).map((i) => [
        i.candidate_id,
        i.liked_viewer,
        at(i.forward, 'candidate_liked_viewer'),
        at(i.backward, 'candidate_liked_viewer'),
      ]),
    ).toEqual(
      withVectors(read).map((i) => [
        i.candidate_id,
        i.liked_viewer,
        at(i.forward, 'candidate_liked_viewer'),
        at(i.backward, 'candidate_liked_viewer'),
      ]),
    );
    // What it is told is what it uses: no read behind the caller's back.
    const none = await fx.rpc.send(Subjects.features.batch, {
      viewer_id: a.id,
      candidate_ids: [fan.id],
      known_likes: { liked_viewer: [], liked_by_viewer: [] },
    });
    expect(none.items[0].liked_viewer).toBe(false);
    for (const [known_likes, field] of [
      [{ liked_viewer: 'x', liked_by_viewer: [] }, 'known_likes.liked_viewer'],
      [{ liked_viewer: [], liked_by_viewer: [0] }, 'known_likes.liked_by_viewer'],
      [{ liked_viewer: [] }, 'known_likes.liked_by_viewer'],
    ] as const) {
      expect(
        await fx.rpc.sendExpectingError(Subjects.features.batch, {
          viewer_id: a.id,
          candidate_ids: [fan.id],
          known_likes,
        } as never),
      ).toMatchObject({ code: ErrorCode.ValidationFailed, details: [{ field }] });
    }
  });

  it('reports unknown candidates, refuses an unknown viewer and oversized batches', async () => {
    const a = await newUser();
    const reply = await fx.rpc.send(Subjects.features.batch, { viewer_id: a.id, candidate_ids: [999_999, a.id] });
    expect(reply).toMatchObject({ items: [], missing: [999_999] });
    expect(
      await fx.rpc.sendExpectingError(Subjects.features.batch, { viewer_id: 999_998, candidate_ids: [a.id] }),
    ).toMatchObject({ code: ErrorCode.NotFound });
    const many = Array.from({ length: 1001 }, (_, i) => i + 1);
    expect(
      await fx.rpc.sendExpectingError(Subjects.features.batch, { viewer_id: a.id, candidate_ids: many }),
    ).toMatchObject({ code: ErrorCode.ValidationFailed, details: [{ field: 'candidate_ids' }] });
  });

  it('terminates an event its schema refuses instead of handling or retrying it, logs its subject and fields but no value, counts it, and goes on', async () => {
    const terminated: { stream_seq: number; consumer: string }[] = [];
    const advisories = fx.rpc.connection.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.${EVENT_STREAM}.>`, {
      callback: (err, msg) => {
        if (!err) terminated.push(msg.json());
      },
    });
    let logs = '';
    const service = fx.processes.get('feature-service')!.stdout!;
    const collect = (chunk: Buffer) => (logs += chunk.toString());
    service.on('data', collect);
    try {
      const [a, b] = [await newUser(), await newUser({ gender: 'male' })];
      const secret = 'SECRET-4711';
      const js = jetstream(fx.rpc.connection);
      const h = natsHeaders();
      h.set(REQUEST_ID_HEADER, 'refused-event-1');
      // A like of b for a, but with a time that is not one: counted, it would raise a's likes received.
      const forged = {
        interaction: {
          id: 1,
          user_id: b.id,
          target_user_id: a.id,
          interaction_type: 'like',
          context: null,
          created_at: secret,
        },
        is_match: false,
      };
      const badSwipe = await js.publish(Subjects.events.interactionCreated, JSON.stringify(forged), { headers: h });
      const badDeletion = await js.publish(Subjects.events.userDeleted, JSON.stringify({ user_id: `${a.id} OR 1=1` }));
      const notJson = await js.publish(Subjects.events.interactionCreated, `{"interaction": ${secret}`);
      // The durable consumers (the Redis counters) settle each one at once: nothing pending, nothing redelivered.
      const jsm = await jetstreamManager(fx.rpc.connection);
      const settled = async (consumer: string, seq: number) => {
        const info = await jsm.consumers.info(EVENT_STREAM, consumer);
        expect({ consumer, floor: info.ack_floor.stream_seq >= seq, pending: info.num_ack_pending }).toEqual({
          consumer,
          floor: true,
          pending: 0,
        });
        return info.num_redelivered;
      };
      await waitFor(
        async () => {
          await settled('feature-service-counters', notJson.seq);
          await settled('feature-service-deletions', badDeletion.seq);
        },
        10_000,
        'refused events settled',
      );
      // Terminated, each by the consumer it reached (JetStream's advisory), not acknowledged as handled.
      expect(terminated.map(({ consumer, stream_seq }) => ({ consumer, stream_seq }))).toEqual(
        expect.arrayContaining([
          { consumer: 'feature-service-counters', stream_seq: badSwipe.seq },
          { consumer: 'feature-service-deletions', stream_seq: badDeletion.seq },
          { consumer: 'feature-service-counters', stream_seq: notJson.seq },
        ]),
      );
      // They go on, and the forged like was never counted: only the real one is.
      await swipe(b.id, a.id, 'like');
      await waitFor(async () => expect(await likesReceived(b.id, a.id)).toBe(1), 5000, 'the real like counted');
      expect(await settled('feature-service-counters', notJson.seq)).toBe(0);
      expect(await settled('feature-service-deletions', badDeletion.seq)).toBe(0);
      const refusedLines = logs.split('\n').filter((l) => l.includes('refused by its schema'));
      expect(refusedLines).toEqual(
        expect.arrayContaining([
          expect.stringContaining(
            `event events.interaction.created #${badSwipe.seq} refused by its schema, terminated: interaction.created_at: created_at must be a valid ISO 8601 date string`,
          ),
          expect.stringContaining(`event events.interaction.created #${badSwipe.seq} refused by its schema, skipped:`),
          expect.stringContaining(
            `event events.user.deleted #${badDeletion.seq} refused by its schema, terminated: user_id:`,
          ),
          expect.stringContaining(
            `event events.user.deleted #${badDeletion.seq} refused by its schema, skipped: user_id:`,
          ),
          expect.stringContaining(
            `event events.interaction.created #${notJson.seq} refused by its schema, terminated: payload: not valid JSON`,
          ),
        ]),
      );
      expect(refusedLines.find((l) => l.includes(`#${badSwipe.seq} `))).toContain('"request_id":"refused-event-1"');
      expect(logs).not.toContain(secret);
      expect(logs).not.toContain('OR 1=1');
      const { handlers } = await fx.rpc.send(Subjects.health.metrics('feature-service'), {});
      const refused = (subject: string) => handlers.find((m) => m.name === `${subject} refused`)?.errors;
      // Each bad event refused by the durable consumer and by each of this instance's own consumers of it.
      expect(refused(Subjects.events.interactionCreated)).toBeGreaterThanOrEqual(4);
      expect(refused(Subjects.events.userDeleted)).toBeGreaterThanOrEqual(2);
    } finally {
      service.off('data', collect);
      advisories.unsubscribe();
    }
  });

  it('loads embeddings when a version is activated and scores both directions with them', async () => {
    const [a, b, stranger] = [await newUser(), await newUser({ gender: 'male' }), await newUser({ gender: 'male' })];
    const dim = 2;
    const model = {
      dim,
      taste: Float32Array.from([0.5, -1, 2, 0.25]),
      appeal: Float32Array.from([1, 0.5, -0.5, 3]),
      appealBias: Float32Array.from([0.1, -0.2]),
      userIds: Float64Array.from([a.id, b.id]),
    };
    await fx.db.query(
      `INSERT INTO model_versions (kind, version, status, artifact, activated_at) VALUES ('embeddings', 1, 'active', $1, now())`,
      [serializeEmbeddings(model)],
    );
    await jetstream(fx.rpc.connection).publish(
      Subjects.events.modelActivated,
      JSON.stringify({ kind: 'embeddings', version: 1 }),
      { msgID: 'activate-embeddings-1' },
    );
    await waitFor(
      async () => {
        if (
          (await fx.rpc.send(Subjects.features.batch, { viewer_id: a.id, candidate_ids: [b.id] }))
            .embeddings_version !== 1
        )
          throw new Error('not loaded yet');
      },
      5000,
      'embeddings version 1',
    );
    const reply = await fx.rpc.send(Subjects.features.batch, { viewer_id: a.id, candidate_ids: [b.id, stranger.id] });
    const [known, unknown] = withVectors(reply);
    expect(at(known.forward, 'emb_known')).toBe(1);
    expect(at(known.forward, 'emb_score_uv')).toBeCloseTo(scorePair(model, 0, 1), 5);
    expect(at(known.forward, 'emb_score_vu')).toBeCloseTo(scorePair(model, 1, 0), 5);
    expect(at(known.backward, 'emb_score_uv')).toBeCloseTo(scorePair(model, 1, 0), 5);
    expect(at(unknown.forward, 'emb_known')).toBe(0);
  });

  // Last: it restarts the service. The durable consumer's backlog here is two events, applied
  // long before the in-memory index is copied, so this does not force the race that the copy's
  // wait for the backlog guards against (CountersConsumer.copyActiveIndex); it checks the outcome.
  it('counts, once back, the swipes made while it was down, and the ones after', async () => {
    const [a, b, c] = [await newUser(), await newUser({ gender: 'male' }), await newUser({ gender: 'male' })];
    await stopApp(fx.processes.get('feature-service')!);
    await swipe(b.id, a.id, 'like');
    await swipe(c.id, a.id, 'super_like');
    fx.processes.set(
      'feature-service',
      await startService('feature-service', fx.databaseUrl, fx.nats.url, fx.rpc, { AGGREGATES_POLL_MS: '500' }),
    );
    await waitFor(
      async () => {
        const got = await likesReceived(b.id, a.id);
        if (got !== 2) throw new Error(`likes received so far: ${got}`);
      },
      5000,
      'the likes made during the downtime counted',
    );
    // And it goes on counting new ones.
    const d = await newUser({ gender: 'male' });
    await swipe(d.id, a.id, 'like');
    await waitFor(
      async () => {
        if ((await likesReceived(b.id, a.id)) !== 3) throw new Error('not counted yet');
      },
      2000,
      'a new like counted',
    );
  }, 60_000);
});
