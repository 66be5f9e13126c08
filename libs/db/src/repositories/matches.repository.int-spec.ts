import { insertInteraction, insertUser, useRepositoryDatabase } from '../../../../test/support/repository-db';
import type { InteractionRow } from './interactions.repository';
import { MatchesRepository } from './matches.repository';

/** MatchesRepository against PostgreSQL: mutual likes count, a block dissolves them, new swipes complete them. */
describe('MatchesRepository (integration)', () => {
  const db = useRepositoryDatabase('matches_repo');
  const repo = () => new MatchesRepository(db());
  const swipe = async (actor: number, target: number, type: string, at?: string): Promise<InteractionRow> => {
    const id = await insertInteraction(db(), actor, target, type, at);
    return (await db().query('SELECT * FROM interactions WHERE id = $1', [id]))[0];
  };
  const users = async (n: number) => Promise.all(Array.from({ length: n }, () => insertUser(db())));

  it("lists a user's matches newest first with the total, and a block dissolves one", async () => {
    const [me, a, b, c] = await users(4);
    await swipe(me, a, 'like', '2026-01-01T00:00:00Z');
    await swipe(a, me, 'super_like', '2026-01-03T00:00:00Z');
    await swipe(me, b, 'super_like', '2026-01-02T00:00:00Z');
    await swipe(b, me, 'like', '2026-01-02T12:00:00Z');
    await swipe(me, c, 'like');
    await swipe(c, me, 'dislike');
    expect(await repo().countOf(me)).toBe(2);
    expect(await repo().findPage(me, 10, 0)).toEqual({
      rows: [
        { matched_user_id: a, matched_at: new Date('2026-01-03T00:00:00Z') },
        { matched_user_id: b, matched_at: new Date('2026-01-02T12:00:00Z') },
      ],
      total: 2,
    });
    expect(await repo().findPage(me, 1, 1)).toMatchObject({ rows: [{ matched_user_id: b }], total: 2 });
    expect(await repo().findPage(me, 10, 5)).toEqual({ rows: [], total: 2 });
    await swipe(b, me, 'block');
    expect([await repo().countOf(me), await repo().countOf(b)]).toEqual([1, 0]);
  });

  it('tells whether new swipes complete a match, one at a time or as a batch', async () => {
    const [x, y, z] = await users(3);
    await swipe(y, x, 'like');
    await swipe(z, x, 'like');
    await swipe(x, z, 'block');
    const [xy, xz, yz] = [await swipe(x, y, 'super_like'), await swipe(x, z, 'like'), await swipe(y, z, 'dislike')];
    const completes = (r: InteractionRow) => db().transaction((m) => repo().completesMatch(r, m));
    expect([await completes(xy), await completes(xz), await completes(yz)]).toEqual([true, false, false]);
    expect(await db().transaction((m) => repo().findCompleting([xy, xz, yz], m))).toEqual(new Set([Number(xy.id)]));
    expect(await db().transaction((m) => repo().findCompleting([yz], m))).toEqual(new Set());
  });

  it('counts a match once when both of its swipes arrive in one batch: on the later one', async () => {
    const [p, q] = await users(2);
    const [pq, qp] = [await swipe(p, q, 'like'), await swipe(q, p, 'like')];
    expect(await db().transaction((m) => repo().findCompleting([pq, qp], m))).toEqual(new Set([Number(qp.id)]));
  });
});
