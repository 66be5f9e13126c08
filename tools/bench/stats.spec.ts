import { percentile, summarise } from './stats';

describe('percentile (nearest rank, as ann-bench has always reported)', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it('takes the value at floor(p/100 * n) of the sorted samples', () => {
    expect(percentile(ten, 50)).toBe(6);
    expect(percentile(ten, 90)).toBe(10);
    expect(percentile(ten, 0)).toBe(1);
  });

  it('never reads past the last sample', () => {
    expect(percentile(ten, 100)).toBe(10);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is NaN with no samples, so a missing figure cannot pass for zero', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarise', () => {
  it('sorts numerically (not as strings) before taking percentiles', () => {
    const s = summarise([100, 9, 20, 3]);
    expect(s).toEqual({ count: 4, mean: 33, p50: 20, p90: 100, p99: 100, max: 100 });
  });

  it('gives p99 of 1,000 samples as the 991st smallest', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i); // 1000..1, reversed
    const s = summarise(values);
    expect(s.p50).toBe(501);
    expect(s.p90).toBe(901);
    expect(s.p99).toBe(991);
    expect(s.max).toBe(1000);
    expect(s.mean).toBeCloseTo(500.5, 10);
  });

  it('reports no samples as NaNs and a count of 0', () => {
    const s = summarise([]);
    expect(s.count).toBe(0);
    expect(s.mean).toBeNaN();
    expect(s.max).toBeNaN();
  });
});
