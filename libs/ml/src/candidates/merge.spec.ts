import { ARMS, armShares, fetchSize, mergeArms, planQuotas, type Quotas } from './merge';

const none: Quotas = { collaborative: 0, content: 0, reciprocal: 0, fresh: 0, popular: 0 };
const hits = (...ids: number[]) => ids.map((id, i) => ({ id, score: 10 - i }));

describe('planQuotas', () => {
  it('sums to k for every viewer state and k', () => {
    for (const state of [
      { warm: true, inModel: true },
      { warm: true, inModel: false },
      { warm: false, inModel: false },
    ]) {
      for (const k of [1, 7, 100, 333, 500]) {
        const q = planQuotas(k, armShares(state));
        expect(ARMS.reduce((s, a) => s + q[a], 0)).toBe(k);
      }
    }
  });

  it('gives nothing to an arm with no share and splits by largest remainder', () => {
    expect(planQuotas(10, { ...none, content: 0.5, popular: 0.5 })).toEqual({ ...none, content: 5, popular: 5 });
    // 3 x 1/3 of 10: 3.33 each, one extra to the first arm in ARMS order among ties.
    expect(planQuotas(10, { ...none, reciprocal: 1, collaborative: 1, content: 1 })).toEqual({
      ...none,
      reciprocal: 4,
      collaborative: 3,
      content: 3,
    });
  });

  it('serves a cold viewer from content and popularity, a warm one mostly collaboratively', () => {
    const cold = planQuotas(100, armShares({ warm: false, inModel: false }));
    expect(cold.collaborative).toBe(0);
    expect(cold.content + cold.popular).toBeGreaterThanOrEqual(70);
    const warm = planQuotas(100, armShares({ warm: true, inModel: true }));
    expect(warm.collaborative).toBe(45);
    expect(warm.reciprocal).toBeGreaterThan(0);
  });
});

describe('fetchSize', () => {
  it('over-fetches for deduplication, and fetches nothing for a zero quota', () => {
    expect(fetchSize(0)).toBe(0);
    expect(fetchSize(10)).toBe(20);
  });
});

describe('mergeArms', () => {
  it('deduplicates and tags a person with every source that found them, keeping each score', () => {
    const out = mergeArms(
      {
        collaborative: hits(1, 2),
        content: [
          { id: 2, score: 0.7 },
          { id: 3, score: 0.5 },
        ],
        fresh: [{ id: 2, score: 0.2 }],
        popular: [{ id: 2, score: 0.9 }],
      },
      { ...none, collaborative: 2, content: 2, fresh: 1, popular: 1 },
      10,
    );
    expect(out.map((c) => c.user_id).sort()).toEqual([1, 2, 3]);
    const two = out.find((c) => c.user_id === 2)!;
    expect(two.sources).toEqual(['collaborative', 'content', 'exploration']);
    // Two exploration arms found 2: the higher score stands for the source.
    expect(two.scores).toEqual({ collaborative: 9, content: 0.7, exploration: 0.9 });
  });

  it('interleaves the arms and respects quotas while every arm has enough', () => {
    const out = mergeArms(
      { reciprocal: hits(1, 2, 3), collaborative: hits(11, 12, 13), content: hits(21, 22, 23) },
      { ...none, reciprocal: 1, collaborative: 2, content: 1 },
      4,
    );
    expect(out.map((c) => c.user_id)).toEqual([1, 11, 21, 12]);
  });

  it('fills a short arm\u2019s places from the other arms\u2019 leftovers, never beyond k', () => {
    const out = mergeArms(
      { reciprocal: hits(1), content: hits(21, 22, 23, 24, 25) },
      { ...none, reciprocal: 3, content: 2 },
      5,
    );
    expect(out.map((c) => c.user_id)).toEqual([1, 21, 22, 23, 24]);
    expect(mergeArms({ content: hits(1, 2, 3) }, { ...none, content: 10 }, 2)).toHaveLength(2);
  });

  it('does not let a duplicate use up a place', () => {
    const out = mergeArms(
      { reciprocal: hits(5, 6), collaborative: hits(5, 7) },
      { ...none, reciprocal: 2, collaborative: 2 },
      4,
    );
    expect(out.map((c) => c.user_id)).toEqual([5, 7, 6]);
    expect(out[0].sources).toEqual(['collaborative', 'reciprocal']);
  });

  it('returns nothing when no arm found anyone', () => {
    expect(mergeArms({}, { ...none, content: 5 }, 5)).toEqual([]);
  });
});
