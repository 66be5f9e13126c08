import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { truthRows } from '../baselines/truth';
import type { Profile } from '@app/ml/types';
import { isMutuallyCompatible } from './compatibility';
import { loadDataset, type Dataset } from './data';
import { evaluate } from './evaluate';
import type { OfflineRecommender, TrainSet } from './recommender';

/** Scores from a fixed table, and remembers what it was given, so the test can check the protocol. */
class TableRecommender implements OfflineRecommender {
  readonly name = 'table';
  train: TrainSet | null = null;
  asked = new Map<number, number[]>();
  disposed = false;
  constructor(private readonly table: Record<number, Record<number, number>>) {}
  async fit(train: TrainSet): Promise<void> {
    this.train = train;
  }
  scoreTargets(actor: number, targets: ArrayLike<number>): Float32Array {
    this.asked.set(actor, Array.from(targets));
    return Float32Array.from(Array.from(targets), (t) => this.table[actor]?.[t] ?? 0);
  }
  dispose(): void {
    this.disposed = true;
  }
}

// Users a..e get dense ids 0..4 (ids are not numeric). Mask: 1 = held out.
const ROWS: [string, number][] = [
  ['a,b,like', 0],
  ['a,c,like', 1],
  ['a,d,dislike', 1],
  ['c,a,like', 0], // c liked a: a's held-out like of c is a match
  ['b,a,like', 1],
  ['e,a,dislike', 0],
  ['a,e,dislike', 1],
  ['b,e,block', 1],
];
const [A, B, C, D, E] = [0, 1, 2, 3, 4];
const TABLE = {
  [A]: { [C]: 0.5, [D]: 0.9, [E]: 0.1 }, // ranks d, c, e
  [B]: { [A]: 0.2, [C]: 0.8, [D]: 0.3, [E]: 0.1 }, // ranks c, d, a, e
};
let data: Dataset;
const mask = Uint8Array.from(ROWS.map((r) => r[1]));

beforeAll(async () => {
  const p = join(mkdtempSync(join(tmpdir(), 'eval-protocol-')), 'i.csv');
  writeFileSync(p, 'actor_id,target_id,type\n' + ROWS.map((r) => r[0]).join('\n') + '\n');
  data = await loadDataset({ interactions: p });
});

