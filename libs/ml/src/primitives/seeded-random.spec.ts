import { SeededRandom, mix32 } from './seeded-random';

describe('SeededRandom', () => {
  it('repeats for the same seed words and differs for others', () => {
    const seq = (r: SeededRandom) => Array.from({ length: 8 }, () => r.u32());
    expect(seq(new SeededRandom(1, 2))).toEqual(seq(new SeededRandom(1, 2)));
    expect(seq(new SeededRandom(1, 2))).not.toEqual(seq(new SeededRandom(1, 3)));
    expect(seq(new SeededRandom(1, 2))).not.toEqual(seq(new SeededRandom(2, 1)));
    expect(mix32(1, 2)).not.toBe(mix32(2, 1));
  });

  it('draws the distributions with the right ranges and means', () => {
    const r = new SeededRandom(42);
    const n = 40_000;
    let f = 0;
    let nor = 0;
    let nor2 = 0;
    let poi = 0;
    let geo = 0;
    let minF = 1;
    let maxF = 0;
    const ints = new Set<number>();
    for (let i = 0; i < n; i++) {
      const u = r.next();
      minF = Math.min(minF, u);
      maxF = Math.max(maxF, u);
      f += u;
      const z = r.normal();
      nor += z;
      nor2 += z * z;
      poi += r.poisson(2.5);
      geo += r.geometric(6);
      ints.add(r.int(7));
    }
    expect(minF).toBeGreaterThanOrEqual(0);
    expect(maxF).toBeLessThan(1);
    expect(f / n).toBeCloseTo(0.5, 1);
    expect(nor / n).toBeCloseTo(0, 1);
    expect(nor2 / n).toBeCloseTo(1, 1);
    expect(poi / n).toBeCloseTo(2.5, 1);
    expect(geo / n).toBeGreaterThan(5.8);
    expect(geo / n).toBeLessThan(6.2);
    expect([...ints].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const w = [0, 3, 1];
    const hits = [0, 0, 0];
    for (let i = 0; i < 8000; i++) hits[r.weighted(w)]++;
    expect(hits[0]).toBe(0);
    expect(hits[1] / hits[2]).toBeGreaterThan(2.5);
    expect(hits[1] / hits[2]).toBeLessThan(3.5);
  });
});
