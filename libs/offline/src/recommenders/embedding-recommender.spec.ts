import type { TrainSet } from '../evaluation/recommender';
import type { Swipe } from '@app/ml/types';
import { meanRow, scorePair, sigmoid } from '@app/ml/embeddings/model';
import { plantedMarket } from '@app/ml/embeddings/planted';
import { EmbeddingRecommender } from './embedding-recommender';

jest.setTimeout(30_000);

const swipes: Swipe[] = plantedMarket({ nUsers: 120, swipesPerUser: 20, rank: 2, seed: 3 }).swipes;
// 500 and 501 never swiped and were never swiped on: cold users known to the split.
const train: TrainSet = {
  swipes,
  profiles: null,
  userIds: [...Array.from({ length: 120 }, (_, i) => i + 1), 500, 501],
  nowMs: 0,
};
const options = { collaborative: { ials: { dim: 8, iterations: 3, seed: 2 } } };

describe('EmbeddingRecommender', () => {
  let forward: EmbeddingRecommender;
  let reciprocal: EmbeddingRecommender;

  beforeAll(async () => {
    forward = new EmbeddingRecommender(options);
    reciprocal = new EmbeddingRecommender({ ...options, reciprocal: true });
    await forward.fit(train);
    await reciprocal.fit(train);
  });

  it('is named after its variant', () => {
    expect(forward.name).toBe('embeddings');
    expect(reciprocal.name).toBe('embeddings-reciprocal');
  });

  it('scores u->v as taste(u)·appeal(v) + bias(v), aligned with the targets', () => {
    const m = forward.trained;
    const ids = Array.from(m.userIds!);
    const scores = forward.scoreTargets(1, [2, 3, 4]);
    expect(scores).toHaveLength(3);
    [2, 3, 4].forEach((t, i) => expect(scores[i]).toBeCloseTo(scorePair(m, ids.indexOf(1), ids.indexOf(t)), 6));
  });

  it('combines both directions for the reciprocal variant (symmetric, a geometric mean)', () => {
    const m = reciprocal.trained;
    const ids = Array.from(m.userIds!);
    const [uv] = reciprocal.scoreTargets(5, [9]);
    const [vu] = reciprocal.scoreTargets(9, [5]);
    expect(uv).toBeCloseTo(vu, 6);
    const expected = Math.sqrt(
      sigmoid(scorePair(m, ids.indexOf(5), ids.indexOf(9))) * sigmoid(scorePair(m, ids.indexOf(9), ids.indexOf(5))),
    );
    expect(uv).toBeCloseTo(expected, 6);
    expect(uv).toBeGreaterThan(0);
    expect(uv).toBeLessThan(1);
  });

  it('gives cold users the mean taste of active users', () => {
    const m = forward.trained;
    const ids = Array.from(m.userIds!);
    const cold = ids.indexOf(500);
    const warmRows = Array.from({ length: 120 }, (_, i) => ids.indexOf(i + 1));
    const mean = meanRow(m.taste, m.dim, warmRows);
    for (let k = 0; k < m.dim; k++) expect(m.taste[cold * m.dim + k]).toBeCloseTo(mean[k], 6);
    // Two cold users therefore score every target identically.
    expect(Array.from(forward.scoreTargets(500, [1, 2, 3]))).toEqual(Array.from(forward.scoreTargets(501, [1, 2, 3])));
  });

  it('scores ids unseen at fit time without failing', () => {
    const scores = forward.scoreTargets(12345, [1, 67890]);
    expect(Number.isFinite(scores[0]) && Number.isFinite(scores[1])).toBe(true);
  });

  it('refuses to score before fit', () => {
    expect(() => new EmbeddingRecommender().scoreTargets(1, [2])).toThrow(/fit/);
  });
});
