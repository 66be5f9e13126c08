import { randomSplit, temporalSplit, testCount } from './split';

const count = (m: Uint8Array): number => m.reduce((s, x) => s + x, 0);

describe('randomSplit', () => {
  it('holds out exactly round(n * fraction) rows', () => {
    expect(count(randomSplit(1000, 0.2, 1))).toBe(200);
    expect(count(randomSplit(7, 0.3, 1))).toBe(2);
    expect(testCount(5, 0.5)).toBe(3);
  });

  it('is reproducible from the seed and differs across seeds', () => {
    expect(Array.from(randomSplit(500, 0.2, 7))).toEqual(Array.from(randomSplit(500, 0.2, 7)));
    expect(Array.from(randomSplit(500, 0.2, 7))).not.toEqual(Array.from(randomSplit(500, 0.2, 8)));
  });

  it('spreads test rows over the whole input, not one end', () => {
    const m = randomSplit(10000, 0.2, 3);
    const firstHalf = count(m.subarray(0, 5000));
    expect(firstHalf).toBeGreaterThan(900);
    expect(firstHalf).toBeLessThan(1100);
  });

  it('rejects fractions outside (0, 1)', () => {
    expect(() => randomSplit(10, 0, 1)).toThrow(RangeError);
    expect(() => randomSplit(10, 1, 1)).toThrow(RangeError);
  });
});

describe('temporalSplit', () => {
  it('holds out the latest rows, so no train row is later than a test row', () => {
    const ts = [50, 10, 40, 20, 30, 60, 0, 70, 80, 90];
    const m = temporalSplit(ts, 0.3);
    expect(count(m)).toBe(3);
    const train = ts.filter((_, i) => !m[i]);
    const test = ts.filter((_, i) => m[i]);
    expect(test.sort((a, b) => a - b)).toEqual([70, 80, 90]);
    expect(Math.max(...train)).toBeLessThanOrEqual(Math.min(...test));
  });

  it('breaks timestamp ties by input order', () => {
    expect(Array.from(temporalSplit([5, 5, 5, 5], 0.5))).toEqual([0, 0, 1, 1]);
  });

  it('refuses rows without a timestamp', () => {
    expect(() => temporalSplit([1, NaN, 3], 0.5)).toThrow(/row 1/);
  });
});
