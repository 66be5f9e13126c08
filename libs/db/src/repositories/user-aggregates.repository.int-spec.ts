import { insertInteraction, insertUser, useRepositoryDatabase } from '../../../../test/support/repository-db';
import type { AggregateRow } from './user-aggregates.repository';
import { UserAggregatesRepository } from './user-aggregates.repository';

/** UserAggregatesRepository against PostgreSQL: the recomputation's rules, and the reads of the snapshot. */
describe('UserAggregatesRepository (integration)', () => {
  const db = useRepositoryDatabase('aggregates_repo');
  const repo = () => new UserAggregatesRepository(db());

  it('recomputes every row (the latest swipe of a pair counts, mutual likes match) and reads them', async () => {
    expect(await repo().newestComputedAt()).toBeNull();
    const [a, b, c] = [await insertUser(db()), await insertUser(db()), await insertUser(db())];
    await insertInteraction(db(), a, b, 'like', '2026-01-01T00:00:00Z');
    await insertInteraction(db(), b, a, 'super_like', '2026-01-02T00:00:00Z');
    await insertInteraction(db(), a, c, 'like', '2026-01-03T00:00:00Z');
    await insertInteraction(db(), a, c, 'block', '2026-01-04T00:00:00Z'); // the latest of the pair: no longer a like
    await insertInteraction(db(), c, a, 'like', '2026-01-05T00:00:00Z');
    await db().query(
      `INSERT INTO impression_pages (viewer_id, candidate_ids, positions, scores, p_like, p_liked_back, sources)
       VALUES ($1, ARRAY[$2, $3]::int[], '{1,2}', '{0.5,0.5}', '{0.5,0.5}', '{0.5,0.5}', '{a,b}'),
              ($2, ARRAY[$3]::int[], '{1}', '{0.5}', '{0.5}', '{0.5}', '{a}')`,
      [a, b, c],
    );
    expect(await repo().recomputeAll()).toBe(3);
    const rows: (AggregateRow & { impressions_received: number })[] = [];
    await repo().forEachPage(2, (page) => {
      rows.push(...(page as typeof rows));
    });
    // [user, likes given, dislikes given, likes received, dislikes received, matches, impressions received, last swipe]
    const counts = rows.map((r) => [
      r.user_id,
      r.likes_given,
      r.dislikes_given,
      r.likes_received,
      r.dislikes_received,
      r.matches,
      r.impressions_received,
      r.last_swipe_at,
    ]);
    expect(counts).toEqual([
      [a, 1, 1, 2, 0, 1, 0, new Date('2026-01-04T00:00:00Z')],
      [b, 1, 0, 1, 0, 1, 1, new Date('2026-01-02T00:00:00Z')],
      [c, 1, 0, 0, 1, 0, 2, new Date('2026-01-05T00:00:00Z')],
    ]);
    const newest = await repo().newestComputedAt();
    expect(newest).toEqual(rows[0].computed_at);
    expect(await repo().countOf(a)).toBe(1);
    expect(await repo().countOf(999_999)).toBe(0);
    // Idempotent: a second run overwrites the same rows.
    expect(await repo().recomputeAll()).toBe(3);
    expect((await repo().newestComputedAt())!.getTime()).toBeGreaterThanOrEqual(newest!.getTime());
  });
});
