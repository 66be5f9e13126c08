import { insertInteraction, insertUser, useRepositoryDatabase } from '../../../../test/support/repository-db';
import type { ImpressionPage } from './impression-pages';
import { ImpressionsRepository } from './impressions.repository';

/**
 * ImpressionsRepository against PostgreSQL: the batch insert leaves out users deleted since,
 * a user's deletion takes them out of every page, and the performance report counts outcomes.
 * (That the advisory lock orders a batch and a deletion is tested in ranking-service's
 * impressions.int-spec, with the real writer.)
 */
describe('ImpressionsRepository (integration)', () => {
  const db = useRepositoryDatabase('impressions_repo');
  const repo = () => new ImpressionsRepository(db());
  const page = (viewer: number, candidates: number[], ranker: number | null, at = Date.now()): ImpressionPage => ({
    viewer_id: viewer,
    candidate_ids: candidates,
    positions: candidates.map((_, i) => i + 1),
    scores: candidates.map(() => 0.5),
    p_like: candidates.map(() => 0.25),
    p_liked_back: candidates.map(() => 0.75),
    sources: candidates.map((_, i) => (i === 0 ? ['content', 'reciprocal'] : [])),
    model_versions: { ranker },
    request_id: `r-${viewer}`,
    served_at_ms: at,
  });
  /** The `impressions` view, one row per shown profile, as [viewer, candidate, position, sources, ranker, request]. */
  const shown = async (): Promise<unknown[][]> => {
    const rows = await db().query(`SELECT * FROM impressions ORDER BY page_id, position`);
    return rows.map((r: Record<string, unknown>) => [
      r.viewer_id,
      r.candidate_id,
      r.position,
      r.sources,
      r.model_versions,
      r.request_id,
    ]);
  };

  it('writes a batch of pages as served, minus users deleted since, and deletes a user from every page', async () => {
    const v = await insertUser(db());
    const [a, b, c] = [await insertUser(db()), await insertUser(db()), await insertUser(db())];
    const gone = await insertUser(db());
    await db().query('DELETE FROM users WHERE id = $1', [gone]);
    const servedAt = Date.parse('2026-06-01T00:00:00Z');
    await repo().insertPages([page(v, [a, gone, b], 3, servedAt), page(gone, [a], 3), page(a, [v, c], null)]);
    const both = ['content', 'reciprocal'];
    expect(await shown()).toEqual([
      [v, a, 1, both, { ranker: 3 }, `r-${v}`],
      [v, b, 3, [], { ranker: 3 }, `r-${v}`],
      [a, v, 1, both, { ranker: null }, `r-${a}`],
      [a, c, 2, [], { ranker: null }, `r-${a}`],
    ]);
    const [row] = await db().query(`SELECT * FROM impressions WHERE viewer_id = $1 LIMIT 1`, [v]);
    expect(row).toMatchObject({ score: 0.5, p_like: 0.25, p_liked_back: 0.75, created_at: new Date(servedAt) });

    // v was shown a page of two, and appears once in a's page.
    expect(await db().transaction((m) => repo().deleteAllOf(v, m))).toBe(3);
    expect((await shown()).map(([viewer, candidate, position]) => [viewer, candidate, position])).toEqual([[a, c, 2]]);
    // A page whose only candidate goes is deleted.
    expect(await db().transaction((m) => repo().deleteAllOf(c, m))).toBe(1);
    expect((await db().query(`SELECT count(*)::int AS n FROM impression_pages`))[0].n).toBe(0);
  });

  it('reports per ranker version what the pages served since a time led to', async () => {
    const [v, a, b] = [await insertUser(db()), await insertUser(db()), await insertUser(db())];
    const ago = (ms: number) => Date.now() - ms;
    const pages = [page(v, [a, b], 7, ago(60_000)), page(v, [a], 7, ago(30_000)), page(a, [v], null, ago(60_000))];
    await repo().insertPages(pages);
    await insertInteraction(db(), v, a, 'like');
    await insertInteraction(db(), a, v, 'super_like');
    await insertInteraction(db(), v, b, 'like');
    expect(await repo().outcomesByRankerSince(new Date(ago(3600_000)))).toEqual([
      { ranker: null, served: 1, pairs: 1, viewers: 1, liked: 1, matched: 1 },
      { ranker: '7', served: 3, pairs: 2, viewers: 1, liked: 2, matched: 1 },
    ]);
    expect(await repo().outcomesByRankerSince(new Date(Date.now() + 3600_000))).toEqual([]);
  });
});
