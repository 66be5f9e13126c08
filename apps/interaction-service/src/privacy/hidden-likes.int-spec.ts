import { Subjects } from '../../../../libs/contracts/src';
import { type ServiceFixture, startServiceFixture } from '../../../../test/support/service-fixture';

/**
 * REVEAL_RECEIVED_LIKES=false, over NATS against the real service: a user sees no like they
 * received, in any list, count, timeline or mutual check, until they like back (a match); an
 * admin still sees everything.
 */
describe('interaction-service with received likes hidden (integration)', () => {
  let fx: ServiceFixture;

  beforeAll(async () => {
    fx = await startServiceFixture('hiddenlikes', ['user-service', 'interaction-service'], {
      REVEAL_RECEIVED_LIKES: 'false',
    });
  }, 90_000);
  afterAll(() => fx?.stop());

  const newUser = (name: string) => fx.rpc.send(Subjects.users.create, { name, age: 30, gender: 'female' });
  const swipe = (user_id: number, target_user_id: number, interaction_type: 'like' | 'super_like' | 'dislike') =>
    fx.rpc.send(Subjects.interactions.create, { user_id, target_user_id, interaction_type, context: null });

  it('hides every like received from the user until it is a match, and shows it all to an admin', async () => {
    const [me, fan, crush] = [await newUser('Me'), await newUser('Fan'), await newUser('Crush')];
    await swipe(fan.id, me.id, 'super_like');
    await swipe(crush.id, me.id, 'like');
    await swipe(me.id, crush.id, 'like'); // a match: both likes are now known to both
    const since = new Date(Date.now() - 3600_000).toISOString();
    const until = new Date(Date.now() + 3600_000).toISOString();
    const read = async (role: 'user' | 'admin') => ({
      received: await fx.rpc.send(
        Subjects.interactions.list,
        { user_id: me.id, direction: 'received', limit: 20, offset: 0 },
        { role },
      ),
      stats: await fx.rpc.send(Subjects.interactions.stats, { user_id: me.id }, { role }),
      timeline: await fx.rpc.send(
        Subjects.interactions.timeline,
        { user_id: me.id, granularity: 'hour', since, until },
        { role },
      ),
      fanSide: await fx.rpc.send(Subjects.interactions.mutual, { user_id: me.id, target_user_id: fan.id }, { role }),
      crushSide: await fx.rpc.send(
        Subjects.interactions.mutual,
        { user_id: me.id, target_user_id: crush.id },
        { role },
      ),
    });
    const mine = await read('user');
    expect(mine.received).toMatchObject({ items: [], total: 0 });
    expect(mine.stats.received).toEqual({});
    expect(mine.stats.received_like_rate).toBeNull();
    expect(mine.stats.matches).toBe(1);
    expect(mine.timeline.buckets.every((b) => Object.keys(b.received).length === 0)).toBe(true);
    expect(mine.fanSide).toMatchObject({ target_liked: false, target_interaction: null, is_match: false });
    expect(mine.crushSide).toMatchObject({ target_liked: true, is_match: true });
    const admin = await read('admin');
    expect(admin.received.total).toBe(2);
    expect(admin.stats.received).toMatchObject({ like: 1, super_like: 1 });
    expect(admin.fanSide.target_liked).toBe(true);
  });
});
