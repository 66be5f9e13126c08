/**
 * The 'typed' engine: the same mini-batch Adagrad as the tfjs engine, on plain Float32Arrays.
 *
 * Per batch it accumulates each touched row's gradient (loss summed over the batch, L2 per
 * occurrence), then applies Adagrad to the touched rows only. That is exactly the dense update
 * tfjs performs, because Adagrad leaves a row with zero gradient unchanged (accumulator and
 * value), so the two engines compute the same thing; this one just skips the untouched rows.
 */
import type { EmbeddingModel, EmbeddingTrainOptions } from './model';
import type { EpochExamples } from './sampling';

// Math functions are bound once at module level: inside jest's vm context every lookup of a
// global such as `Math` in a hot loop costs ~100x more (measured), and in Node it is free anyway.
const { sqrt, min, exp, log1p } = Math;

/** tfjs's Adagrad defaults, copied so both engines share the update rule. */
export const ADAGRAD_INITIAL_ACCUMULATOR = 0.1;
export const ADAGRAD_EPSILON = 1e-7;

/**
 * Gradients of one batch, one compact slot per touched row (at most batchSize of each kind):
 * a batch-sized buffer stays in cache, where nUsers x dim gradient arrays would not at 100k users.
 */
interface BatchGradients {
  /** Row (user index) of each slot. */
  rows: Int32Array;
  grad: Float32Array;
  count: number;
}

/** Optimiser state and scratch buffers that live across epochs. */
export interface TypedTrainerState {
  model: EmbeddingModel;
  accTaste: Float32Array;
  accAppeal: Float32Array;
  accBias: Float32Array;
  /** Per user: the batch number that last touched it, and its slot in that batch. */
  stampTaste: Int32Array;
  stampAppeal: Int32Array;
  slotTaste: Int32Array;
  slotAppeal: Int32Array;
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
    stampTaste: new Int32Array(n).fill(-1),
    stampAppeal: new Int32Array(n).fill(-1),
    slotTaste: new Int32Array(n),
    slotAppeal: new Int32Array(n),
    batchNo: 0,
  };
}

function batchGradients(batchSize: number, width: number): BatchGradients {
  return { rows: new Int32Array(batchSize), grad: new Float32Array(batchSize * width), count: 0 };
}

/** Runs one epoch of mini-batches; returns Σ weight·logloss over its examples. */
export function typedEpoch(
  state: TypedTrainerState,
  ex: EpochExamples,
  options: Pick<EmbeddingTrainOptions, 'lr' | 'l2' | 'batchSize'>,
): number {
  const total = ex.actors.length;
  const d = state.model.dim;
  const taste = batchGradients(options.batchSize, d);
  const appeal = batchGradients(options.batchSize, d);
  const bias = new Float32Array(options.batchSize);
  let lossSum = 0;
  for (let start = 0; start < total; start += options.batchSize) {
    const end = min(total, start + options.batchSize);
    lossSum += typedBatch(state, ex, start, end, options, taste, appeal, bias);
  }
  return lossSum;
}

function typedBatch(
  s: TypedTrainerState,
  ex: EpochExamples,
  start: number,
  end: number,
  options: Pick<EmbeddingTrainOptions, 'lr' | 'l2'>,
  gT: BatchGradients,
  gA: BatchGradients,
  gB: Float32Array,
): number {
  const { taste, appeal, appealBias, dim: d } = s.model;
  // Everything the loops touch is held in locals: property loads inside inner loops are not
  // reliably hoisted by the JIT. (Most of the time, ~60% at 100k users, goes to the element-wise
  // sqrt and division of the Adagrad step below and its cache misses on the accumulators.)
  const { stampTaste, stampAppeal, slotTaste, slotAppeal } = s;
  const { actors, targets, labels, weights } = ex;
  const gradT = gT.grad;
  const gradA = gA.grad;
  const rowsT = gT.rows;
  const rowsA = gA.rows;
  const twoL2 = 2 * options.l2;
  const stamp = s.batchNo++;
  let nT = 0;
  let nA = 0;
  let loss = 0;
  // Gradients are taken at the parameters as they were before this batch (as tf does), so all
  // rows are updated only after the whole batch has been accumulated.
  for (let i = start; i < end; i++) {
    const u = actors[i];
    const v = targets[i];
    const uo = u * d;
    const vo = v * d;
    let z = appealBias[v];
    for (let k = 0; k < d; k++) z += taste[uo + k] * appeal[vo + k];
    const y = labels[i];
    const w = weights[i];
    // One exp serves both softplus(z) (the loss) and σ(z) (its derivative), stably for any z.
    const e = exp(-(z < 0 ? -z : z));
    loss += w * ((z > 0 ? z : 0) + log1p(e) - y * z);
    const g = w * ((z >= 0 ? 1 / (1 + e) : e / (1 + e)) - y);
    // A slot is zeroed when a row first appears in the batch, so buffers need no clearing after.
    if (stampTaste[u] !== stamp) {
      stampTaste[u] = stamp;
      slotTaste[u] = nT;
      gradT.fill(0, nT * d, (nT + 1) * d);
      rowsT[nT++] = u;
    }
    if (stampAppeal[v] !== stamp) {
      stampAppeal[v] = stamp;
      slotAppeal[v] = nA;
      gradA.fill(0, nA * d, (nA + 1) * d);
      gB[nA] = 0;
      rowsA[nA++] = v;
    }
    const to = slotTaste[u] * d;
    const sa = slotAppeal[v];
    const ao = sa * d;
    for (let k = 0; k < d; k++) {
      const t = taste[uo + k];
      const a = appeal[vo + k];
      gradT[to + k] += g * a + twoL2 * t;
      gradA[ao + k] += g * t + twoL2 * a;
    }
    gB[sa] += g + twoL2 * appealBias[v];
  }
  gT.count = nT;
  gA.count = nA;
  const lr = options.lr;
  for (let r = 0; r < gT.count; r++) adagradRow(taste, s.accTaste, gT.rows[r] * d, gT.grad, r * d, d, lr);
  for (let r = 0; r < gA.count; r++) {
    const v = gA.rows[r];
    adagradRow(appeal, s.accAppeal, v * d, gA.grad, r * d, d, lr);
    adagradRow(appealBias, s.accBias, v, gB, r, 1, lr);
  }
  return loss;
}

/** Adagrad on `len` entries of `value` from `offset`, with their gradient at `gradOffset`. */
function adagradRow(
  value: Float32Array,
  acc: Float32Array,
  offset: number,
  grad: Float32Array,
  gradOffset: number,
  len: number,
  lr: number,
): void {
  for (let k = 0; k < len; k++) {
    const g = grad[gradOffset + k];
    const a = acc[offset + k] + g * g;
    acc[offset + k] = a;
    value[offset + k] -= (lr * g) / sqrt(a + ADAGRAD_EPSILON);
  }
}
