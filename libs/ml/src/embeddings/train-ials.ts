/**
 * Implicit ALS (Hu, Koren and Volinsky 2008) solved by conjugate gradient (Takács, Pilászy and
 * Tikk 2011): the collaborative stage's default trainer.
 *
 * Every (actor, target) pair is evidence. An unobserved pair says "probably not" with confidence
 * 1; a like says "yes" with confidence 1 + alpha·w and a dislike or block "no" with confidence
 * 1 + alpha·w, w being its evidence weight (training-set.ts). Each half-step minimises the
 * weighted squared error over all pairs for one side given the other, which the Gram trick makes
 * cheap: (G + reg·I + Σ_obs alpha·w·y yᵀ) x = Σ_obs (1 + alpha·w)·label·y, with G = YᵀY over
 * every row. Instead of one d×d Cholesky per row, a few conjugate-gradient steps warm-started
 * from the previous x reach the same quality at a fraction of the cost (Takács et al.).
 *
 * The per-row work runs on plain typed arrays, not TensorFlow.js: it is a d x d product and a few
 * sparse dot products per row, and TensorFlow.js's wasm backend multiplies a (100k x 64)·(64 x 64)
 * matrix about ten times slower than a plain loop here; the Gram matrix, where it is faster, is
 * TensorFlow.js's (ials.bench.ts measures both).
 *
 * The result is an `EmbeddingModel` like the logistic trainer's: taste = x, appeal = y, and the
 * appeal bias holds a calibration (see `calibrate`), so serving, the ANN index and the ranker's
 * features read it unchanged.
 */
import { groupRows } from '../primitives/group-rows';
import { SeededRandom } from '../primitives/seeded-random';
import * as tf from '@tensorflow/tfjs';
import { initTf } from '../tf/backend';
import type { EmbeddingTrainingData } from './model';

export interface IalsTrainOptions {
  dim: number;
  /** Alternations (one half-step for each side). */
  iterations: number;
  /** Confidence of an observed pair is 1 + alpha·(its evidence weight). */
  alpha: number;
  /** L2 penalty on every vector. */
  reg: number;
  /** Conjugate-gradient steps per row and half-step. */
  cgSteps: number;
  seed: number;
  /** Standard deviation of the initial appeal entries (taste starts at zero and is solved first). */
  initScale: number;
  onIteration?: (iteration: number, seconds: number) => void;
}

/** The raw factors: score(u -> v) = taste(u)·appeal(v), row-major, `dim` floats per user. */
export interface IalsFactors {
  taste: Float32Array;
  appeal: Float32Array;
}

/** Observations of one side as a CSR matrix: row r's entries are start[r]..start[r+1). */
interface SideCsr {
  start: Int32Array;
  /** The other side's row of each entry. */
  cols: Int32Array;
  /** alpha·w: the confidence above the baseline 1 of every pair. */
  extra: Float32Array;
  /** (1 + alpha·w)·label: the entry's weight in the right-hand side. */
  rhs: Float32Array;
}

function sideCsr(n: number, rows: Int32Array, cols: Int32Array, data: EmbeddingTrainingData, alpha: number): SideCsr {
  const { start, order } = groupRows(n, rows);
  const out: SideCsr = {
    start,
    cols: new Int32Array(rows.length),
    extra: new Float32Array(rows.length),
    rhs: new Float32Array(rows.length),
  };
  order.forEach((i, p) => {
    const c = alpha * data.weights[i];
    out.cols[p] = cols[i];
    out.extra[p] = c;
    out.rhs[p] = (1 + c) * data.labels[i];
  });
  return out;
}

/**
 * Σ_r m_r m_rᵀ over the rows of row-major `m` (d x d; rows of zeros add nothing). TensorFlow.js
 * computes it: its transposed product beats a plain loop here (ials.bench.ts), where its plain
 * (rows x d)·(d x d) product, the CG's other dense work, does not. Call after initTf().
 */
export function gramMatrix(m: Float32Array, d: number): Float64Array {
  return Float64Array.from(
    tf.tidy(() => {
      const x = tf.tensor2d(m, [m.length / d, d]);
      return tf.matMul(x, x, true, false).dataSync();
    }),
  );
}

