import { SeededRandom } from '../primitives/seeded-random';
import { choleskySolve, fitLogistic } from './logistic';

jest.setTimeout(30_000);

describe('choleskySolve', () => {
  it('solves a symmetric positive definite system', () => {
    // A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]], x = [1, -2, 3] -> b = A·x.
    const a = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    const b = Float64Array.from([0, -5, 7]);
    expect(Array.from(choleskySolve(a, b, 3)).map((v) => Number(v.toFixed(10)))).toEqual([1, -2, 3]);
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => choleskySolve(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2)).toThrow(
      /not positive definite/,
    );
  });
});

describe('fitLogistic', () => {
  const rng = new SeededRandom(3);
  const n = 5000;
  const f = 3;
  const x = Float32Array.from({ length: n * f }, () => rng.normal());
  const y = Array.from({ length: n }, (_, i) => {
    const z = 0.3 + 1.1 * x[i * f] - 0.7 * x[i * f + 1];
    return rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  });
  const w = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 2 : 1));

  /** Weighted mean cross-entropy plus the penalty, in plain float64. */
  function objective(weights: number[], bias: number, l2: number): number {
    let s = 0;
    let ws = 0;
    for (let i = 0; i < n; i++) {
      let z = bias;
      for (let j = 0; j < f; j++) z += weights[j] * x[i * f + j];
      s += w[i] * (Math.log1p(Math.exp(-Math.abs(z))) + Math.max(z, 0) - y[i] * z);
      ws += w[i];
    }
    return s / ws + l2 * weights.reduce((a, v) => a + v * v, 0);
  }

  it('reaches the optimum in a few Newton steps: every small move is worse', async () => {
    const l2 = 0.01;
    const fit = await fitLogistic({ x, n, f, y, w }, { l2 });
    expect(fit.iterations).toBeLessThan(10);
    const best = objective(Array.from(fit.weights), fit.bias, l2);
    expect(best).toBeCloseTo(fit.objective, 6);
    for (let j = 0; j <= f; j++)
      for (const h of [1e-3, -1e-3]) {
        const weights = Array.from(fit.weights);
        let bias = fit.bias;
        if (j < f) weights[j] += h;
        else bias += h;
        expect(objective(weights, bias, l2)).toBeGreaterThan(best);
      }
  });

  it('shrinks the weights (not the bias) as the penalty grows, and warm starts land on the same optimum', async () => {
    const loose = await fitLogistic({ x, n, f, y }, { l2: 0 });
    const tight = await fitLogistic({ x, n, f, y }, { l2: 1 });
    const norm = (v: Float64Array): number => Math.hypot(...v);
    expect(norm(tight.weights)).toBeLessThan(norm(loose.weights) / 2);
    const warm = await fitLogistic({ x, n, f, y }, { l2: 0, start: tight });
    Array.from(warm.weights).forEach((v, j) => expect(v).toBeCloseTo(loose.weights[j], 5));
    expect(warm.bias).toBeCloseTo(loose.bias, 5);
  });
});
