/**
 * The training pipeline on data already in memory (the trainer loads it from PostgreSQL):
 * embeddings fitted on the data before the held-out slice and evaluated on it, continued over all
 * data for serving, and the ranker trained on the slice's rows with the pre-slice embeddings.
 * No database, no Nest: unit-testable, and the benchmark can run it directly.
 */
import type { EmbeddingModel, EmbeddingTrainOptions } from '../embeddings/model';
import type { EmbeddingTrainingSet } from '../embeddings/training-set';
import { buildEmbeddingTrainingSet } from '../embeddings/training-set';
import { FEATURE_COUNT, FEATURE_NAMES } from '../features/names';
import { evaluateRanker } from '../ranker/metrics';
import type { RankerMetrics, RankerModel } from '../ranker/model';
import { trainRanker } from '../ranker/train';
import type { Profile, Swipe } from '../types';
import type { EmbeddingEvalMetrics, EmbeddingEvalSet } from './embedding-eval';
import { buildEmbeddingEvalSet, embeddingScorer, evaluateEmbeddingScorer } from './embedding-eval';
import type { HoldoutPlan } from './holdout';
import { planHoldout, upperBound } from './holdout';
import type { TimedImpression } from './ranker-set';
import { buildRankerRows } from './ranker-set';
import { fitTwoPhase } from './two-phase-fit';

/** Everything training reads, with swipes sorted by ts ascending. */
export interface TrainingData {
  userIds: number[];
  profiles: ReadonlyMap<number, Profile>;
  swipes: Swipe[];
  impressions: TimedImpression[];
}

export type ProgressFn = (message: string, percent: number) => void;

export interface EmbeddingsPipelineOptions {
  train: Partial<EmbeddingTrainOptions>;
  holdoutFraction: number;
  /** Fewer held-out swipes than this: too little to judge a model, the run is skipped. */
  minHeldOut: number;
  /** Epochs over all data after the pre-slice fit, for the served model (0: serve the pre-slice model). */
  refitEpochs: number;
  onProgress?: ProgressFn;
}

/** The pre-slice fit: the model evaluated on the slice, and its evaluation set. */
export interface HeldOutFit {
  plan: HoldoutPlan;
  model: EmbeddingModel;
  evalSet: EmbeddingEvalSet;
  metrics: EmbeddingEvalMetrics;
}

export type Skipped = { skipped: true; reason: string };

/** The embedding training set of swipes (and impressions) with ts <= untilMs, every user indexed. */
export function embeddingSetUntil(data: TrainingData, untilMs: number): EmbeddingTrainingSet {
  const end = upperBound(data.swipes.map((s) => s.ts), untilMs);
  const swipes = end === data.swipes.length ? data.swipes : data.swipes.slice(0, end);
  const impressions = data.impressions.filter((i) => i.ts <= untilMs).map((i) => ({ viewer: i.viewer, shown: i.shown }));
  return buildEmbeddingTrainingSet(swipes, impressions, { userIds: data.userIds });
}

async function fitAndEvaluate(data: TrainingData, activeCutoffMs: number | null, o: EmbeddingsPipelineOptions): Promise<(HeldOutFit & { served: EmbeddingModel }) | Skipped> {
  const ts = data.swipes.map((s) => s.ts);
  const plan = planHoldout(ts, o.holdoutFraction, activeCutoffMs);
  if (!plan) return { skipped: true, reason: 'no interactions to train on' };
  if (plan.heldOut < o.minHeldOut) {
    return { skipped: true, reason: `only ${plan.heldOut} interactions after the active version's data (need ${o.minHeldOut} to evaluate a new one)` };
  }
  o.onProgress?.(`held-out slice: ${plan.heldOut} interactions after ${new Date(plan.cutoffMs).toISOString()} (${plan.basis})`, 0);
  const pre = embeddingSetUntil(data, plan.cutoffMs);
  const all = o.refitEpochs > 0 ? embeddingSetUntil(data, Infinity) : pre;
  const epochs = o.train.epochs ?? 10;
  // Progress counts epochs of both phases together: they cost about the same each.
  const total = epochs + Math.max(0, o.refitEpochs);
  const { preSlice, served } = await fitTwoPhase(pre, all, {
    train: o.train,
    refitEpochs: o.refitEpochs,
    onEpoch: (phase, e, of, loss) => o.onProgress?.(`${phase} epoch ${e}/${of} loss ${loss.toFixed(4)}`, (phase === 'refit' ? epochs + e : e) / total),
  });
  const first = upperBound(ts, plan.cutoffMs);
  const evalSet = buildEmbeddingEvalSet(data.swipes.slice(first), data.swipes.slice(0, first), data.userIds);
  const metrics = evaluateEmbeddingScorer(embeddingScorer(preSlice), evalSet);
  return { plan, model: preSlice, evalSet, metrics, served };
}

