import { isPositiveSwipe, SWIPE_TYPES } from '@app/contracts';
import { marketLikeRate } from '../features/like-rates';
import { SeededRandom } from '../primitives/seeded-random';
import type { Swipe } from '../types';
import { WindowRates } from './window-rates';

/** The rule written plainly: the latest swipe per pair with ts <= untilMs counts (the later on a tie). */
function reference(swipes: readonly Swipe[], untilMs: number) {
  const latest = new Map<string, Swipe>();
  for (const s of swipes) {
    if (s.ts > untilMs || s.actor === s.target) continue;
    const key = `${s.actor}:${s.target}`;
    const prev = latest.get(key);
    if (!prev || s.ts >= prev.ts) latest.set(key, s);
  }
  const counts = new Map<
    number,
    { likesGiven: number; swipesGiven: number; likesReceived: number; swipesReceived: number }
  >();
  const of = (id: number) => {
    if (!counts.has(id)) counts.set(id, { likesGiven: 0, swipesGiven: 0, likesReceived: 0, swipesReceived: 0 });
    return counts.get(id)!;
  };
  for (const s of latest.values()) {
    const like = isPositiveSwipe(s.type) ? 1 : 0;
    of(s.actor).swipesGiven++;
    of(s.actor).likesGiven += like;
    of(s.target).swipesReceived++;
    of(s.target).likesReceived += like;
  }
  return { latest, counts };
}

describe('WindowRates', () => {
  const rng = new SeededRandom(5);
  // Few people and many swipes: repeated pairs, ties in time, self-swipes, and out of order.
  const swipes: Swipe[] = Array.from({ length: 3000 }, () => ({
    actor: 1 + rng.int(40),
    target: 1 + rng.int(40),
    type: SWIPE_TYPES[rng.int(SWIPE_TYPES.length)],
    ts: rng.int(200),
  }));

  it.each([Infinity, 120, -1])('counts the latest decision of each pair up to %s, as the plain rule does', (until) => {
    const window = new WindowRates(swipes, until);
    const { latest, counts } = reference(swipes, until);
    for (let viewer = 0; viewer <= 41; viewer++)
      for (let candidate = 0; candidate <= 41; candidate++) {
        const own = latest.get(`${viewer}:${candidate}`);
        const like = own && isPositiveSwipe(own.type) ? 1 : 0;
        const zero = { likesGiven: 0, swipesGiven: 0, likesReceived: 0, swipesReceived: 0 };
        const v = counts.get(viewer) ?? zero;
        const c = counts.get(candidate) ?? zero;
        expect(window.forRow(viewer, candidate, false)).toEqual({ viewer: v, candidate: c });
        expect(window.forRow(viewer, candidate, true)).toEqual(
          own
            ? {
                viewer: { ...v, likesGiven: v.likesGiven - like, swipesGiven: v.swipesGiven - 1 },
                candidate: { ...c, likesReceived: c.likesReceived - like, swipesReceived: c.swipesReceived - 1 },
              }
            : { viewer: v, candidate: c },
        );
      }
    const likes = [...latest.values()].filter((s) => isPositiveSwipe(s.type)).length;
    expect(window.marketLikeRate).toBe(marketLikeRate(likes, latest.size));
    if (until === -1) expect(likes).toBe(0);
  });
});
