/**
 * `trainEmbeddings`: weighted logistic loss with L2, mini-batch Adagrad, sampled negatives.
 * The two engines share initialisation, epoch construction and the update rule; only where the
 * arithmetic runs differs (TensorFlow.js tensors or plain typed arrays).
 */
import { initTf } from '../tf/backend';
import type { EmbeddingModel, EmbeddingTrainOptions, EmbeddingTrainingData } from './model';
import { DEFAULT_EMBEDDING_OPTIONS, initialEmbeddings } from './model';
import { SeededRandom } from '../primitives/seeded-random';
import { buildEpoch, countPositives, NegativeSampler } from './sampling';
import { TfjsTrainer } from './train-tfjs';
import { createTypedTrainer, typedEpoch } from './train-typed';

function validate(data: EmbeddingTrainingData, o: EmbeddingTrainOptions): void {
  const m = data.actors.length;
  if (data.targets.length !== m || data.labels.length !== m || data.weights.length !== m) {
    throw new Error('embedding training data: actors, targets, labels and weights must have the same length');
  }
  if (!(data.nUsers > 0)) throw new Error('embedding training data: nUsers must be positive');
  for (let i = 0; i < m; i++) {
    const u = data.actors[i];
    const v = data.targets[i];
    if (u < 0 || u >= data.nUsers || v < 0 || v >= data.nUsers)
      throw new Error(`embedding training data: index out of range at example ${i}`);
  }
  if (!(o.dim >= 1) || !(o.batchSize >= 1) || !(o.epochs >= 0) || !(o.negatives >= 0))
    throw new Error('embedding options: dim, batchSize, epochs and negatives must be positive');
  if (o.engine !== 'tfjs' && o.engine !== 'typed')
    throw new Error(`embedding options: unknown engine ${String(o.engine)}`);
}

/** Trains taste/appeal embeddings on dense indices; deterministic for a given seed and engine. */
export async function trainEmbeddings(
  data: EmbeddingTrainingData,
  options: Partial<EmbeddingTrainOptions> = {},
): Promise<EmbeddingModel> {
  const o: EmbeddingTrainOptions = { ...DEFAULT_EMBEDDING_OPTIONS, ...options };
  validate(data, o);
  const rng = new SeededRandom(o.seed);
  const model = initialEmbeddings(data.nUsers, o.dim, o.initScale, rng);
  const sampler = new NegativeSampler(data, o.negativeSampling, o.popularityExponent);
  const positives = countPositives(data);

  if (o.engine === 'typed') {
    const state = createTypedTrainer(model);
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const t0 = performance.now();
      const ex = buildEpoch(data, positives, o, sampler, rng);
      const lossSum = typedEpoch(state, ex, o);
      o.onEpoch?.({
        epoch,
        loss: lossSum / Math.max(ex.weightSum, 1e-12),
        seconds: (performance.now() - t0) / 1000,
        examples: ex.actors.length,
      });
      // Yield between epochs so a long run inside a worker does not starve its event loop.
      await new Promise((r) => setImmediate(r));
    }
    return state.model;
  }

  await initTf();
  const trainer = new TfjsTrainer(model, o);
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const t0 = performance.now();
      const ex = buildEpoch(data, positives, o, sampler, rng);
      const lossSum = trainer.epoch(ex, o);
      o.onEpoch?.({
        epoch,
        loss: lossSum / Math.max(ex.weightSum, 1e-12),
        seconds: (performance.now() - t0) / 1000,
        examples: ex.actors.length,
      });
      await new Promise((r) => setImmediate(r));
    }
    return trainer.read(o.dim);
  } finally {
    trainer.dispose();
  }
}
