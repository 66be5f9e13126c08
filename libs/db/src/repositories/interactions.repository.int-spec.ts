import { insertInteraction, insertUser, useRepositoryDatabase } from '../../../../test/support/repository-db';
import type { InteractionVisibility } from './interaction-sql';
import { InteractionsRepository, type NewInteraction } from './interactions.repository';

/** InteractionsRepository against PostgreSQL: the swipe and batch writes, the pair reads and the timeline. */
describe('InteractionsRepository (integration)', () => {
  const db = useRepositoryDatabase('interactions_repo');
  const repo = () => new InteractionsRepository(db());
  const users = async () => [await insertUser(db()), await insertUser(db()), await insertUser(db())];
  const own: InteractionVisibility = { kind: 'own', receivedTypes: ['like', 'super_like'] };
  const store = (i: NewInteraction) => db().transaction((m) => repo().insertUnlessAnswered(i, m));

  it('stores a swipe once per pair and kind: a repeat is null, a block may follow the swipe', async () => {
    const [a, b] = await users();
    const like = await store({ actorId: a, targetId: b, type: 'like', context: { from: 'test' } });
    expect(like).toMatchObject({ actor_id: a, target_id: b, type: 'like', context: { from: 'test' } });
    expect(like!.created_at).toBeInstanceOf(Date);
    expect(await store({ actorId: a, targetId: b, type: 'dislike', context: null })).toBeNull();
    const stored = await db().transaction((m) => repo().findOfKind(a, b, false, m));
    expect(stored).toMatchObject({ id: like!.id, type: 'like' });
    expect(await db().transaction((m) => repo().findOfKind(a, b, true, m))).toBeUndefined();
    expect(await store({ actorId: a, targetId: b, type: 'block', context: null })).toMatchObject({ type: 'block' });
    expect((await repo().findBetween(b, a)).map((r) => r.type).sort()).toEqual(['block', 'like']);
    expect(await repo().countInvolving(b)).toBe(2);
  });

  it('stores a batch in order with its times, skipping what is already stored, and reads the pairs back', async () => {
    const [a, b, c] = await users();
    await insertInteraction(db(), a, b, 'like');
    const batch: NewInteraction[] = [
      { actorId: a, targetId: b, type: 'like', context: null },
      { actorId: c, targetId: a, type: 'super_like', context: { n: 1 }, createdAt: '2026-01-02T03:04:05.000Z' },
      { actorId: b, targetId: a, type: 'dislike', context: null, createdAt: null },
    ];
    const rows = await db().transaction((m) => repo().insertMany(batch, m));
    expect(rows.map((r) => [r.actor_id, r.target_id, r.type])).toEqual([
      [c, a, 'super_like'],
      [b, a, 'dislike'],
    ]);
    expect(rows[0]).toMatchObject({ context: { n: 1 }, created_at: new Date('2026-01-02T03:04:05.000Z') });
    const pairs = [
      { actorId: a, targetId: b },
      { actorId: b, targetId: c },
    ];
    const found = await db().transaction((m) => repo().findOfPairs(pairs, m));
    expect(found).toEqual([{ actor_id: a, target_id: b, type: 'like' }]);
  });

  it("pages a person's own timeline newest first with its total, hiding people in a block but the user's own blocks", async () => {
    const [me, friend, blocker] = await users();
    const t = (day: number) => `2026-03-0${day}T12:00:00Z`;
    await insertInteraction(db(), me, friend, 'like', t(1));
    await insertInteraction(db(), friend, me, 'super_like', t(2));
    await insertInteraction(db(), blocker, me, 'like', t(3));
    await insertInteraction(db(), me, blocker, 'block', t(4));
    const page = (over: object) =>
      repo().findTimelinePage({ user_id: me, direction: 'both', limit: 10, offset: 0, ...over }, own);
    const both = await page({});
    expect(both.rows.map((r) => [r.actor_id, r.type])).toEqual([
      [me, 'block'],
      [friend, 'super_like'],
      [me, 'like'],
    ]);
    expect(both.total).toBe(3);
    expect((await page({ direction: 'received' })).rows.map((r) => r.actor_id)).toEqual([friend]);
    const givenLikes = await page({ direction: 'given', interaction_type: 'like' });
    expect(givenLikes.rows.map((r) => r.target_id)).toEqual([friend]);
    expect((await page({ since: t(2), until: t(4) })).rows.map((r) => r.type)).toEqual(['super_like']);
    expect(await page({ limit: 1, offset: 1 })).toMatchObject({ rows: [{ type: 'super_like' }], total: 3 });
    // Past the end, no row carries the total: it is counted alone.
    expect(await page({ offset: 10 })).toEqual({ rows: [], total: 3 });
    // An admin sees everything.
    const everything = await repo().findTimelinePage(
      { user_id: me, direction: 'both', limit: 10, offset: 0 },
      { kind: 'all' },
    );
    expect(everything.total).toBe(4);
  });

  it('never hides a swipe the person gave because the other blocked them, and shows only the received types revealed', async () => {
    const [me, blocker, hater] = await users();
    await insertInteraction(db(), me, blocker, 'like', '2026-03-01T12:00:00Z');
    await insertInteraction(db(), blocker, me, 'block', '2026-03-02T12:00:00Z');
    await insertInteraction(db(), hater, me, 'dislike', '2026-03-03T12:00:00Z');
    const page = (visibility: InteractionVisibility) =>
      repo().findTimelinePage({ user_id: me, direction: 'both', limit: 10, offset: 0 }, visibility);
    const mine = await page(own);
    expect(mine.rows.map((r) => [r.actor_id, r.target_id, r.type])).toEqual([[me, blocker, 'like']]);
    expect(mine.total).toBe(1);
    expect((await page({ kind: 'all' })).total).toBe(3);
  });

  it('knows the highest interaction id', async () => {
    const [a, b] = await users();
    const id = await insertInteraction(db(), a, b, 'dislike');
    expect(await repo().maxId()).toBe(id);
  });
});