/** Plans the slice, fits on what precedes it and evaluates; or says why it cannot. */
export async function fitHeldOut(data: TrainingData, activeCutoffMs: number | null, o: EmbeddingsPipelineOptions): Promise<HeldOutFit | Skipped> {
  const r = await fitAndEvaluate(data, activeCutoffMs, { ...o, refitEpochs: 0 });
  if ('skipped' in r) return r;
  const { served: _served, ...fit } = r;
  return fit;
}

export interface EmbeddingsOutcome {
  heldOut: HeldOutFit;
  /** The model to store and serve. */
  model: EmbeddingModel;
  /** The active model re-scored on the same evaluation set (null when none is active). */
  activeMetrics: EmbeddingEvalMetrics | null;
  /** Last swipe time the stored model was trained on. */
  dataCutoffMs: number;
}

/** Held-out fit and evaluation, the active model re-scored on the same set, and the served model. */
export async function runEmbeddingsPipeline(data: TrainingData, active: { model: EmbeddingModel | null; cutoffMs: number | null }, o: EmbeddingsPipelineOptions): Promise<EmbeddingsOutcome | Skipped> {
  const r = await fitAndEvaluate(data, active.cutoffMs, o);
  if ('skipped' in r) return r;
  const { served, ...heldOut } = r;
  const activeMetrics = active.model ? evaluateEmbeddingScorer(embeddingScorer(active.model), heldOut.evalSet) : null;
  const dataCutoffMs = o.refitEpochs > 0 ? data.swipes[data.swipes.length - 1].ts : heldOut.plan.cutoffMs;
  return { heldOut, model: served, activeMetrics, dataCutoffMs };
}

export interface RankerPipelineOptions {
  epochs: number;
  /** Share of the slice's rows (the most recent) held out for the metrics. */
  validationFraction: number;
  maxRows: number;
  minRows: number;
  seed: number;
}

export interface RankerOutcome {
  model: RankerModel;
  metrics: RankerMetrics;
  activeMetrics: RankerMetrics | null;
  rows: { total: number; swipes: number; impressions: number; validation: number };
}

/**
 * Trains the ranker on the rows after `fromMs`, whose embedding features come from `embedding`
 * (a model fitted on data up to `fromMs`), and re-scores `active` on the same validation rows.
 */
export async function runRankerPipeline(data: TrainingData, fromMs: number, embedding: EmbeddingModel | null, active: RankerModel | null, o: RankerPipelineOptions): Promise<RankerOutcome | Skipped> {
  const rows = buildRankerRows({ swipes: data.swipes, impressions: data.impressions, profiles: data.profiles, fromMs, embedding: embedding ? embeddingScorer(embedding) : null, maxRows: o.maxRows });
  if (rows.n < o.minRows) return { skipped: true, reason: `only ${rows.n} ranker rows after the cut (need ${o.minRows})` };
  const nValid = Math.floor(rows.n * o.validationFraction);
  let pos = 0;
  for (let i = rows.n - nValid; i < rows.n; i++) pos += rows.labels[i];
  if (pos === 0 || pos === nValid) throw new Error(`ranker validation rows have one class only (${pos} likes of ${nValid}): cannot evaluate`);
  const { model, validation } = await trainRanker({ vectors: rows.vectors, labels: rows.labels }, { epochs: o.epochs, validationFraction: o.validationFraction, validationSplit: 'tail', seed: o.seed, featureNames: FEATURE_NAMES });
  if (!validation) throw new Error('ranker: no validation rows');
  const from = rows.n - nValid;
  let activeMetrics: RankerMetrics | null = null;
  if (active) {
    // A ranker over another feature list cannot score these rows: it counts as not comparable.
    const same = active.featureNames.length === FEATURE_COUNT && active.featureNames.every((n, i) => n === FEATURE_NAMES[i]);
    activeMetrics = same ? evaluateRanker(active, rows.vectors.subarray(from * FEATURE_COUNT), rows.labels.subarray(from)) : { auc: NaN, logLoss: NaN, n: nValid, positives: pos };
  }
  return { model, metrics: validation, activeMetrics, rows: { total: rows.n, swipes: rows.swipeRows, impressions: rows.impressionRows, validation: nValid } };
}
