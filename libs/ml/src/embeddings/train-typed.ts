/**
 * The 'typed' engine: the same mini-batch Adagrad as the tfjs engine, on plain Float32Arrays.
 *
 * Per batch it accumulates each touched row's gradient (loss summed over the batch, L2 per
 * occurrence), then applies Adagrad to the touched rows only. That is exactly the dense update
 * tfjs performs, because Adagrad leaves a row with zero gradient unchanged (accumulator and
 * value), so the two engines compute the same thing; this one just skips the untouched rows.
 */
import type { EmbeddingModel, EmbeddingTrainOptions } from './model';
import { sigmoid, softplus } from './model';
import type { EpochExamples } from './sampling';

// Math functions are bound once at module level: inside jest's vm context every lookup of a
// global such as `Math` in a hot loop costs ~100x more (measured), and in Node it is free anyway.
const { sqrt, min } = Math;

/** tfjs's Adagrad defaults, copied so both engines share the update rule. */
export const ADAGRAD_INITIAL_ACCUMULATOR = 0.1;
export const ADAGRAD_EPSILON = 1e-7;

/** Optimiser state and scratch buffers that live across epochs. */
export interface TypedTrainerState {
  model: EmbeddingModel;
  accTaste: Float32Array;
  accAppeal: Float32Array;
  accBias: Float32Array;
  gradTaste: Float32Array;
  gradAppeal: Float32Array;
  gradBias: Float32Array;
  /** Batch stamp per row: a row is "touched" in a batch when its stamp equals the batch number. */
  stampTaste: Int32Array;
  stampAppeal: Int32Array;
  batchNo: number;
}

/** Wraps an initialised model with fresh Adagrad accumulators. */
export function createTypedTrainer(model: EmbeddingModel): TypedTrainerState {
  const n = model.appealBias.length;
  const rows = n * model.dim;
  return {
    model,
    accTaste: new Float32Array(rows).fill(ADAGRAD_INITIAL_ACCUMULATOR),
    accAppeal: new Float32Array(rows).fill(ADAGRAD_INITIAL_ACCUMULATOR),
    accBias: new Float32Array(n).fill(ADAGRAD_INITIAL_ACCUMULATOR),
    gradTaste: new Float32Array(rows),
    gradAppeal: new Float32Array(rows),
    gradBias: new Float32Array(n),
    stampTaste: new Int32Array(n).fill(-1),
    stampAppeal: new Int32Array(n).fill(-1),
    batchNo: 0,
  };
}

/** Runs one epoch of mini-batches; returns Σ weight·logloss over its examples. */
export function typedEpoch(state: TypedTrainerState, ex: EpochExamples, options: Pick<EmbeddingTrainOptions, 'lr' | 'l2' | 'batchSize'>): number {
  const total = ex.actors.length;
  const touchedTaste = new Int32Array(options.batchSize);
  const touchedAppeal = new Int32Array(options.batchSize);
  let lossSum = 0;
  for (let start = 0; start < total; start += options.batchSize) {
    const end = min(total, start + options.batchSize);
    lossSum += typedBatch(state, ex, start, end, options, touchedTaste, touchedAppeal);
  }
  return lossSum;
}

function typedBatch(
  s: TypedTrainerState,
  ex: EpochExamples,
  start: number,
  end: number,
  options: Pick<EmbeddingTrainOptions, 'lr' | 'l2'>,
  touchedTaste: Int32Array,
  touchedAppeal: Int32Array,
): number {
  const { taste, appeal, appealBias, dim: d } = s.model;
  const { gradTaste, gradAppeal, gradBias } = s;
  const twoL2 = 2 * options.l2;
  const stamp = s.batchNo++;
  let nT = 0;
  let nA = 0;
  let loss = 0;
  // Gradients are taken at the parameters as they were before this batch (as tf does), so all
  // rows are updated only after the whole batch has been accumulated.
  for (let i = start; i < end; i++) {
    const u = ex.actors[i];
    const v = ex.targets[i];
    const uo = u * d;
    const vo = v * d;
    let z = appealBias[v];
    for (let k = 0; k < d; k++) z += taste[uo + k] * appeal[vo + k];
    const y = ex.labels[i];
    const w = ex.weights[i];
    loss += w * (softplus(z) - y * z);
    const g = w * (sigmoid(z) - y);
    if (s.stampTaste[u] !== stamp) {
      s.stampTaste[u] = stamp;
      touchedTaste[nT++] = u;
    }
    if (s.stampAppeal[v] !== stamp) {
      s.stampAppeal[v] = stamp;
      touchedAppeal[nA++] = v;
    }
    for (let k = 0; k < d; k++) {
      const t = taste[uo + k];
      const a = appeal[vo + k];
      gradTaste[uo + k] += g * a + twoL2 * t;
      gradAppeal[vo + k] += g * t + twoL2 * a;
    }
    gradBias[v] += g + twoL2 * appealBias[v];
  }
  const lr = options.lr;
  for (let r = 0; r < nT; r++) adagradRow(taste, s.accTaste, gradTaste, touchedTaste[r] * d, d, lr);
  for (let r = 0; r < nA; r++) {
    const v = touchedAppeal[r];
    adagradRow(appeal, s.accAppeal, gradAppeal, v * d, d, lr);
    adagradRow(appealBias, s.accBias, gradBias, v, 1, lr);
  }
  return loss;
}

/** Adagrad on `len` entries from `offset`, then clears their gradient for the next batch. */
function adagradRow(value: Float32Array, acc: Float32Array, grad: Float32Array, offset: number, len: number, lr: number): void {
  for (let k = offset; k < offset + len; k++) {
    const g = grad[k];
    const a = acc[k] + g * g;
    acc[k] = a;
    value[k] -= (lr * g) / sqrt(a + ADAGRAD_EPSILON);
    grad[k] = 0;
  }
}
