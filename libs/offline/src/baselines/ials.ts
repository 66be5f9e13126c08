/**
 * Reference implicit matrix factorisation: weighted ALS for implicit feedback (Hu, Koren and
 * Volinsky 2008, "iALS"), the model behind the usual "implicit MF" figures on MovieLens.
 *
 * Every unobserved (actor, target) pair is a negative with confidence 1, every observed positive
 * a positive with confidence 1 + alpha; each half-step solves all actor (then target) vectors
 * exactly, given the other side, by one d x d Cholesky per row. score(u, v) = x_u · y_v.
 *
 * It exists here only as a yardstick for the collaborative stage (libs/ml/src/embeddings): an
 * independent, well-known implicit MF with exact solves and likes only, trained on the same split
 * (the product's own iALS, train-ials.ts, uses conjugate gradient and learns from dislikes too).
 */
import type { OfflineRecommender, TrainSet } from '../evaluation/recommender';
import { IdIndex } from '../evaluation/id-index';
import { SeededRandom } from '@app/ml/primitives/seeded-random';
import { csr } from './itemknn';

export interface IalsOptions {
  dim: number;
  /** Confidence of an observed positive is 1 + alpha. */
  alpha: number;
  /** L2 penalty on every vector. */
  reg: number;
  iterations: number;
  seed: number;
}

/** alpha and reg as picked on MovieLens's validation split (--on validation, seed 42); see docs/evaluation.md. */
export const DEFAULT_IALS_OPTIONS: IalsOptions = { dim: 64, alpha: 3, reg: 30, iterations: 15, seed: 1 };

/** Rows of a CSR adjacency: for row r, cols[start[r]..start[r+1]). */
interface Csr {
  start: Int32Array;
  cols: Int32Array;
}

function adjacency(n: number, rows: number[], cols: number[]): Csr {
  const [start, out] = csr(n, rows, cols);
  return { start, cols: out };
}