describe('evaluate', () => {
  it('trains on the training part only and ranks everyone the actor has not swiped in training', async () => {
    const alg = new TableRecommender(TABLE);
    await evaluate(data, mask, [alg], { ks: [2], seed: 1, maxActors: 100, candidates: 'all' });
    expect(alg.train!.swipes.map((s) => [s.actor, s.target, s.type])).toEqual([
      [A, B, 'like'],
      [C, A, 'like'],
      [E, A, 'dislike'],
    ]);
    expect(alg.train!.userIds).toEqual([A, B, C, D, E]);
    // a swiped b in training; b swiped nobody in training. Actors with no held-out like (c, e) are not ranked.
    expect(alg.asked.get(A)).toEqual([C, D, E]);
    expect(alg.asked.get(B)).toEqual([A, C, D, E]);
    expect([...alg.asked.keys()].sort()).toEqual([A, B]);
    expect(alg.disposed).toBe(true);
  });

  it('computes the hand-worked figures', async () => {
    // a: top2 = d, c; relevant {c}: P 1/2, R 1, nDCG 1/log2(3), hit, and c liked a -> a match.
    // b: top2 = c, d; relevant {a}: all zero.
    const truth = (x: number, y: number): number =>
      x === A ? ({ [C]: 1, [D]: 0, [E]: 0.5 } as Record<number, number>)[y] : y === A ? 1 : 0;
    const { summary, results } = await evaluate(data, mask, [new TableRecommender(TABLE)], {
      ks: [2],
      seed: 1,
      maxActors: 100,
      candidates: 'all',
      truthRows: truthRows(truth),
    });
    const m = results[0].metrics;
    expect(m['precision@2']).toBeCloseTo(0.25, 12);
    expect(m['recall@2']).toBeCloseTo(0.5, 12);
    expect(m['ndcg@2']).toBeCloseTo(1 / Math.log2(3) / 2, 12);
    expect(m['hit_rate@2']).toBeCloseTo(0.5, 12);
    expect(m['mutual_precision@2']).toBeCloseTo(0.25, 12);
    // Exposure: c and d twice each, out of 5 users -> coverage 0.4, Gini of [0,0,0,2,2] = 0.6.
    expect(m['coverage@2']).toBeCloseTo(0.4, 12);
    expect(m['gini@2']).toBeCloseTo(0.6, 12);
    // Likes a->c .5, b->a .2 against dislikes a->d .9, a->e .1, b->e .1: pooled 4/6; per actor (0.5 + 1) / 2.
    expect(m.auc).toBeCloseTo(4 / 6, 12);
    expect(m.auc_per_actor).toBeCloseTo(0.75, 12);
    // Truth: a's ideal top2 = c (1), e (.5); a gets d (0), c (1). b's ideal gain is 1 at a; b gets 0.
    expect(m['truth_ndcg@2']).toBeCloseTo(1 / Math.log2(3) / (1 + 0.5 / Math.log2(3)) / 2, 12);
    expect(summary).toMatchObject({
      users: 5,
      trainInteractions: 3,
      testInteractions: 5,
      actorsWithTestLikes: 2,
      actorsEvaluated: 2,
      sampled: false,
    });
  });

  it('gives the truth ranking itself truth_ndcg 1', async () => {
    const table = new TableRecommender(TABLE);
    const truth = (x: number, y: number): number => (TABLE as Record<number, Record<number, number>>)[x]?.[y] ?? 0;
    const { results } = await evaluate(data, mask, [table], {
      ks: [1, 2],
      seed: 1,
      maxActors: 100,
      candidates: 'all',
      truthRows: truthRows(truth),
    });
    expect(results[0].metrics['truth_ndcg@1']).toBeCloseTo(1, 12);
    expect(results[0].metrics['truth_ndcg@2']).toBeCloseTo(1, 12);
  });

  it('rejects a scorer that returns the wrong number of scores, and still disposes of every algorithm', async () => {
    const good = new TableRecommender(TABLE);
    const bad = new TableRecommender(TABLE);
    bad.scoreTargets = () => new Float32Array(1);
    await expect(
      evaluate(data, mask, [good, bad], { ks: [2], seed: 1, maxActors: 100, candidates: 'all' }),
    ).rejects.toThrow(/returned 1 scores for 3 targets/);
    expect(good.disposed && bad.disposed).toBe(true);
  });

  it('samples at most maxActors test actors, reproducibly, and says so', async () => {
    const run = async (seed: number) => {
      const alg = new TableRecommender(TABLE);
      const { summary } = await evaluate(data, mask, [alg], { ks: [2], seed, maxActors: 1, candidates: 'all' });
      return { summary, actors: [...alg.asked.keys()] };
    };
    const r1 = await run(3);
    expect(r1.summary).toMatchObject({ actorsWithTestLikes: 2, actorsEvaluated: 1, sampled: true });
    expect(r1.actors).toHaveLength(1);
    expect((await run(3)).actors).toEqual(r1.actors);
  });
});

const p = (over: Partial<Profile>): Profile => ({
  id: 0,
  age: 30,
  gender: 'female',
  gendersSought: ['male'],
  ageMin: 25,
  ageMax: 35,
  latitude: 40.7,
  longitude: -74,
  maxDistanceKm: 50,
  interests: [],
  createdAt: 0,
  isActive: true,
  ...over,
});

describe('evaluate with --candidates compatible', () => {
  it('drops only the targets that fail either side of the preferences', async () => {
    const man = p({ gender: 'male', gendersSought: ['female'] });
    // a is a woman seeking men; c is a man, d a woman, e has no profile (kept: nothing to check).
    const profiles = new Map<number, Profile>([
      [A, p({ id: A })],
      [C, { ...man, id: C }],
      [D, p({ id: D })],
    ]);
    const alg = new TableRecommender(TABLE);
    await evaluate({ ...data, profiles }, mask, [alg], { ks: [2], seed: 1, maxActors: 100, candidates: 'compatible' });
    expect(alg.asked.get(A)).toEqual([C, E]);
    expect(alg.asked.get(B)).toEqual([A, C, D, E]); // b has no profile
  });
});

describe('isMutuallyCompatible', () => {
  const man = p({ gender: 'male', gendersSought: ['female'] });
  it('needs both sides to accept gender, age and distance', () => {
    expect(isMutuallyCompatible(p({}), man)).toBe(true);
    expect(isMutuallyCompatible(p({ gendersSought: ['female'] }), man)).toBe(false);
    expect(isMutuallyCompatible(p({}), { ...man, age: 40 })).toBe(false);
    expect(isMutuallyCompatible(p({ age: 50 }), man)).toBe(false);
    expect(isMutuallyCompatible(p({}), { ...man, latitude: 42.4, longitude: -71 })).toBe(false); // ~300 km
    expect(
      isMutuallyCompatible(p({ maxDistanceKm: null }), { ...man, latitude: 42.4, longitude: -71, maxDistanceKm: null }),
    ).toBe(true);
  });
});
