import Redis from 'ioredis';
import { Subjects } from '../../../../libs/contracts/src';
import { redisNamespace } from '../../../../libs/common/src/redis/redis-namespace';
import { waitFor } from '../../../../test/support/infra';
import {
  type FeatureStoreFixture,
  type ServiceFixture,
  startFeatureStoreFixture,
} from '../../../../test/support/service-fixture';

/**
 * The real-time counters survive a Redis that restarts empty: feature-service notices the new
 * redis-server (its run_id) and rebuilds them from PostgreSQL, matches counted once.
 */
describe('real-time counters after Redis lost them (integration)', () => {
  let store: FeatureStoreFixture;
  let fx: ServiceFixture;

  beforeAll(async () => {
    store = await startFeatureStoreFixture('rebuild');
    fx = store.fx;
  }, 120_000);
  afterAll(() => store?.stop());

  let n = 0;
  const newUser = (gender: 'male' | 'female') =>
    fx.rpc.send(Subjects.users.create, { name: `R${n++}`, age: 30, gender, interests: ['hiking'] } as never);
  const swipe = (a: number, b: number, interaction_type: 'like' | 'dislike') =>
    fx.rpc.send(Subjects.interactions.create, { user_id: a, target_user_id: b, interaction_type, context: null });
  const likesReceived = async (viewer: number, candidate: number) =>
    (await fx.rpc.send(Subjects.features.batch, { viewer_id: viewer, candidate_ids: [candidate] })).items[0]
      .likes_received;
  /** Members of one counter set, read straight from Redis. */
  const members = async (user: number, counter: string): Promise<number> => {
    const client = new Redis(store.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await client.connect();
      return await client.zcard(`${redisNamespace(fx.databaseUrl)}fs:rt:${user}:${counter}`);
    } finally {
      client.disconnect();
    }
  };

  it('rebuilds them from PostgreSQL when redis-server comes back empty', async () => {
    const [a, b, c] = [await newUser('male'), await newUser('female'), await newUser('male')];
    await swipe(a.id, b.id, 'like');
    await swipe(c.id, b.id, 'like');
    expect((await swipe(b.id, a.id, 'like')).is_match).toBe(true);
    await swipe(b.id, c.id, 'dislike');
    await waitFor(async () => expect(await likesReceived(a.id, b.id)).toBe(2), 10_000, 'counted');
    expect(await members(b.id, 'matches')).toBe(1);

    // Killed and started again on the same port, with nothing on disk: every counter is gone.
    await store.restartRedis();
    await waitFor(async () => expect(await likesReceived(a.id, b.id)).toBe(2), 20_000, 'the counters rebuilt');
    // Counted as the events counted them: a match once per person, on the swipe that completed it.
    expect(await members(a.id, 'matches')).toBe(1);
    expect(await members(b.id, 'matches')).toBe(1);
    expect(await members(b.id, 'swipes_given')).toBe(2);
    expect(await members(b.id, 'likes_given')).toBe(1);
    expect(await members(a.id, 'likes_received')).toBe(1);
  });
});
