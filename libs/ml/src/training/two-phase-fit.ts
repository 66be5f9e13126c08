/**
 * The held-out fit and the serving fit as one training run: the model is trained on the data
 * before the slice (that snapshot is what gets evaluated), then training goes on for a few passes
 * over all the data (that is what gets served). Refitting from scratch would cost a second full
 * training. iALS continues from its factors (each half-step re-solves given the other side, so one
 * pass takes the new swipes in); the logistic trainer continues with its Adagrad state, which
 * keeps the steps as small as they had become, so the extra epochs refine rather than disturb.
 */
import type { EmbeddingModel, EmbeddingTrainOptions } from '../embeddings/model';
import { DEFAULT_EMBEDDING_OPTIONS, fillColdRows, initialEmbeddings } from '../embeddings/model';
import {
  chooseIals,
  type CollaborativeChoice,
  type CollaborativeOptions,
  servingModel,
} from '../embeddings/collaborative';
import { trainIals } from '../embeddings/train-ials';
import { SeededRandom } from '../primitives/seeded-random';
import { buildEpoch, countPositives, NegativeSampler } from '../embeddings/sampling';
import { createTypedTrainer, typedEpoch, type TypedTrainerState } from '../embeddings/train-typed';
import type { EmbeddingTrainingSet } from '../embeddings/training-set';

export interface TwoPhaseOptions {
  collaborative: CollaborativeOptions;
  /** Passes (iterations or epochs) over all data after the pre-slice fit (0: serve the pre-slice model). */
  refitEpochs: number;
  /** After each pass; `loss` is the logistic trainer's epoch loss (iALS reports none). */
  onEpoch?: (phase: 'pre-slice' | 'refit', epoch: number, of: number, loss?: number) => void;
  /** Other progress lines (iALS's search trials). */
  onLine?: (message: string) => void;
}

/** The two models, and what iALS's search chose. */
export interface TwoPhaseResult {
  preSlice: EmbeddingModel;
  served: EmbeddingModel;
  choice: CollaborativeChoice;
}

function snapshot(model: EmbeddingModel): EmbeddingModel {
  return {
    dim: model.dim,
    taste: model.taste.slice(),
    appeal: model.appeal.slice(),
    appealBias: model.appealBias.slice(),
  };
}

async function epochs(
  state: TypedTrainerState,
  set: EmbeddingTrainingSet,
  o: EmbeddingTrainOptions,
  n: number,
  rng: SeededRandom,
  report: (epoch: number, loss: number) => void,
): Promise<void> {
  const sampler = new NegativeSampler(set.data, o.negativeSampling, o.popularityExponent);
  const positives = countPositives(set.data);
  for (let epoch = 1; epoch <= n; epoch++) {
    const ex = buildEpoch(set.data, positives, o, sampler, rng);
    const loss = typedEpoch(state, ex, o);
    report(epoch, loss / Math.max(ex.weightSum, 1e-12));
    // Yield between epochs so progress messages leave the thread.
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * Trains on `pre` (the data before the slice), snapshots the model, then continues on `all`.
 * Both sets must index users identically (build them with the same `userIds` first).
 */
export async function fitTwoPhase(
  pre: EmbeddingTrainingSet,
  all: EmbeddingTrainingSet,
  options: TwoPhaseOptions,
): Promise<TwoPhaseResult> {
  const n = pre.userIds.length;
  if (all.userIds.length < n || pre.userIds.some((id, i) => all.userIds[i] !== id))
    throw new Error('two-phase fit: the training sets index users differently');
  if (all.userIds.length !== n)
    throw new Error('two-phase fit: the full data has users the pre-slice data does not index');
  return options.collaborative.algorithm === 'ials'
    ? ialsTwoPhase(pre, all, options)
    : logisticTwoPhase(pre, all, options);
}

async function ialsTwoPhase(
  pre: EmbeddingTrainingSet,
  all: EmbeddingTrainingSet,
  options: TwoPhaseOptions,
): Promise<TwoPhaseResult> {
  const { train, choice, start } = await chooseIals(pre, options.collaborative, options.onLine);
  const o = { ...options.collaborative, ials: train };
  const f = await trainIals(
    pre.data,
    { ...train, onIteration: (it) => options.onEpoch?.('pre-slice', it, train.iterations) },
    start ?? undefined,
  );
  const preSlice = servingModel(pre, f, o);
  if (options.refitEpochs <= 0) return { preSlice, served: preSlice, choice };
  const g = await trainIals(
    all.data,
    {
      ...train,
      iterations: options.refitEpochs,
      onIteration: (it) => options.onEpoch?.('refit', it, options.refitEpochs),
    },
    f,
  );
  return { preSlice, served: servingModel(all, g, o), choice };
}

async function logisticTwoPhase(
  pre: EmbeddingTrainingSet,
  all: EmbeddingTrainingSet,
  options: TwoPhaseOptions,
): Promise<TwoPhaseResult> {
  const o: EmbeddingTrainOptions = { ...DEFAULT_EMBEDDING_OPTIONS, ...options.collaborative.logistic, engine: 'typed' };
  const n = pre.userIds.length;
  const rng = new SeededRandom(o.seed);
  const state = createTypedTrainer(initialEmbeddings(n, o.dim, o.initScale, rng));
  await epochs(state, pre, o, o.epochs, rng, (e, loss) => options.onEpoch?.('pre-slice', e, o.epochs, loss));
  const preSlice = fillColdRows(snapshot(state.model), pre.given, pre.received);
  preSlice.userIds = Float64Array.from(pre.userIds);
  const choice: CollaborativeChoice = { setting: null, trials: [] };
  if (options.refitEpochs <= 0) return { preSlice, served: preSlice, choice };
  await epochs(state, all, o, options.refitEpochs, rng, (e, loss) =>
    options.onEpoch?.('refit', e, options.refitEpochs, loss),
  );
  const served = fillColdRows(state.model, all.given, all.received);
  served.userIds = Float64Array.from(all.userIds);
  return { preSlice, served, choice };
}
