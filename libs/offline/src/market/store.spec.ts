import { LikeQueues, PairMap, SwipeBuffer } from './store';
import { SeededRandom } from '@app/ml/primitives/seeded-random';

describe('PairMap', () => {
  it('agrees with a Map through growth, overwrites and misses', () => {
    const pairs = new PairMap(4);
    const ref = new Map<string, number>();
    const rng = new SeededRandom(3);
    for (let k = 0; k < 50_000; k++) {
      const a = rng.int(1_000_000);
      const b = rng.int(300);
      const code = 1 + rng.int(4);
      pairs.set(a, b, code);
      ref.set(`${a},${b}`, code);
    }
    expect(pairs.size).toBe(ref.size);
    for (const [key, code] of ref) {
      const [a, b] = key.split(',').map(Number);
      if (pairs.get(a, b) !== code) throw new Error(`pair ${key}: ${pairs.get(a, b)} != ${code}`);
    }
    expect(pairs.get(999_999, 999_999)).toBe(0);
    expect(pairs.get(0, 0)).toBe(ref.get('0,0') ?? 0);
  });

  it('keeps (a, b) and (b, a) apart', () => {
    const pairs = new PairMap();
    pairs.set(1, 2, 1);
    expect(pairs.get(2, 1)).toBe(0);
    pairs.set(2, 1, 3);
    expect([pairs.get(1, 2), pairs.get(2, 1)]).toEqual([1, 3]);
  });
});

describe('LikeQueues', () => {
  it('hands out likers oldest first, never before they liked', () => {
    const q = new LikeQueues(3);
    for (let k = 0; k < 70_000; k++) q.push(k % 2, k, k * 10); // grows past the initial capacity
    expect(q.pop(0, 5)).toBe(0);
    expect(q.pop(0, 5)).toBe(-1); // the next like (k = 2) happened at 20
    expect(q.pop(0, 20)).toBe(2);
    expect(q.pop(1, 1e9)).toBe(1);
    expect(q.pop(2, 1e9)).toBe(-1);
  });
});

describe('SwipeBuffer', () => {
  it('orders by time, keeping insertion order on ties, across growth', () => {
    const buf = new SwipeBuffer();
    const n = 40_000;
    for (let i = 0; i < n; i++) buf.push(i, i + 1, 1, (i * 7919) % 1000);
    const order = buf.order();
    expect(order).toHaveLength(n);
    let ok = true;
    for (let k = 1; k < n; k++) {
      const x = order[k - 1];
      const y = order[k];
      if (buf.ts[x] > buf.ts[y] || (buf.ts[x] === buf.ts[y] && x > y)) ok = false;
    }
    expect(ok).toBe(true);
    expect(buf.target[order[0]]).toBe(buf.actor[order[0]] + 1);
    buf.clear();
    expect(buf.length).toBe(0);
  });
});
