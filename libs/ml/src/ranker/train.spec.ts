import { SeededRandom } from '../primitives/seeded-random';
import { calibrationError, labelAuc } from './metrics';
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

/** Labels drawn from a planted logistic model over `rows` (original units). */
function planted(vectors: Float32Array[], logit: (v: Float32Array) => number, seed: number): number[] {
  const rng = new SeededRandom(seed);
  return vectors.map((v) => (rng.next() < 1 / (1 + Math.exp(-logit(v))) ? 1 : 0));
}

const mean = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
/** One setting, so nothing is tuned and nothing calibrated: the plain maximum-likelihood fit. */
const PLAIN = { l2Grid: [0], classWeightings: ['none'] as const };

describe('trainRanker', () => {
  it('separates separable data: AUC ~1 on new rows', async () => {
    const rule = (v: Float32Array): number => (v[1] + 0.5 * v[3] > 0 ? 1 : 0);
    const vectors = rows(2000, 1);
    const { model } = await trainRanker({ vectors, labels: vectors.map(rule) }, { featureNames: NAMES });
    const fresh = rows(1000, 11);
    expect(labelAuc(predict(model, fresh), fresh.map(rule))).toBeGreaterThan(0.995);
  });

  it('recovers a planted logistic model (maximum likelihood, exactly solved)', async () => {
    const vectors = rows(20_000, 2);
    // True model in original units: +1.5·a, -2·b, 0·d, intercept -0.5 at a = 1.
    const labels = planted(vectors, (v) => 1.5 * (v[0] - 1) - 2 * v[1] - 0.5, 9);
    const { model, tuning } = await trainRanker({ vectors, labels }, { featureNames: NAMES, ...PLAIN });
    const perUnit = Array.from(model.weights, (w, j) => w / model.stds[j]);
    // Within sampling error of 20,000 rows (a standard error of about 0.03).
    expect(Math.abs(perUnit[0] - 1.5)).toBeLessThan(0.1);
    expect(Math.abs(perUnit[1] + 2)).toBeLessThan(0.1);
    expect(Math.abs(perUnit[3])).toBeLessThan(0.1);
    // The constant column gets std 1 and contributes nothing after centring.
    expect(model.stds[2]).toBe(1);
    expect(tuning).toMatchObject({ l2: 0, classWeighting: 'none', calibration: { a: 1, b: 0 }, tuneRows: 0 });
  });

  it('is calibrated: balanced class weights are undone by the Platt scaling learnt on the latest rows', async () => {
    const logit = (v: Float32Array): number => 1.2 * v[1] - 0.8 * v[3] - 2.2;
    const vectors = rows(20_000, 5);
    const labels = planted(vectors, logit, 4);
    const baseRate = mean(labels);
    expect(baseRate).toBeLessThan(0.2);
    const { model, tuning } = await trainRanker(
      { vectors, labels },
      { featureNames: NAMES, l2Grid: [0.01, 0.0001], classWeightings: ['balanced'] },
    );
    expect(tuning.classWeighting).toBe('balanced');
    expect(tuning.tuneRows).toBe(4000);
    // Unscaled, balanced weights would put the mean prediction near 1/2.
    const fresh = rows(20_000, 12);
    const freshLabels = planted(fresh, logit, 13);
    const p = predict(model, fresh);
    expect(Math.abs(mean(p) - mean(freshLabels))).toBeLessThan(0.015);
    expect(calibrationError(p, freshLabels)).toBeLessThan(0.02);
  });

  it('chooses a stronger penalty when few rows meet many useless features', async () => {
    const rng = new SeededRandom(21);
    const wide = Array.from({ length: 30 }, (_, j) => `f${j}`);
    const vectors = Array.from({ length: 300 }, () => Float32Array.from(wide, () => rng.normal()));
    const labels = planted(vectors, (v) => 0.8 * v[0], 22);
    const { tuning } = await trainRanker(
      { vectors, labels },
      { featureNames: wide, l2Grid: [1, 0.1, 0.01, 0.001, 0.0001], classWeightings: ['none'], minTuneRowsPerClass: 5 },
    );
    expect(tuning.l2).toBeGreaterThanOrEqual(0.01);
  });

  it('weighs only the features it is told to use (the bias-only model)', async () => {
    const vectors = rows(3000, 6);
    const labels = planted(vectors, (v) => v[0] - v[1], 7);
    const { model } = await trainRanker({ vectors, labels }, { featureNames: NAMES, useFeatures: ['a'], ...PLAIN });
    expect(model.weights[0]).toBeGreaterThan(0);
    expect([model.weights[1], model.weights[2], model.weights[3]]).toEqual([0, 0, 0]);
  });

  it('scores only swipes when tuning: impressions train but do not calibrate', async () => {
    const vectors = rows(4000, 14);
    const labels = planted(vectors, (v) => v[1], 15);
    // Every fourth row an unanswered impression (label 0): p_like is about swipes.
    const isSwipe = vectors.map((_, i) => (i % 4 === 3 ? 0 : 1));
    const withImpressions = labels.map((l, i) => (isSwipe[i] ? l : 0));
    const { tuning } = await trainRanker(
      { vectors, labels: withImpressions, isSwipe },
      { featureNames: NAMES, l2Grid: [0.01, 0.001] },
    );
    expect(tuning.tuneRows).toBe(600);
  });

  it('is deterministic: the same rows give the same model, bit for bit', async () => {
    const vectors = rows(3000, 6);
    const labels = planted(vectors, (v) => v[0] - 1 + v[3], 8);
    const a = await trainRanker({ vectors, labels }, { featureNames: NAMES });
    const b = await trainRanker({ vectors, labels }, { featureNames: NAMES });
    expect(Array.from(a.model.weights)).toEqual(Array.from(b.model.weights));
    expect(a.model.bias).toBe(b.model.bias);
    expect(a.tuning).toEqual(b.tuning);
  });

  it('rejects rows of the wrong width, mismatched labels and unknown features', async () => {
    await expect(
      trainRanker({ vectors: [Float32Array.from([1, 2])], labels: [1] }, { featureNames: NAMES }),
    ).rejects.toThrow(/expected 4/);
    await expect(trainRanker({ vectors: rows(3, 1), labels: [1, 0] }, { featureNames: NAMES })).rejects.toThrow(
      /3 vectors, 2 labels/,
    );
    await expect(
      trainRanker({ vectors: rows(3, 1), labels: [1, 0, 1] }, { featureNames: NAMES, useFeatures: ['zz'] }),
    ).rejects.toThrow(/useFeatures/);
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
