import { insertInteraction, insertUser, useRepositoryDatabase } from '../../../../test/support/repository-db';
import { PopularityRepository, type TallyRow } from './popularity.repository';

/**
 * PopularityRepository's reads against PostgreSQL, one by one (apps/candidate-service's
 * windowed-tally.int-spec checks the incremental steps they make up against a full count).
 */
describe('PopularityRepository (integration)', () => {
  const db = useRepositoryDatabase('popularity_repo');
  const repo = () => new PopularityRepository(db());
  const byUser = (rows: TallyRow[]) => Object.fromEntries(rows.map(({ user_id, ...m }) => [user_id, m]));

  it('reads the swipes received in the 30 days before the latest: whole, leaving, newer than an id', async () => {
    const reads = repo().receivedSwipes;
    expect(reads.measures).toBe(2);
    expect([await reads.windowStart(), await reads.maxId()]).toEqual([null, 0]);
    const [a, b, c] = [await insertUser(db()), await insertUser(db()), await insertUser(db())];
    const old = await insertInteraction(db(), a, b, 'super_like', '2026-01-01T00:00:00Z');
    await insertInteraction(db(), c, b, 'dislike', '2026-01-20T00:00:00Z');
    await insertInteraction(db(), a, c, 'block', '2026-01-21T00:00:00Z');
    const last = await insertInteraction(db(), b, c, 'like', '2026-02-15T00:00:00Z');
    const start = (await reads.windowStart())!;
    expect(new Date(start)).toEqual(new Date('2026-01-16T00:00:00Z'));
    expect(await reads.maxId()).toBe(last);
    expect(byUser(await reads.countWindow(start, last))).toEqual({ [b]: { m0: 0, m1: 1 }, [c]: { m0: 1, m1: 1 } });
    expect(byUser(await reads.countWindow(start, last - 1))).toEqual({ [b]: { m0: 0, m1: 1 } });
    expect(byUser(await reads.countLeaving('2025-12-31T00:00:00Z', start, last))).toEqual({ [b]: { m0: 2, m1: 1 } });
    expect(byUser(await reads.countLeaving('2025-12-31T00:00:00Z', start, old - 1))).toEqual({});
    const newer = await reads.countNewer(old, start, [last]);
    expect(byUser(newer.rows)).toEqual({ [b]: { m0: 0, m1: 1 } });
    expect(newer.ids.sort((x, y) => x - y)).toEqual([old + 1, old + 2]);
  });

  it('reads the appearances in pages served over the last 7 days', async () => {
    const reads = repo().appearances;
    expect(reads.measures).toBe(1);
    const [v, a, b] = [await insertUser(db()), await insertUser(db()), await insertUser(db())];
    const page = async (candidates: number[], ageSeconds: number): Promise<number> => {
      const [{ id }] = await db().query(
        `INSERT INTO impression_pages
           (viewer_id, candidate_ids, positions, scores, p_like, p_liked_back, sources, created_at)
         SELECT $1, $2::int[], array_agg(p::smallint), array_agg(0.5::real), array_agg(0.5::real), array_agg(0.5::real),
                array_agg('content'::text), now() - $3 * interval '1 second'
           FROM generate_series(1, cardinality($2::int[])) AS p RETURNING id`,
        [v, candidates, ageSeconds],
      );
      return Number(id);
    };
    const stale = await page([a], 8 * 86_400);
    const first = await page([a, b], 3600);
    const second = await page([b], 60);
    const start = (await reads.windowStart())!;
    expect(Math.abs(Date.parse(start) - (Date.now() - 7 * 86_400_000))).toBeLessThan(60_000);
    expect(await reads.maxId()).toBe(second);
    expect(byUser(await reads.countWindow(start, second))).toEqual({ [a]: { m0: 1 }, [b]: { m0: 2 } });
    expect(byUser(await reads.countLeaving('2000-01-01T00:00:00Z', start, second))).toEqual({ [a]: { m0: 1 } });
    const newer = await reads.countNewer(stale, start, [second]);
    expect([byUser(newer.rows), newer.ids]).toEqual([{ [a]: { m0: 1 }, [b]: { m0: 1 } }, [first]]);
  });
});
