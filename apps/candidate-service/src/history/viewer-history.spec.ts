import type { ViewerHistoryRecord, ViewerRelations } from '@app/ml/candidates';
import { ViewerHistory } from './viewer-history';

/** A database stand-in whose reads the test answers by hand, in any order. */
function manualReads() {
  const waiting: { id: number; answer: (r: ViewerHistoryRecord) => void; fail: (e: Error) => void }[] = [];
  const read = (id: number) => new Promise<ViewerHistoryRecord>((answer, fail) => waiting.push({ id, answer, fail }));
  return { read, waiting };
}

const record = (over: Partial<ViewerHistoryRecord> = {}): ViewerHistoryRecord => ({
  swiped: [],
  blocked: [],
  likers: [],
  ...over,
});
const excluded = (r: ViewerRelations) => [...r.excluded].sort((a, b) => a - b);
/** A history over manual reads, following the events. */
const following = (capacity: number) => {
  const db = manualReads();
  const h = new ViewerHistory(db.read, capacity);
  h.follow();
  return { db, h };
};
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('ViewerHistory', () => {
  it('reads a viewer once, then answers from memory, patched by the events both ways', async () => {
    const { db, h } = following(10);
    const first = h.relations(1);
    db.waiting.shift()!.answer(record({ swiped: [2], likers: [{ id: 3, superLike: false, atMs: 5 }] }));
    expect(excluded(await first)).toEqual([2]);
    await settle();

    h.apply({ actorId: 1, targetId: 4, type: 'dislike', atMs: 10 }); // the viewer swipes
    h.apply({ actorId: 5, targetId: 1, type: 'super_like', atMs: 11 }); // someone super-likes them
    h.apply({ actorId: 6, targetId: 1, type: 'block', atMs: 12 }); // someone blocks them
    h.apply({ actorId: 1, targetId: 7, type: 'block', atMs: 13 }); // they block someone
    h.apply({ actorId: 8, targetId: 1, type: 'dislike', atMs: 14 }); // a dislike of them: nothing
    const r = await h.relations(1);
    expect(db.waiting).toHaveLength(0);
    expect(excluded(r)).toEqual([2, 4, 6, 7]);
    expect(r.swipes).toBe(2); // blocks are not swipes
    expect(r.likers).toEqual([
      { id: 3, superLike: false, atMs: 5 },
      { id: 5, superLike: true, atMs: 11 },
    ]);
    expect(h.stats()).toEqual({ kept: 1, hits: 1, misses: 1 });
  });

  it('applies an event the read already saw without counting it twice', async () => {
    const { db, h } = following(10);
    const first = h.relations(1);
    db.waiting.shift()!.answer(record({ swiped: [4], likers: [{ id: 5, superLike: true, atMs: 11 }] }));
    await first;
    await settle();
    h.apply({ actorId: 1, targetId: 4, type: 'like', atMs: 10 });
    h.apply({ actorId: 5, targetId: 1, type: 'super_like', atMs: 11 });
    const r = await h.relations(1);
    expect(r.swipes).toBe(1);
    expect(r.likers).toHaveLength(1);
  });

  it('does not keep a read that an event overtook, and answers with it all the same', async () => {
    const { db, h } = following(10);
    const first = h.relations(1);
    // The swipe commits after the read's snapshot, and its event arrives before the answer.
    h.apply({ actorId: 1, targetId: 9, type: 'like', atMs: 10 });
    db.waiting.shift()!.answer(record({ swiped: [2] }));
    expect(excluded(await first)).toEqual([2]);
    await settle();
    const second = h.relations(1);
    expect(db.waiting).toHaveLength(1); // read again, not served the stale copy
    db.waiting.shift()!.answer(record({ swiped: [2, 9] }));
    expect(excluded(await second)).toEqual([2, 9]);
    await settle();
    expect(excluded(await h.relations(1))).toEqual([2, 9]);
    expect(db.waiting).toHaveLength(0);
  });

  it('shares one read between concurrent requests of the same viewer', async () => {
    const { db, h } = following(10);
    const a = h.relations(1);
    const b = h.relations(1);
    expect(db.waiting).toHaveLength(1);
    db.waiting.shift()!.answer(record({ swiped: [2] }));
    expect(excluded(await a)).toEqual([2]);
    expect(excluded(await b)).toEqual([2]);
  });

  it('keeps nothing before following the events, nor after, nor across a bulk import', async () => {
    const db = manualReads();
    const h = new ViewerHistory(db.read, 10);
    const before = h.relations(1);
    db.waiting.shift()!.answer(record());
    await before;
    await settle();
    h.relations(1);
    expect(db.waiting).toHaveLength(1); // not kept: events may have been missed
    db.waiting.shift()!.answer(record());

    h.follow();
    const during = h.relations(2);
    h.clear(); // an import lands while the read is in flight
    db.waiting.shift()!.answer(record());
    await during;
    await settle();
    void h.relations(2);
    expect(db.waiting).toHaveLength(1);
    db.waiting.shift()!.answer(record());
    await settle();
    expect(h.stats().kept).toBe(1);
    h.unfollow();
    expect(h.stats().kept).toBe(0);
  });

  it('drops the least recently used viewer past its capacity, and a deleted user', async () => {
    const { db, h } = following(2);
    for (const id of [1, 2]) {
      const p = h.relations(id);
      db.waiting.shift()!.answer(record());
      await p;
      await settle();
    }
    await h.relations(1); // 2 is now the least recently used
    const third = h.relations(3);
    db.waiting.shift()!.answer(record());
    await third;
    await settle();
    void h.relations(1);
    expect(db.waiting).toHaveLength(0);
    void h.relations(2);
    expect(db.waiting.map((w) => w.id)).toEqual([2]);
    db.waiting.shift()!.answer(record());
    await settle();
    h.forget(3);
    void h.relations(3);
    expect(db.waiting.map((w) => w.id)).toEqual([3]);
  });

  it('forgets a deleted user everywhere: their entry, and their id in every kept entry', async () => {
    const { db, h } = following(10);
    for (const [viewer, r] of [
      [1, record({ swiped: [9, 2], blocked: [9], likers: [{ id: 9, superLike: true, atMs: 1 }] })],
      [2, record({ swiped: [1] })],
      [9, record({ swiped: [1, 2] })],
    ] as const) {
      const p = h.relations(viewer);
      db.waiting.shift()!.answer(r);
      await p;
      await settle();
    }
    h.forget(9);
    const one = await h.relations(1);
    expect(excluded(one)).toEqual([2]);
    expect(one.likers).toEqual([]);
    expect(excluded(await h.relations(2))).toEqual([1]);
    expect(db.waiting).toHaveLength(0); // both answered from memory
    void h.relations(9);
    expect(db.waiting.map((w) => w.id)).toEqual([9]); // their own entry is gone
  });

  it('reads every time with a capacity of 0, and lets a failed read fail', async () => {
    const { db, h } = following(0);
    const p = h.relations(1);
    db.waiting.shift()!.fail(new Error('database down'));
    await expect(p).rejects.toThrow('database down');
    void h.relations(1);
    expect(db.waiting).toHaveLength(1);
  });
});