/** Per-row scratch of the CG, reused for every row so it stays in cache. */
interface CgScratch {
  r: Float64Array;
  p: Float64Array;
  ap: Float64Array;
  /** The row's neighbours' vectors, gathered once (they are read at every CG step) and their confidences. */
  ys: Float64Array;
  cs: Float64Array;
}

function scratch(d: number, maxEntries: number): CgScratch {
  return {
    r: new Float64Array(d),
    p: new Float64Array(d),
    ap: new Float64Array(d),
    ys: new Float64Array(maxEntries * d),
    cs: new Float64Array(maxEntries),
  };
}

function maxRowLength(side: SideCsr): number {
  let m = 0;
  for (let r = 0; r + 1 < side.start.length; r++) m = Math.max(m, side.start[r + 1] - side.start[r]);
  return m;
}

/**
 * ap = (G + Σ_obs extra·y yᵀ)·p for one row whose m observed neighbours' vectors are gathered in
 * `ys` (m x d, contiguous) with their confidences in `cs` (G already holds reg on its diagonal).
 */
function product(
  m: number,
  ys: Float64Array,
  cs: Float64Array,
  g: Float64Array,
  p: Float64Array,
  ap: Float64Array,
  d: number,
): void {
  // G is symmetric: read its rows, which are contiguous.
  for (let b = 0; b < d; b++) {
    const gb = b * d;
    let s = 0;
    for (let a = 0; a < d; a++) s += g[gb + a] * p[a];
    ap[b] = s;
  }
  for (let e = 0; e < m; e++) {
    const yo = e * d;
    let t = 0;
    for (let k = 0; k < d; k++) t += ys[yo + k] * p[k];
    t *= cs[e];
    for (let k = 0; k < d; k++) ap[k] += t * ys[yo + k];
  }
}

/**
 * Solves every row of `solve` that has observations for the fixed side, `cgSteps` CG steps from
 * its current value; rows without any become zero (the caller fills cold rows afterwards). Each
 * row is solved start to end before the next, so its vectors and its few neighbours' rows stay in
 * cache through all its steps.
 */
function halfStep(solve: Float32Array, fixed: Float32Array, side: SideCsr, o: IalsTrainOptions, w: CgScratch): void {
  const d = o.dim;
  const n = side.start.length - 1;
  const g = gramMatrix(fixed, d);
  for (let a = 0; a < d; a++) g[a * d + a] += o.reg;
  const { r, p, ap, ys, cs } = w;
  for (let u = 0; u < n; u++) {
    const xo = u * d;
    const from = side.start[u];
    const m = side.start[u + 1] - from;
    if (m === 0) {
      solve.fill(0, xo, xo + d);
      continue;
    }
    // Gather the neighbours; r starts as b = Σ_obs rhs·y.
    r.fill(0);
    for (let e = 0; e < m; e++) {
      const yo = side.cols[from + e] * d;
      const c = side.rhs[from + e];
      cs[e] = side.extra[from + e];
      for (let k = 0; k < d; k++) {
        const y = fixed[yo + k];
        ys[e * d + k] = y;
        r[k] += c * y;
      }
    }
    // r = b − A·x.
    for (let k = 0; k < d; k++) p[k] = solve[xo + k];
    product(m, ys, cs, g, p, ap, d);
    for (let k = 0; k < d; k++) r[k] -= ap[k];
    let rs = 0;
    for (let k = 0; k < d; k++) {
      p[k] = r[k];
      rs += r[k] * r[k];
    }
    for (let step = 0; step < o.cgSteps && rs > 1e-20; step++) {
      product(m, ys, cs, g, p, ap, d);
      let pap = 0;
      for (let k = 0; k < d; k++) pap += p[k] * ap[k];
      if (!(pap > 0)) break;
      const alpha = rs / pap;
      let next = 0;
      for (let k = 0; k < d; k++) {
        solve[xo + k] += alpha * p[k];
        r[k] -= alpha * ap[k];
        next += r[k] * r[k];
      }
      const beta = next / rs;
      for (let k = 0; k < d; k++) p[k] = r[k] + beta * p[k];
      rs = next;
    }
  }
}

