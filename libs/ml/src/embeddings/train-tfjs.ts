/**
 * The 'tfjs' engine: TensorFlow.js computes each batch's loss and gradients and its Adagrad
 * optimiser applies them.
 *
 * Gradients of the row lookups are written by hand: tf's automatic gradient of `gather` goes
 * through UnsortedSegmentSum, which took 410 s for one batch on cpu and does not exist on wasm
 * (DEPENDENCIES.md). Per example i with z = t_u·a_v + b_v and loss w·(softplus(z) - y·z):
 *   dL/dz = w·(σ(z) - y),  dL/dt_u = dL/dz·a_v + 2λ·t_u,  dL/da_v = dL/dz·t_u + 2λ·a_v,
 *   dL/db_v = dL/dz + 2λ·b_v,
 * and scatterND sums the rows of repeated indices into dense (nUsers x dim) gradients.
 */
import * as tf from '@tensorflow/tfjs';
import type { EmbeddingModel, EmbeddingTrainOptions } from './model';
import type { EpochExamples } from './sampling';
import { ADAGRAD_INITIAL_ACCUMULATOR } from './train-typed';

/** The three trainable tensors. */
export interface EmbeddingParams {
  taste: tf.Tensor2D;
  appeal: tf.Tensor2D;
  appealBias: tf.Tensor1D;
}

/** One batch: int32 indices and float32 labels and weights, all of length B. */
export interface EmbeddingBatch {
  actors: tf.Tensor1D;
  targets: tf.Tensor1D;
  labels: tf.Tensor1D;
  weights: tf.Tensor1D;
}

/** Dense gradients of the batch loss plus the loss itself. */
export interface EmbeddingGradients {
  taste: tf.Tensor2D;
  appeal: tf.Tensor2D;
  appealBias: tf.Tensor1D;
  loss: tf.Scalar;
}

/** Batch loss Σ w·logloss + λ·Σ(|t_u|² + |a_v|² + b_v²) via gather (the reference for the hand gradient). */
export function embeddingBatchLoss(p: EmbeddingParams, b: EmbeddingBatch, l2: number): tf.Scalar {
  return tf.tidy(() => {
    const t = tf.gather(p.taste, b.actors);
    const a = tf.gather(p.appeal, b.targets);
    const bias = tf.gather(p.appealBias, b.targets);
    const z = tf.add(tf.sum(tf.mul(t, a), 1), bias);
    const logloss = tf.sum(tf.mul(b.weights, tf.sub(tf.softplus(z), tf.mul(b.labels, z))));
    const reg = tf.addN([tf.sum(tf.square(t)), tf.sum(tf.square(a)), tf.sum(tf.square(bias))]);
    return tf.add(logloss, tf.mul(l2, reg)) as tf.Scalar;
  });
}

/**
 * Row lookup for the forward pass of the hand gradient. wasm's GatherV2 kernel walks generic
 * strides per element (~40 ms for 4096 x 64 rows here) while its GatherNd copies whole rows
 * (~2 ms); on cpu it is the other way round. No gradient flows through this, so either is fine.
 */
function lookupRows<T extends tf.Tensor>(table: T, indices: tf.Tensor1D, indexColumn: tf.Tensor2D): T {
  return (tf.getBackend() === 'wasm' ? tf.gatherND(table, indexColumn) : tf.gather(table, indices)) as T;
}

