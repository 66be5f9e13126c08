/**
 * Weighted, L2-regularised logistic regression solved exactly by Newton's method (iteratively
 * reweighted least squares) with a backtracking line search.
 *
 * Why not gradient descent in TensorFlow.js, as the ranker was first trained: with a few dozen
 * features the problem is small and smooth, and Newton reaches the optimum to 1e-6 in a handful
 * of full passes, the same optimum for the same data whatever the seed, batch order or row count.
 * Mini-batch Adam stopped wherever its epoch budget ran out: on a few thousand rows it made ~40
 * steps, and the model (and its AUC) depended on the sampling order. TensorFlow.js does the one
 * heavy product, Xᵀ·diag(s)·X, in its matMul kernel; it has no linear solver, so the
 * (features + 1)² system is solved here by Cholesky (ARCHITECTURE.md).
 */
import * as tf from '@tensorflow/tfjs';
import { initTf } from '../tf/backend';

const { exp, log1p, abs, max, sqrt, ceil } = Math;

/**
 * Rows the Hessian is computed on at most: an even stride through the rest. The Hessian only
 * shapes the step (the exact gradient decides where Newton stops, and the line search that it
 * descends), and 50,000 rows pin a few dozen curvatures well; on 300,000 rows the full product
 * cost about a second per iteration on these machines.
 */
const HESSIAN_ROWS = 50_000;

export interface LogisticProblem {
  /** Row-major n × f design matrix (already standardised). */
  x: Float32Array;
  n: number;
  f: number;
  /** 0/1 labels. */
  y: ArrayLike<number>;
  /** Per-row weights (class weights times sample weights); all 1 when absent. */
  w?: ArrayLike<number>;
}

export interface LogisticFit {
  weights: Float64Array;
  bias: number;
  iterations: number;
  /** Objective at the solution: weighted mean cross-entropy plus the penalty. */
  objective: number;
}

export interface LogisticOptions {
  /** Penalty l2·|weights|² (the bias is not penalised), added to the weighted MEAN loss. */
  l2: number;
  /** Start here (a neighbouring solution: the next value of a regularisation path). */
  start?: { weights: ArrayLike<number>; bias: number };
  maxIterations?: number;
  /** Stop when the largest gradient entry is below this. */
  tolerance?: number;
}

function softplus(z: number): number {
  return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z));
}

/** Logits of every row for (weights, bias), in float64. */
function logits(p: LogisticProblem, weights: Float64Array, bias: number, out: Float64Array): void {
  const { x, n, f } = p;
  for (let i = 0; i < n; i++) {
    let z = bias;
    const at = i * f;
    for (let j = 0; j < f; j++) z += weights[j] * x[at + j];
    out[i] = z;
  }
}

function objective(p: LogisticProblem, z: Float64Array, weights: Float64Array, l2: number, wSum: number): number {
  let s = 0;
  for (let i = 0; i < p.n; i++) s += (p.w ? p.w[i] : 1) * (softplus(z[i]) - (p.y[i] > 0.5 ? z[i] : 0));
  let pen = 0;
  for (let j = 0; j < p.f; j++) pen += weights[j] * weights[j];
  return s / wSum + l2 * pen;
}

/** Solves A·x = b for a symmetric positive definite A (k × k, row-major) by Cholesky, in place of b. */
export function choleskySolve(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j];
      for (let m = 0; m < j; m++) s -= l[i * k + m] * l[j * k + m];
      if (i === j) {
        if (!(s > 0)) throw new Error('choleskySolve: matrix is not positive definite');
        l[i * k + i] = sqrt(s);
      } else {
        l[i * k + j] = s / l[j * k + j];
      }
    }
  }
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let m = 0; m < i; m++) s -= l[i * k + m] * y[m];
    y[i] = s / l[i * k + i];
  }
  const out = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i];
    for (let m = i + 1; m < k; m++) s -= l[m * k + i] * out[m];
    out[i] = s / l[i * k + i];
  }
  return out;
}

/** The rows the Hessian is computed on: every `stride`-th. */
interface HessianRows {
  stride: number;
  m: number;
  /** Those rows with a column of ones (the bias) appended, as a tensor. */
  x1: tf.Tensor2D;
  /** Scratch: the same rows scaled by their curvature. */
  xs: Float32Array;
}

