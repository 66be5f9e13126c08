import Redis from 'ioredis';
import type { EventPayload, InteractionType } from '../../../../libs/contracts/src';
import { deleteRedisNamespace, REDIS_URL } from '../../../../test/support/infra';
import { COUNTERS } from './counter-updates';
import { type CounterCounts, RealtimeCounters } from './realtime-counters';

/**
 * The counters on a real Redis: what countsSince answers must not depend on whether the
 * `active` index lets it skip a user (compared with the script run over everyone, the
 * behaviour before the index), and counters written before the index existed are indexed at
 * start.
 */
describe('RealtimeCounters (integration)', () => {
  const namespace = `recsys:counters_${process.pid}:`;
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    await deleteRedisNamespace(namespace);
    await redis.quit();
  });

  const T0 = Date.UTC(2026, 10, 20);
  let nextId = 1;
  const event = (
    actor: number,
    target: number,
    type: InteractionType,
    atMs: number,
    isMatch = false,
  ): EventPayload<'events.interaction.created'> => ({
    interaction: {
      id: nextId++,
      user_id: actor,
      target_user_id: target,
      interaction_type: type,
      context: null,
      created_at: new Date(atMs).toISOString(),
    },
    is_match: isMatch,
  });

  /** countsSince as it was before the index: the script over every user. */
  const unindexed = (c: RealtimeCounters) =>
    Object.assign(Object.create(Object.getPrototypeOf(c)), c, { activeIndexReady: false }) as RealtimeCounters;

  it("counts only events after each user's lower bound, the same with and without the index, for users with and without events", async () => {
    const counters = new RealtimeCounters(redis, namespace);
    await counters.ensureActiveIndex();
    const now = T0 + 3600_000;
    await counters.record(event(1, 2, 'like', T0 + 1000), now);
    await counters.record(event(2, 1, 'super_like', T0 + 2000, true), now);
    await counters.record(event(1, 3, 'dislike', T0 + 3000), now);
    await counters.record(event(4, 1, 'block', T0 + 4000), now);
    await counters.record(event(1, 2, 'like', T0 + 1000), now); // another interaction id, same pair: counted
    const since = new Map([
      [1, T0 + 1500],
      [2, T0 + 2000],
      [3, T0],
    ]);
    const users = [1, 2, 3, 4, 5];
    const got = await counters.countsSince(users, since);
    const counts = (o: Partial<CounterCounts>): CounterCounts =>
      ({ ...Object.fromEntries(COUNTERS.map((c) => [c, 0])), last_swipe_ms: null, ...o }) as CounterCounts;
    expect(Object.fromEntries(got)).toEqual({
      // after T0+1.5 s: the super like (a match) received at +2 s, the dislike given at +3 s, the block received at +4
      // s
      // (a dislike or block received is never counted in real time: counter-updates.ts)
      1: counts({ likes_received: 1, matches: 1, swipes_given: 1, last_swipe_ms: T0 + 3000 }),
      // strictly after T0+2 s: nothing (its super like was at exactly +2 s)
      2: counts({}),
      3: counts({}),
      // no lower bound: everything kept
      4: counts({ swipes_given: 1, last_swipe_ms: T0 + 4000 }),
      5: counts({}),
    });
    expect(Object.fromEntries(await unindexed(counters).countsSince(users, since))).toEqual(Object.fromEntries(got));
    // User 3 (only a dislike received) has no counter moving in real time.
    expect(await redis.zrange(counters.activeKey, 0, -1, 'WITHSCORES')).toEqual([
      '2',
      String(T0 + 2000),
      '1',
      String(T0 + 3000),
      '4',
      String(T0 + 4000),
    ]);
  });

  it('forgets a deleted user in the index too', async () => {
    const counters = new RealtimeCounters(redis, namespace);
    await counters.ensureActiveIndex();
    await counters.record(event(7, 8, 'like', T0), T0);
    await counters.forget(7);
    expect(await redis.zscore(counters.activeKey, '7')).toBeNull();
    expect(await redis.exists(counters.key(7, 'likes_given'), counters.key(7, 'swipes_given'))).toBe(0);
    expect((await counters.countsSince([7], new Map())).get(7)).toMatchObject({
      likes_given: 0,
      swipes_given: 0,
      last_swipe_ms: null,
    });
  });

  it('leaves deleted users out of a late event, in Redis and in the local copy, and lists every user it holds', async () => {
    const counters = new RealtimeCounters(redis, namespace);
    await counters.ensureActiveIndex();
    await counters.loadLocalIndex();
    const late = event(31, 32, 'like', T0, true);
    await counters.record(late, T0, new Set([31]));
    counters.noteEvent(late, new Set([31]));
    const keys = await redis.keys(`${namespace}fs:rt:31:*`);
    expect(keys).toEqual([]);
    expect(await redis.zscore(counters.activeKey, '31')).toBeNull();
    expect(await redis.exists(counters.key(32, 'likes_received'), counters.key(32, 'matches'))).toBe(2);
    const held = await counters.heldUserIds();
    expect(held.has(32)).toBe(true);
    expect(held.has(31)).toBe(false);
    // Both gone: the event writes nothing at all.
    await counters.record(event(33, 34, 'like', T0), T0, new Set([33, 34]));
    expect(await redis.keys(`${namespace}fs:rt:3[34]:*`)).toEqual([]);
  });

  it('indexes counters written before the index existed, once, at start', async () => {
    const ns = `${namespace}legacy:`;
    const old = new RealtimeCounters(redis, ns);
    await old.record(event(11, 12, 'like', T0 + 10), T0);
    await old.record(event(13, 11, 'like', T0 + 20, true), T0);
    // As a version without the index left them: counter sets only.
    await redis.del(old.activeKey);
    const counters = new RealtimeCounters(redis, ns);
    await counters.ensureActiveIndex();
    expect(await redis.zrange(counters.activeKey, 0, -1, 'WITHSCORES')).toEqual([
      '12',
      String(T0 + 10),
      '11',
      String(T0 + 20),
      '13',
      String(T0 + 20),
    ]);
    expect((await counters.countsSince([11], new Map([[11, T0]]))).get(11)).toMatchObject({
      likes_given: 1,
      likes_received: 1,
      matches: 1,
      swipes_given: 1,
    });
    // Done once: a second start does not scan again (an index entry removed meanwhile stays removed).
    await redis.zrem(counters.activeKey, '13');
    await new RealtimeCounters(redis, ns).ensureActiveIndex();
    expect(await redis.zscore(counters.activeKey, '13')).toBeNull();
  });

  it('answers from its in-memory copy of the index once loaded, as Redis would, and then skips Redis for users without new events', async () => {
    const ns = `${namespace}local:`;
    const writer = new RealtimeCounters(redis, ns); // the replica whose durable consumer got the events
    await writer.ensureActiveIndex();
    const before = [event(21, 22, 'like', T0 + 100), event(23, 21, 'dislike', T0 + 200)];
    for (const e of before) await writer.record(e, T0);
    const reader = new RealtimeCounters(redis, ns); // another replica
    // An event noted before the copy (subscribed first, copied second) and one after.
    const during = event(24, 21, 'like', T0 + 300);
    await writer.record(during, T0);
    reader.noteEvent(during);
    expect(await reader.loadLocalIndex()).toBe(4);
    const after = event(25, 26, 'super_like', T0 + 400, true);
    await writer.record(after, T0);
    reader.noteEvent(after);

    const users = [21, 22, 23, 24, 25, 26, 27];
    const since = new Map([
      [21, T0 + 150],
      [22, T0 + 100],
      [23, T0],
      [25, T0 + 400],
    ]);
    const zmscore = jest.spyOn(redis, 'zmscore');
    try {
      expect(Object.fromEntries(await reader.countsSince(users, since))).toEqual(
        Object.fromEntries(await unindexed(writer).countsSince(users, since)),
      );
      expect(zmscore).not.toHaveBeenCalled();
      // Nobody with an event after their lower bound: no round trip at all.
      const script = jest.spyOn(redis as unknown as { countsSince: () => unknown }, 'countsSince');
      const quiet = await reader.countsSince([22, 25, 27], since);
      expect(script).not.toHaveBeenCalled();
      expect(zmscore).not.toHaveBeenCalled();
      script.mockRestore();
      expect(Object.fromEntries(quiet)).toEqual(
        Object.fromEntries(await unindexed(writer).countsSince([22, 25, 27], since)),
      );
    } finally {
      zmscore.mockRestore();
    }
    // A deleted user drops out of the copy as out of Redis.
    reader.noteDeleted(21);
    await writer.forget(21);
    expect((await reader.countsSince([21], new Map())).get(21)).toMatchObject({
      likes_received: 0,
      swipes_given: 0,
    });
  });
});
