import { coverage, gini } from './exposure';

describe('gini', () => {
  it('is 0 for equal exposure', () => {
    expect(gini([4, 4, 4, 4])).toBeCloseTo(0, 12);
  });

  it('is (n-1)/n when one user gets everything', () => {
    expect(gini([0, 0, 0, 0, 12])).toBeCloseTo(4 / 5, 12);
    expect(gini([7, 0])).toBeCloseTo(1 / 2, 12);
  });

  it('matches a hand-computed value', () => {
    // Sorted 1,2,3,4: 2*(1+4+9+16)/(4*10) - 5/4 = 1.5 - 1.25 = 0.25.
    expect(gini([3, 1, 4, 2])).toBeCloseTo(0.25, 12);
  });

  it('is 0 when nothing is exposed and rejects negatives', () => {
    expect(gini([0, 0])).toBe(0);
    expect(gini([])).toBe(0);
    expect(() => gini([1, -1])).toThrow(RangeError);
  });
});

describe('coverage', () => {
  it('counts users with any exposure over the catalogue', () => {
    expect(coverage([0, 2, 0, 1])).toBe(0.5);
    expect(coverage([1, 1], 8)).toBe(0.25);
    expect(coverage([], 0)).toBe(0);
  });
});
