/**
 * Training of the logistic-regression ranker with TensorFlow.js: one dense unit on standardised
 * features, weighted binary cross-entropy plus L2, Adam. The inputs are dense and narrow, so tf's
 * automatic gradients are fine here (unlike the embedding lookups).
 */
import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '../primitives/seeded-random';
import { FEATURE_NAMES } from '../features/names';
import { initTf } from '../tf/backend';
import type { SwipeType } from '@app/contracts';
import { isPositiveSwipe } from '@app/contracts';
import { evaluateRanker } from './metrics';
import type { FeatureRows, RankerMetrics, RankerModel } from './model';
import { rowReader } from './model';

/** Training rows: feature vectors (FEATURE_NAMES order unless told otherwise) and 0/1 labels. */
export interface RankerTrainingData {
  vectors: FeatureRows;
  labels: ArrayLike<number>;
  /** Optional per-row weights (e.g. recency), multiplied with the class weights. */
  sampleWeights?: ArrayLike<number>;
}

export interface RankerTrainOptions {
  featureNames: readonly string[];
  epochs: number;
  lr: number;
  /** Penalty λ·|w|² on the weights (not the bias), on the standardised scale. */
  l2: number;
  batchSize: number;
  /** 'balanced' weighs each class by n / (2·count); null trains unweighted. */
  classWeights: 'balanced' | { positive: number; negative: number } | null;
  /** Share of rows held out for the metrics (0 disables). */
  validationFraction: number;
  /** 'tail' holds out the last rows (pass rows in time order for an honest estimate); 'random' a seeded sample. */
  validationSplit: 'tail' | 'random';
  seed: number;
}

export const DEFAULT_RANKER_OPTIONS: RankerTrainOptions = {
  featureNames: FEATURE_NAMES,
  epochs: 30,
  lr: 0.05,
  l2: 1e-4,
  batchSize: 1024,
  classWeights: 'balanced',
  validationFraction: 0.2,
  validationSplit: 'tail',
  seed: 1,
};

/** The model and its held-out metrics (null when nothing was held out). */
export interface RankerTrainResult {
  model: RankerModel;
  validation: RankerMetrics | null;
}

/** Label of a training row: a like or super like is 1; a dislike, block or unanswered impression 0. */
export function rankerLabel(outcome: SwipeType | 'impression'): 0 | 1 {
  return outcome !== 'impression' && isPositiveSwipe(outcome) ? 1 : 0;
}

/** Column means and standard deviations; constant columns get std 1 so they simply drop out. */
export function standardisation(
  rows: FeatureRows,
  nFeatures: number,
  use: ArrayLike<number>,
): { means: Float32Array; stds: Float32Array } {
  const { at } = rowReader(rows, nFeatures);
  const sum = new Float64Array(nFeatures);
  const sq = new Float64Array(nFeatures);
  for (let i = 0; i < use.length; i++) {
    for (let j = 0; j < nFeatures; j++) {
      const v = at(use[i], j);
      sum[j] += v;
      sq[j] += v * v;
    }
  }
  const n = Math.max(1, use.length);
  const means = new Float32Array(nFeatures);
  const stds = new Float32Array(nFeatures);
  for (let j = 0; j < nFeatures; j++) {
    const m = sum[j] / n;
    const sd = Math.sqrt(Math.max(0, sq[j] / n - m * m));
    means[j] = m;
    stds[j] = sd > 1e-6 ? sd : 1;
  }
  return { means, stds };
}

function splitRows(n: number, o: RankerTrainOptions, rng: SeededRandom): { train: Int32Array; valid: Int32Array } {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (o.validationSplit === 'random') rng.shuffle(order);
  const nValid = Math.floor(n * Math.min(Math.max(o.validationFraction, 0), 0.9));
  // Sorting keeps a random hold-out in the caller's order; 'tail' is already ordered.
  return { train: order.slice(0, n - nValid).sort(), valid: order.slice(n - nValid).sort() };
}

