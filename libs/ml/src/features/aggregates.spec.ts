import type { Swipe } from '../types';
import { computeAggregates } from './aggregates';

const swipes: Swipe[] = [
  { actor: 1, target: 2, type: 'like', ts: 10 },
  { actor: 2, target: 1, type: 'super_like', ts: 20 },
  { actor: 1, target: 3, type: 'dislike', ts: 30 },
  { actor: 3, target: 1, type: 'like', ts: 40 },
  { actor: 3, target: 2, type: 'like', ts: 50 },
  // Replaces 3's like of 2.
  { actor: 3, target: 2, type: 'block', ts: 60 },
];

describe('computeAggregates', () => {
  it('counts likes, dislikes, swipes and mutual matches per user', () => {
    const a = computeAggregates(swipes);
    expect(a.get(1)).toEqual({
      likesGiven: 1,
      swipesGiven: 2,
      likesReceived: 2,
      likesReceivedSettled: 2,
      dislikesReceived: 0,
      matches: 1,
      lastActiveMs: 30,
    });
    expect(a.get(2)).toEqual({
      likesGiven: 1,
      swipesGiven: 1,
      likesReceived: 1,
      likesReceivedSettled: 1,
      dislikesReceived: 1,
      matches: 1,
      lastActiveMs: 20,
    });
    expect(a.get(3)).toEqual({
      likesGiven: 1,
      swipesGiven: 2,
      likesReceived: 0,
      likesReceivedSettled: 0,
      dislikesReceived: 1,
      matches: 0,
      lastActiveMs: 60,
    });
  });

  it('sees only swipes before the cut-off, so training rows get point-in-time aggregates', () => {
    const a = computeAggregates(swipes, 20);
    expect(a.get(1)).toEqual({
      likesGiven: 1,
      swipesGiven: 1,
      likesReceived: 0,
      likesReceivedSettled: 0,
      dislikesReceived: 0,
      matches: 0,
      lastActiveMs: 10,
    });
    expect(a.get(2)?.likesReceived).toBe(1);
    expect(a.has(3)).toBe(false);
  });
});
