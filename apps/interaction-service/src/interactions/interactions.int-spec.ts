import { ErrorCode, Subjects } from '../../../../libs/contracts/src';
import { waitFor } from '../../../../test/support/infra';
import { whileTablesLocked } from '../../../../test/support/locked-tables';
import { type ServiceFixture, startServiceFixture } from '../../../../test/support/service-fixture';

/** The interaction-service process over NATS, against a real PostgreSQL and JetStream. */
describe('interaction-service (integration)', () => {
  let fx: ServiceFixture;
  let nextName = 0;

  beforeAll(async () => {
    fx = await startServiceFixture('interactions', ['user-service', 'interaction-service']);
  }, 90_000);
  afterAll(() => fx?.stop());

  const newUser = () => fx.rpc.send(Subjects.users.create, { name: `U${nextName++}`, age: 30, gender: 'female' });
  const swipe = (
    user_id: number,
    target_user_id: number,
    interaction_type: 'like' | 'dislike' | 'super_like' | 'block',
    idempotency_key?: string,
  ) =>
    fx.rpc.send(Subjects.interactions.create, {
      user_id,
      target_user_id,
      interaction_type,
      context: null,
      idempotency_key,
    });

  it('stores one row when the same swipe arrives many times at once', async () => {
    const [a, b] = [await newUser(), await newUser()];
    const replies = await Promise.all(Array.from({ length: 12 }, () => swipe(a.id, b.id, 'like')));
    expect(replies.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(replies.map((r) => r.interaction.id)).size).toBe(1);
    const { rows } = await fx.db.query(
      'SELECT count(*)::int AS n FROM interactions WHERE actor_id = $1 AND target_id = $2',
      [a.id, b.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('replays an Idempotency-Key even under concurrent retries, and refuses its reuse for another request', async () => {
    const [a, b, c] = [await newUser(), await newUser(), await newUser()];
    const replies = await Promise.all(Array.from({ length: 6 }, () => swipe(a.id, b.id, 'dislike', 'retry-key-1')));
    expect(new Set(replies.map((r) => r.interaction.id)).size).toBe(1);
    const err = await fx.rpc.sendExpectingError(Subjects.interactions.create, {
      user_id: a.id,
      target_user_id: c.id,
      interaction_type: 'like',
      idempotency_key: 'retry-key-1',
    });
    expect(err).toMatchObject({ code: ErrorCode.Conflict, details: [{ field: 'Idempotency-Key' }] });
    const { rows } = await fx.db.query('SELECT count(*)::int AS n FROM interactions WHERE actor_id = $1', [a.id]);
    expect(rows[0].n).toBe(1);
  });

  it('announces every new interaction with its match flag, and updates the actor activity', async () => {
    const [a, b] = [await newUser(), await newUser()];
    await swipe(a.id, b.id, 'super_like');
    const back = await swipe(b.id, a.id, 'like');
    expect(back.is_match).toBe(true);
    await waitFor(
      async () => {
        const events = await fx.events(Subjects.events.interactionCreated);
        const mine = events.filter((e) => [a.id, b.id].includes(e.interaction.user_id));
        if (mine.length < 2) throw new Error('events not yet relayed');
        expect(mine.map((e) => [e.interaction.interaction_type, e.is_match])).toEqual([
          ['super_like', false],
          ['like', true],
        ]);
      },
      10_000,
      'interaction events',
    );
    expect((await fx.rpc.send(Subjects.users.get, { id: b.id })).last_active_at).not.toBeNull();
  });

  it('announces a match once when both of its swipes arrive in one batch: on the later one', async () => {
    const [a, b] = [await newUser(), await newUser()];
    await fx.rpc.send(Subjects.interactions.createBatch, {
      interactions: [
        { user_id: a.id, target_user_id: b.id, interaction_type: 'like' },
        { user_id: b.id, target_user_id: a.id, interaction_type: 'like' },
      ],
    });
    await waitFor(
      async () => {
        const events = await fx.events(Subjects.events.interactionCreated);
        const mine = events.filter((e) => [a.id, b.id].includes(e.interaction.user_id));
        if (mine.length < 2) throw new Error('events not yet relayed');
        expect(mine.map((e) => [e.interaction.user_id, e.is_match])).toEqual([
          [a.id, false],
          [b.id, true],
        ]);
      },
      10_000,
      'batch events',
    );
  });

  it('does not count a match once either side blocked', async () => {
    const [a, b] = [await newUser(), await newUser()];
    await swipe(a.id, b.id, 'like');
    await swipe(b.id, a.id, 'like');
    expect((await fx.rpc.send(Subjects.interactions.stats, { user_id: a.id })).matches).toBe(1);
    await swipe(a.id, b.id, 'block');
    expect((await fx.rpc.send(Subjects.interactions.stats, { user_id: b.id })).matches).toBe(0);
    expect((await fx.rpc.send(Subjects.interactions.matches, { user_id: b.id, limit: 10, offset: 0 })).total).toBe(0);
    const mutualForB = await fx.rpc.send(
      Subjects.interactions.mutual,
      { user_id: b.id, target_user_id: a.id },
      { role: 'user' },
    );
    expect(mutualForB).toMatchObject({ is_match: false, blocked: false, target_interaction: null });
  });

  it('answers NOT_FOUND for unknown people and writes nothing', async () => {
    const a = await newUser();
    const err = await fx.rpc.sendExpectingError(Subjects.interactions.create, {
      user_id: a.id,
      target_user_id: 999_999,
      interaction_type: 'like',
    });
    expect(err).toMatchObject({ code: ErrorCode.NotFound, message: 'user 999999 not found' });
    const { rows } = await fx.db.query('SELECT count(*)::int AS n FROM interactions WHERE actor_id = $1', [a.id]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses a timeline whose granularity is not hour or day before any SQL, naming the field', async () => {
    const a = await newUser();
    const range = { since: '2026-11-01T00:00:00.000Z', until: '2026-11-03T00:00:00.000Z' };
    const refusals = await whileTablesLocked(fx.databaseUrl, () =>
      Promise.all(
        ["day'; DROP TABLE users; --", 'week'].map((granularity) =>
          fx.rpc.sendExpectingError(Subjects.interactions.timeline, { user_id: a.id, granularity, ...range } as never),
        ),
      ),
    );
    const reason = 'granularity must be one of hour, day';
    for (const err of refusals)
      expect(err).toEqual({
        code: ErrorCode.ValidationFailed,
        message: `granularity: ${reason}`,
        details: [{ field: 'granularity', reasons: [reason] }],
      });
    const timeline = await fx.rpc.send(Subjects.interactions.timeline, { user_id: a.id, granularity: 'day', ...range });
    expect(timeline.buckets.map((b) => b.bucket)).toEqual(['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z']);
  });

  it('refuses a swipe without target_user_id before any SQL, and stores nothing', async () => {
    const a = await newUser();
    const err = await whileTablesLocked(fx.databaseUrl, () =>
      fx.rpc.sendExpectingError(Subjects.interactions.create, { user_id: a.id, interaction_type: 'like' } as never),
    );
    expect(err).toEqual({
      code: ErrorCode.ValidationFailed,
      message: expect.stringMatching(/^target_user_id: /),
      details: [
        { field: 'target_user_id', reasons: expect.arrayContaining(['target_user_id must be an integer number']) },
      ],
    });
    const { rows } = await fx.db.query('SELECT count(*)::int AS n FROM interactions WHERE actor_id = $1', [a.id]);
    expect(rows[0].n).toBe(0);
  });

  it('removes interactions both ways when a user is deleted, even while they are swiping', async () => {
    const [a, b] = [await newUser(), await newUser()];
    await swipe(b.id, a.id, 'like');
    const racing = Promise.allSettled(Array.from({ length: 5 }, async () => swipe(a.id, (await newUser()).id, 'like')));
    await fx.rpc.send(Subjects.users.delete, { id: a.id });
    await racing;
    const { rows } = await fx.db.query(
      'SELECT count(*)::int AS n FROM interactions WHERE actor_id = $1 OR target_id = $1',
      [a.id],
    );
    expect(rows[0].n).toBe(0);
  });
});