function hessianRows(p: LogisticProblem): HessianRows {
  const { n, f, x } = p;
  const k = f + 1;
  const stride = ceil(n / HESSIAN_ROWS);
  const m = ceil(n / stride);
  const out = new Float32Array(m * k);
  for (let r = 0; r < m; r++) {
    const i = r * stride;
    out.set(x.subarray(i * f, (i + 1) * f), r * k);
    out[r * k + f] = 1;
  }
  return { stride, m, x1: tf.tensor2d(out, [m, k]), xs: new Float32Array(m * k) };
}

/**
 * Xᵀ·diag(s)·X with a bias column appended, (f + 1)², over the Hessian rows (scaled up to all
 * rows), by TensorFlow.js: X·diag(s) is formed row by row and multiplied once by X. float32 sums
 * are fine here: the Hessian only sets the step, the float64 gradient sets where Newton stops.
 */
function hessian(p: LogisticProblem, s: Float64Array, h: HessianRows): Float64Array {
  const { f, x } = p;
  const k = f + 1;
  const { xs, stride, m } = h;
  for (let r = 0; r < m; r++) {
    const i = r * stride;
    const si = s[i] * stride;
    const at = i * f;
    for (let j = 0; j < f; j++) xs[r * k + j] = x[at + j] * si;
    xs[r * k + f] = si;
  }
  const out = tf.tidy(() => tf.matMul(h.x1, tf.tensor2d(xs, [m, k]), true, false).dataSync());
  return Float64Array.from(out);
}

/** Minimises the weighted mean cross-entropy plus l2·|w|²; deterministic for the same input. */
export async function fitLogistic(p: LogisticProblem, o: LogisticOptions): Promise<LogisticFit> {
  const { n, f } = p;
  if (n === 0) throw new Error('fitLogistic: no rows');
  if (p.x.length !== n * f) throw new Error(`fitLogistic: ${p.x.length} values for ${n} × ${f}`);
  const k = f + 1;
  const maxIterations = o.maxIterations ?? 50;
  const tolerance = o.tolerance ?? 1e-7;
  let wSum = 0;
  for (let i = 0; i < n; i++) wSum += p.w ? p.w[i] : 1;
  if (!(wSum > 0)) throw new Error('fitLogistic: the row weights sum to zero');
  let weights = Float64Array.from(o.start?.weights ?? new Float64Array(f));
  let bias = o.start?.bias ?? 0;
  const z = new Float64Array(n);
  const s = new Float64Array(n);
  const g = new Float64Array(k);
  await initTf();
  const rowsOfHessian = hessianRows(p);
  try {
    logits(p, weights, bias, z);
    let current = objective(p, z, weights, o.l2, wSum);
    let iterations = 0;
    for (; iterations < maxIterations; iterations++) {
      g.fill(0);
      for (let i = 0; i < n; i++) {
        const wi = p.w ? p.w[i] : 1;
        const pi = sigmoid(z[i]);
        const r = (wi * (pi - (p.y[i] > 0.5 ? 1 : 0))) / wSum;
        const at = i * f;
        for (let j = 0; j < f; j++) g[j] += r * p.x[at + j];
        g[f] += r;
        s[i] = (wi * pi * (1 - pi)) / wSum;
      }
      let largest = 0;
      for (let j = 0; j < f; j++) {
        g[j] += 2 * o.l2 * weights[j];
        largest = max(largest, abs(g[j]));
      }
      largest = max(largest, abs(g[f]));
      if (largest < tolerance) break;
      const h = hessian(p, s, rowsOfHessian);
      // The penalty's curvature, and a whisker on every diagonal entry so a constant column or a
      // separable slice still gives a solvable system (its step is then ~0 along that direction).
      for (let j = 0; j < f; j++) h[j * k + j] += 2 * o.l2 + 1e-9;
      h[f * k + f] += 1e-9;
      const step = choleskySolve(h, g, k);
      let decrease = 0;
      for (let j = 0; j < k; j++) decrease += g[j] * step[j];
      let t = 1;
      let accepted = false;
      for (let tries = 0; tries < 30; tries++, t /= 2) {
        const nextWeights = Float64Array.from(weights, (w, j) => w - t * step[j]);
        const nextBias = bias - t * step[f];
        logits(p, nextWeights, nextBias, z);
        const next = objective(p, z, nextWeights, o.l2, wSum);
        if (next <= current - 1e-4 * t * decrease) {
          weights = nextWeights;
          bias = nextBias;
          current = next;
          accepted = true;
          break;
        }
      }
      if (!accepted) {
        logits(p, weights, bias, z);
        break;
      }
    }
    return { weights, bias, iterations, objective: current };
  } finally {
    rowsOfHessian.x1.dispose();
  }
}
