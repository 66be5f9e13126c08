import { FEATURE_NAMES } from '../features/names';
import { evaluateRanker, labelAuc, logLoss } from './metrics';
import type { RankerModel } from './model';
import {
  deserializeRanker,
  predict,
  rankerContributionAt,
  rankerContributions,
  rankerLogits,
  serializeRanker,
} from './model';

const small: RankerModel = {
  featureNames: ['a', 'b'],
  means: Float32Array.from([1, 0]),
  stds: Float32Array.from([2, 1]),
  weights: Float32Array.from([2, -1]),
  bias: 0.5,
  metrics: null,
};

describe('predict (plain TypeScript)', () => {
  it('computes σ(bias + Σ w·(x - mean)/std) exactly', () => {
    // Row 1: 0.5 + 2·(3-1)/2 - 1·1 = 1.5; row 2: 0.5 + 2·(1-1)/2 - 1·(-0.5) = 1.
    expect(
      Array.from(
        rankerLogits(small, [
          [3, 1],
          [1, -0.5],
        ]),
      ),
    ).toEqual([1.5, 1]);
    const p = predict(small, [
      [3, 1],
      [1, -0.5],
    ]);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-1.5)), 6);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
  });

  it('accepts a flat row-major array and checks widths', () => {
    expect(Array.from(predict(small, Float32Array.from([3, 1, 1, -0.5])))).toEqual(
      Array.from(
        predict(small, [
          [3, 1],
          [1, -0.5],
        ]),
      ),
    );
    expect(() => predict(small, Float32Array.from([1, 2, 3]))).toThrow(/multiple of 2/);
    expect(() => predict(small, [[1, 2, 3]])).toThrow(/expected 2/);
  });

  it('explains a row by standardised contributions', () => {
    const c = rankerContributions(small, [3, 1]);
    expect(c.map((x) => [x.name, x.contribution])).toEqual([
      ['a', 2],
      ['b', -1],
    ]);
    // One at a time: the very same numbers.
    expect([rankerContributionAt(small, [3, 1], 0), rankerContributionAt(small, [3, 1], 1)]).toEqual([2, -1]);
    const odd: RankerModel = {
      ...small,
      means: Float32Array.from([0.1, -0.3]),
      stds: Float32Array.from([0.7, 1.3]),
      weights: Float32Array.from([0.37, -1.1]),
    };
    const all = rankerContributions(odd, [0.123, 4.56]);
    expect([0, 1].map((j) => rankerContributionAt(odd, [0.123, 4.56], j))).toEqual(
      ['a', 'b'].map((n) => all.find((x) => x.name === n)!.contribution),
    );
  });
});

describe('serializeRanker / deserializeRanker', () => {
  const full: RankerModel = {
    featureNames: [...FEATURE_NAMES],
    means: Float32Array.from(FEATURE_NAMES, (_, i) => i / 4),
    stds: Float32Array.from(FEATURE_NAMES, (_, i) => 1 + i / 8),
    weights: Float32Array.from(FEATURE_NAMES, (_, i) => (i % 3) - 1),
    bias: -0.25,
    metrics: { auc: 0.75, logLoss: 0.5, calibrationError: 0.02, n: 10, positives: 4 },
  };

  it('round-trips the model against the current feature list', () => {
    const back = deserializeRanker(serializeRanker(full));
    expect(back.featureNames).toEqual(full.featureNames);
    expect(Array.from(back.weights)).toEqual(Array.from(full.weights));
    expect(Array.from(back.means)).toEqual(Array.from(full.means));
    expect(Array.from(back.stds)).toEqual(Array.from(full.stds));
    expect(back.bias).toBe(-0.25);
    expect(back.metrics).toEqual(full.metrics);
  });

  it('stores its format, version and feature names in the JSON', () => {
    const json = JSON.parse(serializeRanker(full));
    expect(json.format).toBe('logistic-ranker');
    expect(json.version).toBe(2);
    expect(json.featureNames).toEqual([...FEATURE_NAMES]);
  });

  it('refuses a mismatched feature list, another version and broken arrays', () => {
    expect(() => deserializeRanker(serializeRanker(small))).toThrow(/another feature list/);
    const reordered = { ...full, featureNames: [FEATURE_NAMES[1], FEATURE_NAMES[0], ...FEATURE_NAMES.slice(2)] };
    expect(() => deserializeRanker(serializeRanker(reordered))).toThrow(/first difference at 0/);
    expect(deserializeRanker(serializeRanker(small), ['a', 'b']).bias).toBe(0.5);
    const json = JSON.parse(serializeRanker(small));
    expect(() => deserializeRanker(JSON.stringify({ ...json, version: 1 }), ['a', 'b'])).toThrow(/version 1/);
    expect(() => deserializeRanker(JSON.stringify({ ...json, weights: [1] }), ['a', 'b'])).toThrow(/weights/);
    expect(() => deserializeRanker(JSON.stringify({ ...json, stds: [0, 1] }), ['a', 'b'])).toThrow(/positive/);
    expect(() => deserializeRanker(JSON.stringify({ ...json, format: 'x' }), ['a', 'b'])).toThrow(/not a ranker/);
  });
});

describe('metrics', () => {
  it('computes log loss and AUC on known answers', () => {
    expect(logLoss([0.8, 0.2], [1, 0])).toBeCloseTo(-Math.log(0.8), 10);
    expect(logLoss([1, 0], [0, 1])).toBeCloseTo(-Math.log(1e-7), 6);
    // Positives 0.9, 0.4; negatives 0.5, 0.1: 3 of 4 pairs ordered right.
    expect(labelAuc([0.9, 0.5, 0.4, 0.1], [1, 0, 1, 0])).toBe(0.75);
  });

  it('evaluates a model on rows', () => {
    const m = evaluateRanker(
      small,
      [
        [3, 1],
        [1, -0.5],
        [-3, 2],
      ],
      [1, 1, 0],
    );
    expect(m.n).toBe(3);
    expect(m.positives).toBe(2);
    expect(m.auc).toBe(1);
    expect(m.logLoss).toBeGreaterThan(0);
  });
});