/** Σ over `rows` of f f^T for the row-major d-vectors of `m` (upper triangle filled, then mirrored). */
function gram(m: Float64Array, d: number, rows: ArrayLike<number>): Float64Array {
  const g = new Float64Array(d * d);
  for (let r = 0; r < rows.length; r++) {
    const o = rows[r] * d;
    for (let a = 0; a < d; a++) {
      const va = m[o + a];
      if (va === 0) continue;
      for (let b = a; b < d; b++) g[a * d + b] += va * m[o + b];
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) g[a * d + b] = g[b * d + a];
  return g;
}

/** Solves A x = b in place for symmetric positive definite A (d x d, overwritten); x into `out`. */
export function choleskySolve(A: Float64Array, b: Float64Array, d: number, out: Float64Array, outOffset: number): void {
  for (let j = 0; j < d; j++) {
    let s = A[j * d + j];
    for (let k = 0; k < j; k++) s -= A[j * d + k] * A[j * d + k];
    const l = Math.sqrt(Math.max(s, 1e-12));
    A[j * d + j] = l;
    for (let i = j + 1; i < d; i++) {
      let t = A[i * d + j];
      for (let k = 0; k < j; k++) t -= A[i * d + k] * A[j * d + k];
      A[i * d + j] = t / l;
    }
  }
  const y = b; // forward then backward substitution, in place
  for (let i = 0; i < d; i++) {
    let t = y[i];
    for (let k = 0; k < i; k++) t -= A[i * d + k] * y[k];
    y[i] = t / A[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let t = y[i];
    for (let k = i + 1; k < d; k++) t -= A[k * d + i] * y[k];
    y[i] = t / A[i * d + i];
    out[outOffset + i] = y[i];
  }
}

/**
 * One half-step: every row of `solve` that has positives gets the exact minimiser given `fixed`.
 * x = (G + alpha Σ_{j∈P} y_j y_j^T + reg I)^-1 (1 + alpha) Σ_{j∈P} y_j, where G = Σ_all y y^T.
 */
function halfStep(
  solve: Float64Array,
  fixed: Float64Array,
  adj: Csr,
  fixedRows: ArrayLike<number>,
  d: number,
  o: IalsOptions,
): void {
  const G = gram(fixed, d, fixedRows);
  const A = new Float64Array(d * d);
  const b = new Float64Array(d);
  const n = adj.start.length - 1;
  for (let r = 0; r < n; r++) {
    const s = adj.start[r];
    const e = adj.start[r + 1];
    if (e === s) continue;
    A.set(G);
    for (let a = 0; a < d; a++) A[a * d + a] += o.reg;
    b.fill(0);
    for (let p = s; p < e; p++) {
      const yo = adj.cols[p] * d;
      for (let a = 0; a < d; a++) {
        const ya = fixed[yo + a];
        b[a] += (1 + o.alpha) * ya;
        const w = o.alpha * ya;
        for (let c = a; c < d; c++) A[a * d + c] += w * fixed[yo + c];
      }
    }
    for (let a = 0; a < d; a++) for (let c = 0; c < a; c++) A[a * d + c] = A[c * d + a];
    choleskySolve(A, b, d, solve, r * d);
  }
}

export class IalsRecommender implements OfflineRecommender {
  readonly name: string;
  private readonly o: IalsOptions;
  private index = new IdIndex([]);
  private x = new Float64Array(0);
  private y = new Float64Array(0);

  constructor(options: Partial<IalsOptions> = {}, name = 'ials') {
    this.o = { ...DEFAULT_IALS_OPTIONS, ...options };
    this.name = name;
  }

  /** Alternates exact solves for the actor and target vectors over the training positives. */
  async fit(train: TrainSet): Promise<void> {
    const { dim: d, seed } = this.o;
    this.index = new IdIndex(train.userIds);
    const n = train.userIds.length;
    const src: number[] = [];
    const dst: number[] = [];
    const seen = new Set<number>();
    for (const s of train.swipes) {
      if (s.type !== 'like' && s.type !== 'super_like') continue;
      const a = this.index.indexOf(s.actor);
      const t = this.index.indexOf(s.target);
      if (a < 0 || t < 0 || seen.has(a * n + t)) continue;
      seen.add(a * n + t);
      src.push(a);
      dst.push(t);
    }
    const byActor = adjacency(n, src, dst);
    const byTarget = adjacency(n, dst, src);
    const actors: number[] = [];
    const targets: number[] = [];
    for (let i = 0; i < n; i++) {
      if (byActor.start[i + 1] > byActor.start[i]) actors.push(i);
      if (byTarget.start[i + 1] > byTarget.start[i]) targets.push(i);
    }
    // Only rows with data are ever non-zero, so users never act as items in the Gram and back.
    const rng = new SeededRandom(seed);
    this.x = new Float64Array(n * d);
    this.y = new Float64Array(n * d);
    for (const t of targets) for (let k = 0; k < d; k++) this.y[t * d + k] = (rng.next() - 0.5) * 0.02;
    for (let it = 0; it < this.o.iterations; it++) {
      halfStep(this.x, this.y, byActor, targets, d, this.o);
      halfStep(this.y, this.x, byTarget, actors, d, this.o);
      await new Promise((r) => setImmediate(r));
    }
  }

  scoreTargets(actor: number, targets: ArrayLike<number>): Float32Array {
    const d = this.o.dim;
    const out = new Float32Array(targets.length);
    const a = this.index.indexOf(actor);
    if (a < 0) return out;
    const ao = a * d;
    for (let i = 0; i < targets.length; i++) {
      const t = this.index.indexOf(targets[i]);
      if (t < 0) continue;
      const to = t * d;
      let s = 0;
      for (let k = 0; k < d; k++) s += this.x[ao + k] * this.y[to + k];
      out[i] = s;
    }
    return out;
  }

  dispose(): void {
    this.x = this.y = new Float64Array(0);
  }
}
