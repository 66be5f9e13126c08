import { SeededRandom } from '@app/ml/primitives/seeded-random';
import type { TrainSet } from '../evaluation/recommender';
import type { SwipeType } from '@app/contracts';
import type { Swipe } from '@app/ml/types';
import { ItemKnnRecommender } from './itemknn';
import { PopularityRecommender } from './popularity';
import { RandomRecommender } from './random';

const trainSet = (swipes: [number, number, SwipeType][], userIds: number[]): TrainSet => ({
  swipes: swipes.map(([actor, target, type], i): Swipe => ({ actor, target, type, ts: i })),
  profiles: null,
  userIds,
  nowMs: swipes.length,
});

/** A random market with skewed target popularity, as real swipe logs have. */
function syntheticSwipes(users: number, swipes: number, seed: number): [number, number, SwipeType][] {
  const rng = new SeededRandom(seed);
  const rand = (): number => rng.next();
  const out: [number, number, SwipeType][] = [];
  while (out.length < swipes) {
    const a = Math.floor(rand() * users);
    const t = Math.floor(users * rand() ** 2); // low ids are more popular
    if (a === t) continue;
    out.push([a, t, rand() < 0.4 ? 'like' : 'dislike']);
  }
  return out;
}

describe('RandomRecommender', () => {
  it('is deterministic per seed, independent of call order, and in [0, 1)', () => {
    const r = new RandomRecommender(5);
    const a = r.scoreTargets(1, [2, 3, 4, 5]);
    expect(Array.from(r.scoreTargets(1, [5, 4]))).toEqual([a[3], a[2]]);
    expect(Array.from(new RandomRecommender(6).scoreTargets(1, [2, 3, 4, 5]))).not.toEqual(Array.from(a));
    const many = new RandomRecommender(1).scoreTargets(
      9,
      Array.from({ length: 10000 }, (_, i) => i),
    );
    const mean = many.reduce((s, x) => s + x, 0) / many.length;
    expect(Math.min(...many)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...many)).toBeLessThan(1);
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});

describe('PopularityRecommender', () => {
  it('counts likes received in training, super likes double, dislikes not at all', async () => {
    const p = new PopularityRecommender();
    await p.fit(
      trainSet(
        [
          [1, 2, 'like'],
          [3, 2, 'super_like'],
          [1, 3, 'like'],
          [2, 3, 'dislike'],
          [2, 1, 'block'],
        ],
        [1, 2, 3],
      ),
    );
    expect(Array.from(p.scoreTargets(1, [1, 2, 3, 99]))).toEqual([0, 3, 1, 0]);
    expect(Array.from(p.scoreTargets(3, [2, 3]))).toEqual([3, 1]);
  });
});

describe('ItemKnnRecommender', () => {
  it('scores a small case by hand', async () => {
    // Likers: target 10 <- {1, 2}, target 11 <- {1}, target 12 <- {2, 3}.
    const knn = new ItemKnnRecommender();
    await knn.fit(
      trainSet(
        [
          [1, 10, 'like'],
          [2, 10, 'like'],
          [1, 11, 'super_like'],
          [2, 12, 'like'],
          [3, 12, 'like'],
          [3, 11, 'dislike'],
        ],
        [1, 2, 3, 10, 11, 12],
      ),
    );
    // Actor 3 liked 12. sim(12,10) = |{2}| / sqrt(2*2) = 0.5; sim(12,11) = 0; sim(12,12) = 1.
    const s = knn.scoreTargets(3, [10, 11, 12, 1]);
    expect(s[0]).toBeCloseTo(0.5, 6);
    expect(s[1]).toBe(0);
    expect(s[2]).toBeCloseTo(1, 6);
    expect(s[3]).toBe(0);
    // Actor 1 liked 10 and 11: score(12) = sim(10,12) + sim(11,12) = 0.5 + 0.
    expect(knn.scoreTargets(1, [12])[0]).toBeCloseTo(0.5, 6);
    // Unknown actors get zeros rather than an error.
    expect(Array.from(knn.scoreTargets(42, [10, 11]))).toEqual([0, 0]);
  });

  it('matches brute-force cosine similarity on random data', async () => {
    const users = 60;
    const swipes = syntheticSwipes(users, 900, 11);
    const ids = Array.from({ length: users }, (_, i) => i);
    const knn = new ItemKnnRecommender();
    await knn.fit(trainSet(swipes, ids));
    const likers = ids.map(() => new Set<number>());
    for (const [a, t, type] of swipes) if (type === 'like') likers[t].add(a);
    const sim = (x: number, y: number): number => {
      const n = likers[x].size * likers[y].size;
      return n === 0 ? 0 : [...likers[x]].filter((u) => likers[y].has(u)).length / Math.sqrt(n);
    };
    for (const actor of [0, 7, 33]) {
      const liked = ids.filter((t) => likers[t].has(actor));
      const expected = ids.map((t) => liked.reduce((s, j) => s + sim(j, t), 0));
      const got = knn.scoreTargets(actor, ids);
      expected.forEach((e, t) => expect(got[t]).toBeCloseTo(e, 5));
    }
  });

  it('fits 10,000 users / 300k swipes and scores 200 full rankings in seconds', async () => {
    const users = 10000;
    const ids = Array.from({ length: users }, (_, i) => i);
    const train = trainSet(syntheticSwipes(users, 300000, 3), ids);
    const t0 = performance.now();
    const knn = new ItemKnnRecommender();
    await knn.fit(train);
    let nonZero = 0;
    for (let a = 0; a < 200; a++) nonZero += knn.scoreTargets(a, ids).filter((x) => x > 0).length;
    const seconds = (performance.now() - t0) / 1000;
    expect(nonZero).toBeGreaterThan(200 * 1000); // scores really were computed
    expect(seconds).toBeLessThan(15); // about 1 s on one core; 2000 actors stay well under a minute
  });
});
