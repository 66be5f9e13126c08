import { Subjects } from '../../../../libs/contracts/src';
import { createDataSource } from '../../../../libs/db/src/data-source';
import { ImpressionsRepository } from '../../../../libs/db/src/repositories/impressions.repository';
import { waitFor } from '../../../../test/support/infra';
import { profileMaker, type ServiceFixture, startServiceFixture } from '../../../../test/support/service-fixture';
import { stopApp } from '../../../../test/support/stack';

/**
 * Impressions are written behind the reply. With a flush interval far longer than the test,
 * nothing reaches PostgreSQL while the service runs; stopping it writes the queue, with each
 * page's serving time, and a person deleted meanwhile costs only their own places, whether the
 * deletion committed before the batch or while the batch was being written.
 */
describe('ranking-service impressions (integration)', () => {
  let fx: ServiceFixture;

  beforeAll(async () => {
    fx = await startServiceFixture(
      'impressions',
      ['user-service', 'interaction-service', 'feature-service', 'candidate-service', 'ranking-service'],
      { IMPRESSIONS_FLUSH_MS: '60000' },
    );
  }, 150_000);
  afterAll(() => fx?.stop());

  const { newUser, woman } = profileMaker(() => fx);

  it('queues served pages and writes them, minus a person deleted meanwhile, when the service stops', async () => {
    const [a, b] = [await woman(), await woman()];
    const men = [await newUser(), await newUser(), await newUser(), await newUser()];
    await waitFor(
      async () => {
        const got = (await fx.rpc.send(Subjects.candidates.generate, { user_id: b.id, k: 50 })).candidates.map(
          (c) => c.user_id,
        );
        if (!men.every((m) => got.includes(m.id))) throw new Error(`candidates so far: ${got.join(',')}`);
      },
      5000,
      'the new profiles reaching candidate generation',
    );
    const before = Date.now();
    const pageA = await fx.rpc.send(
      Subjects.ranking.recommend,
      { user_id: a.id, limit: 20, offset: 0, explain: false },
      { requestId: 'imp-a' },
    );
    const pageB = await fx.rpc.send(
      Subjects.ranking.recommend,
      { user_id: b.id, limit: 20, offset: 0, explain: false },
      { requestId: 'imp-b' },
    );
    const after = Date.now();
    expect(pageA.items).toHaveLength(4);
    expect(pageB.items).toHaveLength(4);
    const count = async () => (await fx.db.query(`SELECT count(*)::int AS n FROM impressions`)).rows[0].n;
    expect(await count()).toBe(0);

    // Deleted before the batch: the insert skips the rows naming them (impressions have no foreign keys).
    const gone = men[0];
    await fx.rpc.send(Subjects.users.delete, { id: gone.id });
    // Deleted while the batch is written: a deletion holds the impressions lock until it commits
    // (as users.delete does), so the batch waits, then sees the person gone. Without the lock,
    // its existence check would have read the uncommitted deletion's "before" and left orphans.
    const racing = men[1];
    const ds = createDataSource(fx.databaseUrl, 1);
    await ds.initialize();
    const deletion = ds.createQueryRunner();
    await deletion.startTransaction();
    await new ImpressionsRepository(ds).deleteAllOf(racing.id, deletion.manager);
    await deletion.query('DELETE FROM users WHERE id = $1', [racing.id]);
    const stopping = stopApp(fx.processes.get('ranking-service')!);
    // Commit once the batch waits for the lock (or, were it not to take it, once it is written).
    const batchWaits = waitFor(
      async () => {
        const { rows } = await fx.db.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        if (rows[0].n === 0) throw new Error('no one waits for the impressions lock yet');
      },
      20_000,
      'the batch waiting for the impressions lock',
    ).catch((err: Error) => err);
    await Promise.race([batchWaits, stopping]);
    await deletion.commitTransaction();
    await deletion.release();
    await ds.destroy();
    await stopping;

    const { rows } = await fx.db.query(
      `SELECT viewer_id, candidate_id, position, request_id, created_at FROM impressions ORDER BY request_id, position`,
    );
    const expected = (viewer: number, requestId: string, items: { user_id: number; position: number }[]) =>
      items
        .filter((i) => i.user_id !== gone.id && i.user_id !== racing.id)
        .map((i) => ({ viewer_id: viewer, candidate_id: i.user_id, position: i.position, request_id: requestId }));
    expect(rows.map(({ created_at: _, ...r }) => r)).toEqual([
      ...expected(a.id, 'imp-a', pageA.items),
      ...expected(b.id, 'imp-b', pageB.items),
    ]);
    // Stamped when served, not when written.
    for (const r of rows) {
      expect(new Date(r.created_at).getTime()).toBeGreaterThanOrEqual(before - 5);
      expect(new Date(r.created_at).getTime()).toBeLessThanOrEqual(after + 5);
    }
  });
});
