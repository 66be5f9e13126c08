import { insertInteraction, insertUser, useRepositoryDatabase } from '../../../../test/support/repository-db';
import { ViewerRelationsRepository } from './viewer-relations.repository';

/** ViewerRelationsRepository against PostgreSQL: a viewer's history (prepared), relations and likes. */
describe('ViewerRelationsRepository (integration)', () => {
  const db = useRepositoryDatabase('relations_repo', 1);
  const repo = () => new ViewerRelationsRepository(db());
  let me: number, a: number, b: number, c: number, d: number;

  beforeAll(async () => {
    [me, a, b, c, d] = await Promise.all(Array.from({ length: 5 }, () => insertUser(db())));
    await insertInteraction(db(), me, a, 'like');
    await insertInteraction(db(), me, b, 'dislike');
    await insertInteraction(db(), c, me, 'super_like', '2026-05-01T00:00:00Z');
    await insertInteraction(db(), d, me, 'block');
    await insertInteraction(db(), a, me, 'like', '2026-05-02T00:00:00Z');
    await insertInteraction(db(), b, me, 'dislike');
  });

  it("reads the viewer's history, twice on one connection through the same prepared statement", async () => {
    for (let i = 0; i < 2; i++) {
      const h = await repo().findHistory(me);
      expect(h.swiped.sort()).toEqual([a, b].sort());
      expect(h.blocked).toEqual([d]);
      const likers = [
        { id: c, superLike: true, atMs: Date.parse('2026-05-01T00:00:00Z') },
        { id: a, superLike: false, atMs: Date.parse('2026-05-02T00:00:00Z') },
      ];
      expect(h.likers.sort((x, y) => x.id - y.id)).toEqual(likers.sort((x, y) => x.id - y.id));
    }
    const prepared = `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = 'viewer-relations-v1'`;
    const [{ n }] = await db().query(prepared);
    expect(n).toBe(1);
  });

  it('tells whom of some people the viewer swiped, who is in a block with them, and the likes both ways', async () => {
    const rel = await repo().findRelationsWith(me, [a, b, c, d]);
    expect(rel).toEqual({ swiped: new Set([a, b]), blocked: new Set([d]) });
    const likes = await repo().findLikesWith(me, [a, b, c, d]);
    expect([likes.liked_viewer.sort(), likes.liked_by_viewer]).toEqual([[a, c].sort(), [a]]);
    expect(await repo().findLikesWith(me, [b])).toEqual({ liked_viewer: [], liked_by_viewer: [] });
  });
});
