import { SeededRandom } from '../primitives/seeded-random';
import { labelAuc } from './metrics';
import { predict } from './model';
import { rankerLabel, standardisation, trainRanker } from './train';

jest.setTimeout(30_000);

const NAMES = ['a', 'b', 'c', 'd'];

/** Rows of 4 features: N(0,1) for a, b, d; c is a constant column (std 0). */
function rows(n: number, seed: number): Float32Array[] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: n }, () =>
    Float32Array.from([rng.normal() * 2 + 1, rng.normal(), 7, rng.normal() * 0.5]),
  );
}

describe('trainRanker', () => {
  it('separates separable data: held-out AUC ~1', async () => {
    const vectors = rows(2000, 1);
    const labels = vectors.map((v) => (v[1] + 0.5 * v[3] > 0 ? 1 : 0));
    const { model, validation } = await trainRanker({ vectors, labels }, { featureNames: NAMES, epochs: 20, seed: 1 });
    expect(validation).not.toBeNull();
    expect(validation!.n).toBe(400);
    expect(validation!.auc).toBeGreaterThan(0.995);
    expect(model.metrics).toEqual(validation);
  });

  it('recovers the signs (and roughly the sizes) of a planted logistic model', async () => {
    const rng = new SeededRandom(9);
    const vectors = rows(6000, 2);
    // True model in original units: +1.5·a, -2·b, 0·d, intercept -0.5.
    const labels = vectors.map((v) => (rng.next() < 1 / (1 + Math.exp(-(1.5 * (v[0] - 1) - 2 * v[1] - 0.5))) ? 1 : 0));
    const { model, validation } = await trainRanker(
      { vectors, labels },
      { featureNames: NAMES, classWeights: null, l2: 0, epochs: 40, seed: 3 },
    );
    const perUnit = Array.from(model.weights, (w, j) => w / model.stds[j]);
    expect(perUnit[0]).toBeGreaterThan(0);
    expect(perUnit[1]).toBeLessThan(0);
    expect(perUnit[0]).toBeCloseTo(1.5, 0);
    expect(perUnit[1]).toBeCloseTo(-2, 0);
    expect(Math.abs(perUnit[3])).toBeLessThan(0.3);
    // The constant column gets std 1 and contributes nothing after centring.
    expect(model.stds[2]).toBe(1);
    expect(validation!.auc).toBeGreaterThan(0.8);
  });

  it('balances classes when asked: mean prediction moves from the base rate towards 1/2', async () => {
    const rng = new SeededRandom(4);
    const vectors = rows(3000, 5);
    const labels = vectors.map((v) => (rng.next() < 1 / (1 + Math.exp(-(v[1] - 2.5))) ? 1 : 0));
    const baseRate = labels.reduce((a: number, b) => a + b, 0) / labels.length;
    const mean = (p: Float32Array): number => Array.from(p).reduce((a, b) => a + b, 0) / p.length;
    const plain = await trainRanker(
      { vectors, labels },
      { featureNames: NAMES, classWeights: null, validationFraction: 0, epochs: 20, batchSize: 512, lr: 0.1 },
    );
    const balanced = await trainRanker(
      { vectors, labels },
      { featureNames: NAMES, classWeights: 'balanced', validationFraction: 0, epochs: 20, batchSize: 512, lr: 0.1 },
    );
    expect(baseRate).toBeLessThan(0.2);
    expect(Math.abs(mean(predict(plain.model, vectors)) - baseRate)).toBeLessThan(0.03);
    expect(mean(predict(balanced.model, vectors))).toBeGreaterThan(0.4);
    expect(plain.validation).toBeNull();
    // Reweighting shifts the intercept, not the ranking.
    expect(labelAuc(predict(balanced.model, vectors), labels)).toBeCloseTo(
      labelAuc(predict(plain.model, vectors), labels),
      2,
    );
  });

  it('is deterministic for a seed', async () => {
    const vectors = rows(500, 6);
    const labels = vectors.map((v) => (v[0] > 1 ? 1 : 0));
    const a = await trainRanker(
      { vectors, labels },
      { featureNames: NAMES, epochs: 3, seed: 8, validationSplit: 'random' },
    );
    const b = await trainRanker(
      { vectors, labels },
      { featureNames: NAMES, epochs: 3, seed: 8, validationSplit: 'random' },
    );
    expect(Array.from(a.model.weights)).toEqual(Array.from(b.model.weights));
    expect(a.model.bias).toBe(b.model.bias);
  });

  it('rejects rows of the wrong width and mismatched labels', async () => {
    await expect(
      trainRanker({ vectors: [Float32Array.from([1, 2])], labels: [1] }, { featureNames: NAMES }),
    ).rejects.toThrow(/expected 4/);
    await expect(trainRanker({ vectors: rows(3, 1), labels: [1, 0] }, { featureNames: NAMES })).rejects.toThrow(
      /3 vectors, 2 labels/,
    );
  });
});

describe('helpers', () => {
  it('labels likes and super likes 1, everything else 0', () => {
    expect((['like', 'super_like', 'dislike', 'block', 'impression'] as const).map(rankerLabel)).toEqual([
      1, 1, 0, 0, 0,
    ]);
  });

  it('standardises with population statistics over the chosen rows', () => {
    const { means, stds } = standardisation(
      [Float32Array.from([1, 5]), Float32Array.from([3, 5]), Float32Array.from([100, 100])],
      2,
      [0, 1],
    );
    expect(Array.from(means)).toEqual([2, 5]);
    expect(Array.from(stds)).toEqual([1, 1]);
  });
});