/** Validates the options a caller may have set from configuration. */
function check(o: IalsTrainOptions): void {
  const ok =
    Number.isInteger(o.dim) &&
    o.dim >= 1 &&
    Number.isInteger(o.iterations) &&
    o.iterations >= 0 &&
    Number.isInteger(o.cgSteps) &&
    o.cgSteps >= 1 &&
    o.alpha >= 0 &&
    o.reg > 0;
  if (!ok)
    throw new Error(
      'ials options: dim and cgSteps must be positive integers, iterations an integer >= 0, alpha >= 0, reg > 0',
    );
}

/**
 * The taste (x) and appeal (y) factors, trained from `start` (a warm start: a previous model over
 * the same users) or from a seeded random appeal. Deterministic for given data and options. The data
 * holds one example per (actor, target) pair, as buildEmbeddingTrainingSet makes it: a repeated pair
 * would count its baseline confidence twice.
 */
export async function trainIals(
  data: EmbeddingTrainingData,
  o: IalsTrainOptions,
  start?: IalsFactors,
): Promise<IalsFactors> {
  check(o);
  const n = data.nUsers;
  for (let i = 0; i < data.actors.length; i++)
    if (!(data.actors[i] >= 0 && data.actors[i] < n && data.targets[i] >= 0 && data.targets[i] < n))
      throw new Error(`ials data: index out of range at example ${i}`);
  const d = o.dim;
  if (start && (start.taste.length !== n * d || start.appeal.length !== n * d))
    throw new Error('ials: the warm start has another shape than the data');
  await initTf();
  const byActor = sideCsr(n, data.actors, data.targets, data, o.alpha);
  const byTarget = sideCsr(n, data.targets, data.actors, data, o.alpha);
  const taste = start ? start.taste.slice() : new Float32Array(n * d);
  let appeal: Float32Array;
  if (start) appeal = start.appeal.slice();
  else {
    appeal = new Float32Array(n * d);
    const rng = new SeededRandom(o.seed, 0x1a15);
    // Only rows that are ever a target start non-zero: the others are no item and stay out of G.
    for (let v = 0; v < n; v++)
      if (byTarget.start[v + 1] > byTarget.start[v])
        for (let k = 0; k < d; k++) appeal[v * d + k] = rng.normal() * o.initScale;
  }
  const w = scratch(d, Math.max(maxRowLength(byActor), maxRowLength(byTarget)));
  for (let it = 1; it <= o.iterations; it++) {
    const t0 = performance.now();
    halfStep(taste, appeal, byActor, o, w);
    halfStep(appeal, taste, byTarget, o, w);
    o.onIteration?.(it, (performance.now() - t0) / 1000);
    // Yield between iterations so a long run inside a worker does not starve its event loop.
    await new Promise((res) => setImmediate(res));
  }
  return { taste, appeal };
}

/** The iALS objective (weighted squared error over every pair, plus L2), for tests: O(n²·d). */
export function ialsObjective(
  data: EmbeddingTrainingData,
  f: IalsFactors,
  o: Pick<IalsTrainOptions, 'dim' | 'alpha' | 'reg'>,
): number {
  const n = data.nUsers;
  const d = o.dim;
  const conf = new Map<number, [number, number]>();
  for (let i = 0; i < data.actors.length; i++)
    conf.set(data.actors[i] * n + data.targets[i], [1 + o.alpha * data.weights[i], data.labels[i]]);
  let loss = 0;
  for (let u = 0; u < n; u++)
    for (let v = 0; v < n; v++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += f.taste[u * d + k] * f.appeal[v * d + k];
      const [c, p] = conf.get(u * n + v) ?? [1, 0];
      loss += c * (p - s) * (p - s);
    }
  let l2 = 0;
  for (const x of f.taste) l2 += x * x;
  for (const y of f.appeal) l2 += y * y;
  return loss + o.reg * l2;
}