/** Hand-written gradients of `embeddingBatchLoss` w.r.t. the dense parameters, plus Σ w·logloss. */
export function embeddingHandGradients(p: EmbeddingParams, b: EmbeddingBatch, l2: number): EmbeddingGradients {
  return tf.tidy(() => {
    const [n, d] = p.taste.shape;
    const actorIdx = tf.expandDims(b.actors, 1) as tf.Tensor2D;
    const targetIdx = tf.expandDims(b.targets, 1) as tf.Tensor2D;
    const t = lookupRows(p.taste, b.actors, actorIdx);
    const a = lookupRows(p.appeal, b.targets, targetIdx);
    const bias = lookupRows(p.appealBias, b.targets, targetIdx);
    const z = tf.add(tf.sum(tf.mul(t, a), 1), bias);
    const dz = tf.mul(b.weights, tf.sub(tf.sigmoid(z), b.labels));
    const dzCol = tf.expandDims(dz, 1);
    const twoL2 = 2 * l2;
    const gT = tf.add(tf.mul(dzCol, a), tf.mul(twoL2, t));
    const gA = tf.add(tf.mul(dzCol, t), tf.mul(twoL2, a));
    const gB = tf.add(dz, tf.mul(twoL2, bias));
    const loss = tf.sum(tf.mul(b.weights, tf.sub(tf.softplus(z), tf.mul(b.labels, z))));
    return {
      taste: tf.scatterND(actorIdx, gT, [n, d]) as tf.Tensor2D,
      appeal: tf.scatterND(targetIdx, gA, [n, d]) as tf.Tensor2D,
      appealBias: tf.scatterND(targetIdx, gB, [n]) as tf.Tensor1D,
      loss: loss as tf.Scalar,
    };
  });
}

let trainerSerial = 0;

/** Variables and optimiser of one tfjs training run; `dispose` frees them. */
export class TfjsTrainer {
  private readonly vars: {
    taste: tf.Variable<tf.Rank.R2>;
    appeal: tf.Variable<tf.Rank.R2>;
    appealBias: tf.Variable<tf.Rank.R1>;
  };
  private readonly optimizer: tf.AdagradOptimizer;
  private readonly names: { taste: string; appeal: string; appealBias: string };

  constructor(init: EmbeddingModel, options: Pick<EmbeddingTrainOptions, 'lr'>) {
    const n = init.appealBias.length;
    const d = init.dim;
    // Variable names are global to the tf engine: a serial keeps concurrent runs apart.
    const id = `emb${++trainerSerial}`;
    this.names = { taste: `${id}/taste`, appeal: `${id}/appeal`, appealBias: `${id}/appealBias` };
    this.vars = {
      taste: tf.variable(tf.tensor2d(init.taste, [n, d]), true, this.names.taste),
      appeal: tf.variable(tf.tensor2d(init.appeal, [n, d]), true, this.names.appeal),
      appealBias: tf.variable(tf.tensor1d(init.appealBias), true, this.names.appealBias),
    };
    this.optimizer = tf.train.adagrad(options.lr, ADAGRAD_INITIAL_ACCUMULATOR);
  }

  /** Runs one epoch of mini-batches; returns Σ weight·logloss over its examples. */
  epoch(ex: EpochExamples, options: Pick<EmbeddingTrainOptions, 'l2' | 'batchSize'>): number {
    let lossSum = 0;
    const total = ex.actors.length;
    for (let start = 0; start < total; start += options.batchSize) {
      const end = Math.min(total, start + options.batchSize);
      const batch: EmbeddingBatch = {
        actors: tf.tensor1d(ex.actors.subarray(start, end), 'int32'),
        targets: tf.tensor1d(ex.targets.subarray(start, end), 'int32'),
        labels: tf.tensor1d(ex.labels.subarray(start, end)),
        weights: tf.tensor1d(ex.weights.subarray(start, end)),
      };
      const g = embeddingHandGradients(this.vars, batch, options.l2);
      // Always the same order: Adagrad keys its accumulators by position, not by name.
      this.optimizer.applyGradients([
        { name: this.names.taste, tensor: g.taste },
        { name: this.names.appeal, tensor: g.appeal },
        { name: this.names.appealBias, tensor: g.appealBias },
      ]);
      lossSum += g.loss.dataSync()[0];
      tf.dispose([g.taste, g.appeal, g.appealBias, g.loss, batch.actors, batch.targets, batch.labels, batch.weights]);
    }
    return lossSum;
  }

  /** Copies the current parameters out of tf into a plain model. */
  read(dim: number): EmbeddingModel {
    return {
      dim,
      taste: Float32Array.from(this.vars.taste.dataSync()),
      appeal: Float32Array.from(this.vars.appeal.dataSync()),
      appealBias: Float32Array.from(this.vars.appealBias.dataSync()),
    };
  }

  /** Frees the variables and the optimiser's accumulators. */
  dispose(): void {
    this.optimizer.dispose();
    tf.dispose([this.vars.taste, this.vars.appeal, this.vars.appealBias]);
  }
}
