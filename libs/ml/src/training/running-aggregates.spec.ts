import { computeAggregates, EMPTY_AGGREGATES } from '../features/aggregates';
import { SeededRandom } from '../primitives/seeded-random';
import type { SwipeType } from '@app/contracts';
import type { Swipe } from '../types';
import { RunningAggregates } from './running-aggregates';

describe('RunningAggregates', () => {
  it('equals computeAggregates(swipes, t) at every point of a replay, including blocks after likes', () => {
    const rng = new SeededRandom(3);
    const types: SwipeType[] = ['like', 'super_like', 'dislike', 'like'];
    const swipes: Swipe[] = [];
    for (let t = 0; t < 400; t++)
      swipes.push({ actor: rng.int(12), target: rng.int(12), type: types[rng.int(4)], ts: t });
    // Blocks that replace earlier likes (an "unmatch"), as the unique indexes allow.
    for (const s of swipes.slice(0, 40))
      if (s.type === 'like') swipes.push({ actor: s.actor, target: s.target, type: 'block', ts: 400 + swipes.length });
    const run = new RunningAggregates();
    swipes.forEach((s, i) => {
      if (i % 37 === 0) {
        const expected = computeAggregates(swipes, s.ts);
        for (let u = 0; u < 12; u++) expect(run.get(u)).toEqual(expected.get(u) ?? EMPTY_AGGREGATES);
      }
      run.apply(s);
    });
    const final = computeAggregates(swipes);
    for (let u = 0; u < 12; u++) expect(run.get(u)).toEqual(final.get(u));
  });

  it('counts a mutual like as one match each and undoes it on a block', () => {
    const run = new RunningAggregates();
    run.apply({ actor: 1, target: 2, type: 'like', ts: 1 });
    run.apply({ actor: 2, target: 1, type: 'super_like', ts: 2 });
    expect(run.get(1).matches).toBe(1);
    expect(run.get(2).matches).toBe(1);
    expect(run.latestType(2, 1)).toBe('super_like');
    run.apply({ actor: 1, target: 2, type: 'block', ts: 3 });
    expect(run.get(1)).toMatchObject({ matches: 0, likesGiven: 0, swipesGiven: 1 });
    expect(run.get(2)).toMatchObject({ matches: 0, likesReceived: 0, dislikesReceived: 1, likesGiven: 1 });
  });
});
