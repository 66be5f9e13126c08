import type { Swipe } from '@app/ml/types';
import { choleskySolve, IalsRecommender } from './ials';

describe('reference iALS', () => {
  it('solves a symmetric positive definite system', () => {
    // A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]], x = [1, -2, 3] -> b = A x = [0, -5, 7].
    const A = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    const b = Float64Array.from([0, -5, 7]);
    const x = new Float64Array(4);
    choleskySolve(A, b, 3, x, 1);
    expect(Array.from(x.subarray(1)).map((v) => Number(v.toFixed(10)))).toEqual([1, -2, 3]);
  });

  it("recommends within a user's block of co-liked items", async () => {
    // Users 0-9 like items 100-104, users 10-19 like items 200-204; each user misses one item
    // of their block, which must outrank every item of the other block (two factors: the blocks).
    const swipes: Swipe[] = [];
    for (let u = 0; u < 20; u++) {
      const base = u < 10 ? 100 : 200;
      for (let k = 0; k < 5; k++) if (k !== u % 5) swipes.push({ actor: u, target: base + k, type: 'like', ts: 0 });
    }
    const ids = [...Array.from({ length: 20 }, (_, i) => i), 100, 101, 102, 103, 104, 200, 201, 202, 203, 204];
    const r = new IalsRecommender({ dim: 2, iterations: 8, reg: 1, alpha: 5 });
    await r.fit({ swipes, profiles: null, userIds: ids, nowMs: 0 });
    for (let u = 0; u < 20; u++) {
      const own = (u < 10 ? 100 : 200) + (u % 5);
      const other = u < 10 ? [200, 201, 202, 203, 204] : [100, 101, 102, 103, 104];
      const s = r.scoreTargets(u, [own, ...other]);
      for (let i = 1; i < s.length; i++) expect(s[0]).toBeGreaterThan(s[i]);
    }
    expect(Array.from(r.scoreTargets(999, [100]))).toEqual([0]); // unknown actor
  });
});
