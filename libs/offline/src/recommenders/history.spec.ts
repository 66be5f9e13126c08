import type { Swipe } from '@app/ml/types';
import { popularityFromSwipes, relationsFromSwipes } from './history';

const DAY = 86_400_000;
const s = (actor: number, target: number, type: Swipe['type'], ts = 100 * DAY): Swipe => ({ actor, target, type, ts });

describe('relationsFromSwipes', () => {
  it('matches the viewer-relations query: own swipes and blocks excluded, blocks against the viewer excluded, likers listed', () => {
    const r = relationsFromSwipes([
      s(1, 2, 'like'),
      s(1, 3, 'dislike'),
      s(1, 4, 'block'),
      s(5, 1, 'block'),
      s(6, 1, 'super_like'),
      s(7, 1, 'dislike'),
    ]);
    const me = r.get(1)!;
    expect([...me.excluded].sort()).toEqual([2, 3, 4, 5]);
    expect(me.swipes).toBe(2);
    expect(me.likers).toEqual([{ id: 6, superLike: true, atMs: 100 * DAY }]);
    expect([...r.get(4)!.excluded]).toEqual([1]); // a block hides the pair from each other
    expect(r.get(5)!.excluded.has(1)).toBe(true);
  });
});

describe('popularityFromSwipes', () => {
  it('counts likes (super likes twice) and exposure in the 30 days before the latest swipe', () => {
    const p = popularityFromSwipes([
      s(1, 9, 'like'),
      s(2, 9, 'super_like'),
      s(3, 9, 'dislike'),
      s(4, 8, 'like', 60 * DAY),
      s(5, 8, 'block'),
    ]);
    expect(p.likesOf(9)).toBe(3);
    expect(p.exposureOf(9)).toBe(3);
    expect(p.likesOf(8)).toBe(0); // 40 days before the latest swipe
    expect(p.exposureOf(8)).toBe(0); // blocks are not exposure
    expect(p.maxLikes).toBe(3);
  });
});
