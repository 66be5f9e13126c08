import { auc } from './auc';

describe('auc', () => {
  it('is 1 for perfect separation and 0 for reversed', () => {
    expect(auc([0.9, 0.8], [0.1, 0.2, 0.3])).toBe(1);
    expect(auc([0.1], [0.5, 0.6])).toBe(0);
  });

  it('counts ties as one half', () => {
    // All tied: every pair is half -> 0.5.
    expect(auc([1, 1], [1, 1, 1])).toBe(0.5);
    // pos {0.5, 0.8}, neg {0.5, 0.2}: pairs (0.5,0.5)=.5, (0.5,0.2)=1, (0.8,0.5)=1, (0.8,0.2)=1 -> 3.5/4.
    expect(auc([0.5, 0.8], [0.5, 0.2])).toBeCloseTo(0.875, 12);
  });

  it('agrees with the brute-force pair count', () => {
    const pos = [3, 1, 4, 1, 5, 9, 2, 6];
    const neg = [5, 3, 5, 8, 9, 7, 9, 3, 2, 3];
    let s = 0;
    for (const p of pos) for (const n of neg) s += p > n ? 1 : p === n ? 0.5 : 0;
    expect(auc(pos, neg)).toBeCloseTo(s / (pos.length * neg.length), 12);
  });

  it('is NaN when a side is empty', () => {
    expect(auc([], [1])).toBeNaN();
    expect(auc([1], [])).toBeNaN();
  });
});