function classWeightsOf(
  labels: ArrayLike<number>,
  rows: Int32Array,
  o: RankerTrainOptions,
): { positive: number; negative: number } {
  if (o.classWeights === null) return { positive: 1, negative: 1 };
  if (o.classWeights !== 'balanced') return o.classWeights;
  let pos = 0;
  for (const r of rows) if (labels[r] > 0.5) pos++;
  const neg = rows.length - pos;
  if (pos === 0 || neg === 0) return { positive: 1, negative: 1 };
  return { positive: rows.length / (2 * pos), negative: rows.length / (2 * neg) };
}

/** Trains the ranker with TensorFlow.js and evaluates it on the held-out slice; deterministic for a seed. */
export async function trainRanker(
  data: RankerTrainingData,
  options: Partial<RankerTrainOptions> = {},
): Promise<RankerTrainResult> {
  const o: RankerTrainOptions = { ...DEFAULT_RANKER_OPTIONS, ...options };
  const f = o.featureNames.length;
  const { n, at } = rowReader(data.vectors, f);
  if (data.labels.length !== n) throw new Error(`trainRanker: ${n} vectors, ${data.labels.length} labels`);
  if (data.sampleWeights && data.sampleWeights.length !== n)
    throw new Error('trainRanker: sampleWeights must match the rows');
  const rng = new SeededRandom(o.seed);
  const { train, valid } = splitRows(n, o, rng);
  if (train.length === 0) throw new Error('trainRanker: no training rows');
  const { means, stds } = standardisation(data.vectors, f, train);
  const cw = classWeightsOf(data.labels, train, o);

  // Standardised design matrix, labels and weights of the training rows, in plain arrays; each
  // epoch permutes them here and feeds contiguous slices to tf.
  const m = train.length;
  const x = new Float32Array(m * f);
  const y = new Float32Array(m);
  const w = new Float32Array(m);
  for (let i = 0; i < m; i++) {
    const r = train[i];
    for (let j = 0; j < f; j++) x[i * f + j] = (at(r, j) - means[j]) / stds[j];
    y[i] = data.labels[r] > 0.5 ? 1 : 0;
    w[i] = (y[i] ? cw.positive : cw.negative) * (data.sampleWeights ? data.sampleWeights[r] : 1);
  }

  await initTf();
  const kernel = tf.variable(tf.zeros([f, 1]), true);
  const bias = tf.variable(tf.zeros([1]), true);
  const optimizer = tf.train.adam(o.lr);
  const px = new Float32Array(m * f);
  const py = new Float32Array(m);
  const pw = new Float32Array(m);
  const order = Int32Array.from({ length: m }, (_, i) => i);
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      rng.shuffle(order);
      for (let i = 0; i < m; i++) {
        const r = order[i];
        px.set(x.subarray(r * f, (r + 1) * f), i * f);
        py[i] = y[r];
        pw[i] = w[r];
      }
      for (let s = 0; s < m; s += o.batchSize) {
        const e = Math.min(m, s + o.batchSize);
        tf.tidy(() => {
          const bx = tf.tensor2d(px.subarray(s * f, e * f), [e - s, f]);
          const by = tf.tensor1d(py.subarray(s, e));
          const bw = tf.tensor1d(pw.subarray(s, e));
          optimizer.minimize(
            () => {
              const z = tf.reshape(tf.add(tf.matMul(bx, kernel), bias), [e - s]);
              // softplus(z) - y·z is the cross-entropy of σ(z), stable for large |z|.
              const ce = tf.sub(tf.softplus(z), tf.mul(by, z));
              const data = tf.div(tf.sum(tf.mul(bw, ce)), tf.sum(bw));
              return tf.add(data, tf.mul(o.l2, tf.sum(tf.square(kernel)))) as tf.Scalar;
            },
            false,
            [kernel, bias],
          );
        });
      }
    }
    const model: RankerModel = {
      featureNames: [...o.featureNames],
      means,
      stds,
      weights: Float32Array.from(kernel.dataSync()),
      bias: bias.dataSync()[0],
      metrics: null,
    };
    const validation =
      valid.length > 0
        ? evaluateRanker(
            model,
            Array.from(valid, (r) => Float32Array.from({ length: f }, (_, j) => at(r, j))),
            Array.from(valid, (r) => data.labels[r]),
          )
        : null;
    model.metrics = validation;
    return { model, validation };
  } finally {
    optimizer.dispose();
    tf.dispose([kernel, bias]);
  }
}
