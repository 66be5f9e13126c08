import { waitFor } from '../../../../test/support/infra';
import { type ServiceFixture, startServiceFixture } from '../../../../test/support/service-fixture';
import { stopApp } from '../../../../test/support/stack';

/**
 * Impressions are written behind the reply. With a flush interval far longer than the test,
 * nothing reaches PostgreSQL while the service runs; stopping it writes the queue, with each
 * page's serving time, and a person deleted meanwhile costs only their own rows.
 */
describe('ranking-service impressions (integration)', () => {
  let fx: ServiceFixture;

  beforeAll(async () => {
    fx = await startServiceFixture('impressions', ['user-service', 'interaction-service', 'feature-service', 'candidate-service', 'ranking-service'], { IMPRESSIONS_FLUSH_MS: '60000' });
  }, 150_000);
  afterAll(() => fx?.stop());

  let n = 0;
  const newUser = (over: Record<string, unknown> = {}) =>
    fx.rpc.send('users.create', { name: `U${n++}`, age: 30, gender: 'male', interests: ['hiking'], latitude: 52.52, longitude: 13.4, preferences: { genders: ['female'] }, ...over } as never);
  const woman = () => newUser({ gender: 'female', preferences: { genders: ['male'] } });

  it('queues served pages and writes them, minus a person deleted meanwhile, when the service stops', async () => {
    const [a, b] = [await woman(), await woman()];
    const men = [await newUser(), await newUser(), await newUser()];
    await waitFor(async () => {
      const got = (await fx.rpc.send('candidates.generate', { user_id: b.id, k: 50 })).candidates.map((c) => c.user_id);
      if (!men.every((m) => got.includes(m.id))) throw new Error(`candidates so far: ${got.join(',')}`);
    }, 5000, 'the new profiles reaching candidate generation');
    const before = Date.now();
    const pageA = await fx.rpc.send('ranking.recommend', { user_id: a.id, limit: 20, offset: 0, explain: false }, { requestId: 'imp-a' });
    const pageB = await fx.rpc.send('ranking.recommend', { user_id: b.id, limit: 20, offset: 0, explain: false }, { requestId: 'imp-b' });
    const after = Date.now();
    expect(pageA.items).toHaveLength(3);
    expect(pageB.items).toHaveLength(3);
    const count = async () => (await fx.db.query(`SELECT count(*)::int AS n FROM impressions`)).rows[0].n;
    expect(await count()).toBe(0);

    // Deleting a user cascades to their impressions; the queued rows naming them would fail the
    // batch's foreign key, so the writer retries without them.
    const gone = men[0];
    await fx.rpc.send('users.delete', { id: gone.id });
    await stopApp(fx.processes.get('ranking-service')!);

    const { rows } = await fx.db.query(`SELECT viewer_id, candidate_id, position, request_id, created_at FROM impressions ORDER BY request_id, position`);
    const expected = (viewer: number, requestId: string, items: { user_id: number; position: number }[]) =>
      items.filter((i) => i.user_id !== gone.id).map((i) => ({ viewer_id: viewer, candidate_id: i.user_id, position: i.position, request_id: requestId }));
    expect(rows.map(({ created_at: _, ...r }) => r)).toEqual([...expected(a.id, 'imp-a', pageA.items), ...expected(b.id, 'imp-b', pageB.items)]);
    // Stamped when served, not when written.
    for (const r of rows) {
      expect(new Date(r.created_at).getTime()).toBeGreaterThanOrEqual(before - 5);
      expect(new Date(r.created_at).getTime()).toBeLessThanOrEqual(after + 5);
    }
  });
});
