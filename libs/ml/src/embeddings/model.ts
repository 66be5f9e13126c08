/**
 * The two-tower "taste/appeal" factorisation: score(u -> v) = taste(u)·appeal(v) + appealBias(v).
 * Taste says whom u likes, appeal says who likes v; keeping them apart (instead of one vector per
 * user) is what lets the model be asymmetric, as attraction is, and gives reciprocity both ways.
 */
import { SeededRandom } from '../primitives/seeded-random';

// Math functions are bound once at module level: inside jest's vm context every lookup of a
// global such as `Math` in a hot loop costs ~100x more (measured), and in Node it is free anyway.
const { exp, log1p } = Math;

/** Learned vectors on dense user indices 0..nUsers-1 (row-major, `dim` floats per user). */
export interface EmbeddingModel {
  dim: number;
  taste: Float32Array;
  appeal: Float32Array;
  appealBias: Float32Array;
  /** External user id of each dense index, when the model was built from user ids. */
  userIds?: Float64Array;
}

/** Training examples on dense indices; `labels` are 1 (interest) or 0, `weights` scale the loss. */
export interface EmbeddingTrainingData {
  nUsers: number;
  actors: Int32Array;
  targets: Int32Array;
  labels: Float32Array;
  weights: Float32Array;
}

export type EmbeddingEngine = 'tfjs' | 'typed';

/** What `onEpoch` receives after every epoch. */
export interface EpochReport {
  epoch: number;
  /** Weighted mean log loss of the epoch's examples (sampled negatives included, L2 excluded). */
  loss: number;
  seconds: number;
  examples: number;
}

export interface EmbeddingTrainOptions {
  dim: number;
  epochs: number;
  /** Adagrad learning rate. */
  lr: number;
  /** L2 penalty per occurrence of a row in a batch (taste, appeal and bias alike). */
  l2: number;
  /** Random negative targets sampled per positive example, fresh every epoch. */
  negatives: number;
  seed: number;
  engine: EmbeddingEngine;
  batchSize: number;
  /** Loss weight of a sampled negative. */
  negativeWeight: number;
  /** 'popularity' samples targets in proportion to (positives received + 1)^popularityExponent. */
  negativeSampling: 'uniform' | 'popularity';
  popularityExponent: number;
  /** Standard deviation of the initial vector entries. */
  initScale: number;
  onEpoch?: (report: EpochReport) => void;
}

/**
 * Defaults. The engine is 'typed', not 'tfjs', for speed alone: on the same batches and the same
 * Adagrad maths both reach the same loss (engines.spec.ts), but tfjs applies the optimiser to
 * the dense (nUsers x dim) gradient of every batch, so its cost per batch grows with the number
 * of users. Measured CPU per batch of 4096 at dim 64 on wasm (embeddings.bench.ts scale):
 * 5k users 17 ms vs 12 ms typed, 20k 25 vs 14, 100k 103 vs 17 (6x). The tfjs engine stays
 * selectable and tested; reconsider the default where tfjs-node is installed.
 */
export const DEFAULT_EMBEDDING_OPTIONS: Omit<EmbeddingTrainOptions, 'onEpoch'> = {
  dim: 64,
  // lr, l2 and negativeWeight were tuned on the planted problem of quality.spec.ts (about 40
  // swipes per user, as in the synthetic market): less L2 or heavier sampled negatives overfit.
  epochs: 10,
  lr: 0.1,
  l2: 0.02,
  negatives: 4,
  seed: 1,
  engine: 'typed',
  batchSize: 4096,
  negativeWeight: 0.25,
  negativeSampling: 'uniform',
  popularityExponent: 0.75,
  initScale: 0.1,
};

/** Seeded random initialisation (shared by both engines so they start from the same point). */
export function initialEmbeddings(nUsers: number, dim: number, scale: number, rng: SeededRandom): EmbeddingModel {
  const taste = new Float32Array(nUsers * dim);
  const appeal = new Float32Array(nUsers * dim);
  for (let i = 0; i < taste.length; i++) taste[i] = rng.normal() * scale;
  for (let i = 0; i < appeal.length; i++) appeal[i] = rng.normal() * scale;
  return { dim, taste, appeal, appealBias: new Float32Array(nUsers) };
}

/**
 * Erases one user's row in place (a deleted user): taste, appeal and bias zeroed, and their id
 * replaced by 0, which is no user's (ids start at 1). The row stays, so the other rows keep
 * their indices; whoever maps ids to rows drops the id from that map.
 */
export function eraseRow(model: EmbeddingModel, row: number): void {
  const d = model.dim;
  model.taste.fill(0, row * d, (row + 1) * d);
  model.appeal.fill(0, row * d, (row + 1) * d);
  model.appealBias[row] = 0;
  if (model.userIds) model.userIds[row] = 0;
}

/** The model without the rows of `ids` (erased users): a new model; the same one when it holds none of them. */
export function withoutUsers(model: EmbeddingModel, ids: ReadonlySet<number>): EmbeddingModel {
  const userIds = model.userIds;
  if (!userIds) throw new Error('embedding model has no user ids: cannot find users in it');
  const keep: number[] = [];
  for (let i = 0; i < userIds.length; i++) if (!ids.has(userIds[i])) keep.push(i);
  if (keep.length === userIds.length) return model;
  const d = model.dim;
  const out: EmbeddingModel = {
    dim: d,
    taste: new Float32Array(keep.length * d),
    appeal: new Float32Array(keep.length * d),
    appealBias: new Float32Array(keep.length),
    userIds: new Float64Array(keep.length),
  };
  keep.forEach((row, i) => {
    out.taste.set(model.taste.subarray(row * d, (row + 1) * d), i * d);
    out.appeal.set(model.appeal.subarray(row * d, (row + 1) * d), i * d);
    out.appealBias[i] = model.appealBias[row];
    out.userIds![i] = userIds[row];
  });
  return out;
}

/** Number of users (dense indices) the model covers. */
export function embeddingUserCount(model: EmbeddingModel): number {
  return model.appealBias.length;
}

/** The raw score (a logit) of u -> v: taste(u)·appeal(v) + appealBias(v). */
export function scorePair(model: EmbeddingModel, u: number, v: number): number {
  return dotWith(model, model.taste, u * model.dim, v);
}

/** taste·appeal(v) + bias(v) for an explicit taste vector (e.g. a cold user's mean taste). */
export function scoreWithTaste(model: EmbeddingModel, taste: ArrayLike<number>, v: number): number {
  return dotWith(model, taste, 0, v);
}

function dotWith(model: EmbeddingModel, taste: ArrayLike<number>, offset: number, v: number): number {
  const d = model.dim;
  const a = model.appeal;
  const vo = v * d;
  let s = model.appealBias[v];
  for (let k = 0; k < d; k++) s += taste[offset + k] * a[vo + k];
  return s;
}

/** Mean of the selected rows of a row-major matrix (all rows when `rows` is omitted). */
export function meanRow(matrix: Float32Array, dim: number, rows?: ArrayLike<number>): Float32Array {
  const out = new Float32Array(dim);
  const n = rows ? rows.length : matrix.length / dim;
  if (n === 0) return out;
  for (let r = 0; r < n; r++) {
    const o = (rows ? rows[r] : r) * dim;
    for (let k = 0; k < dim; k++) out[k] += matrix[o + k];
  }
  for (let k = 0; k < dim; k++) out[k] /= n;
  return out;
}

/**
 * Replaces the rows of users the data says nothing about: taste of users who never swiped by the
 * mean taste, appeal and bias of users never swiped on by the mean appeal and bias. Their trained
 * rows hold only initial noise (or the push-down of sampled negatives), which is worse than the
 * population average as a first guess. Returns the model, changed in place.
 */
export function fillColdRows(
  model: EmbeddingModel,
  swipesGiven: ArrayLike<number>,
  swipesReceived: ArrayLike<number>,
): EmbeddingModel {
  const d = model.dim;
  const n = embeddingUserCount(model);
  const warmActors: number[] = [];
  const warmTargets: number[] = [];
  for (let i = 0; i < n; i++) {
    if (swipesGiven[i] > 0) warmActors.push(i);
    if (swipesReceived[i] > 0) warmTargets.push(i);
  }
  const meanTaste = meanRow(model.taste, d, warmActors);
  const meanAppeal = meanRow(model.appeal, d, warmTargets);
  let meanBias = 0;
  for (const i of warmTargets) meanBias += model.appealBias[i];
  meanBias = warmTargets.length ? meanBias / warmTargets.length : 0;
  for (let i = 0; i < n; i++) {
    if (!(swipesGiven[i] > 0)) model.taste.set(meanTaste, i * d);
    if (!(swipesReceived[i] > 0)) {
      model.appeal.set(meanAppeal, i * d);
      model.appealBias[i] = meanBias;
    }
  }
  return model;
}

/** Logistic function, written to stay finite for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + exp(-x));
  const e = exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x));
}
