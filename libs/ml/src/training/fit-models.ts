/**
 * Fitting the models on data already in memory (the trainer loads it from PostgreSQL):
 * - embeddings fitted on the data before the held-out slice, evaluated on it against the active
 *   version, then continued over all data for serving;
 * - the ranker trained on the history and the slice's first part, evaluated on the slice's latest
 *   swipes against the active ranker.
 * The slice is cut inside what the active version never saw (see `planHoldout`).
 * No database, no Nest: unit-testable, and the benchmark can run it directly.
 */
import type { EmbeddingModel } from '../embeddings/model';
import {
  type CollaborativeChoice,
  collaborativeOptions,
  type CollaborativeOverrides,
} from '../embeddings/collaborative';
import type { EmbeddingTrainingSet } from '../embeddings/training-set';
import { buildEmbeddingTrainingSet } from '../embeddings/training-set';
import { FEATURE_COUNT, FEATURE_NAMES } from '../features/names';
import { evaluateRanker } from '../ranker/metrics';
import type { RankerMetrics, RankerModel } from '../ranker/model';
import { type RankerTrainOptions, type RankerTuning, trainRanker } from '../ranker/train';
import { BIAS_FEATURES } from './bias-model';
import type { Profile, Swipe } from '../types';
import type { EmbeddingEvalMetrics, EmbeddingEvalSet } from './embedding-eval';
import { buildEmbeddingEvalSet, embeddingScorer, evaluateEmbeddingScorer } from './embedding-eval';
import type { HoldoutPlan } from './holdout';
import { planHoldout, upperBound } from './holdout';
import type { PairScorer, TimedImpression } from './ranker-set';
import type { LeftOut } from './feature-pairs';
import { buildRankerRows, withRatesOf } from './ranker-set';
import { WindowRates } from './window-rates';
import { fitTwoPhase } from './two-phase-fit';

/** Everything training reads, with swipes sorted by ts ascending. */
export interface TrainingData {
  userIds: number[];
  profiles: ReadonlyMap<number, Profile>;
  swipes: Swipe[];
  impressions: TimedImpression[];
}

export type ProgressFn = (message: string, percent: number) => void;

export interface EmbeddingsFitOptions {
  /** Over the collaborative stage's defaults (DEFAULT_COLLABORATIVE_OPTIONS). */
  collaborative: CollaborativeOverrides;
  /** Share of the interactions the active version never saw (of all of them when none is active) held out. */
  holdoutFraction: number;
  /** Fewer held-out swipes than this: too little to judge a model, the run is skipped. */
  minHeldOut: number;
  /** Passes over all data after the pre-slice fit, for the served model (0: serve the pre-slice model). */
  refitEpochs: number;
  /**
   * Pairs the pre-slice fit does not learn from (feature-pairs.ts): the ranker's rows for them get
   * its honest embedding scores. The served model, which continues over all data, learns them.
   */
  leftOut?: LeftOut;
  onProgress?: ProgressFn;
}

/** The pre-slice fit: the model evaluated on the slice, and its evaluation set. */
export interface HeldOutFit {
  plan: HoldoutPlan;
  model: EmbeddingModel;
  evalSet: EmbeddingEvalSet;
  metrics: EmbeddingEvalMetrics;
  /** What iALS's search chose on the pre-slice data. */
  choice: CollaborativeChoice;
}

export type Skipped = { skipped: true; reason: string };

/** The embedding training set of swipes (and impressions) with ts <= untilMs, every user indexed. */
export function embeddingSetUntil(data: TrainingData, untilMs: number, leftOut?: LeftOut): EmbeddingTrainingSet {
  const end = upperBound(
    data.swipes.map((s) => s.ts),
    untilMs,
  );
  let swipes = end === data.swipes.length ? data.swipes : data.swipes.slice(0, end);
  if (leftOut) swipes = swipes.filter((s) => !leftOut(s.actor, s.target));
  const impressions = data.impressions
    .filter((i) => i.ts <= untilMs && !leftOut?.(i.viewer, i.shown))
    .map((i) => ({ viewer: i.viewer, shown: i.shown }));
  return buildEmbeddingTrainingSet(swipes, impressions, { userIds: data.userIds });
}

/**
 * The held-out slice for a kind whose active version was trained on data up to `activeCutoffMs`
 * (null: none active), or why there is none worth judging a model on.
 */
export function planSlice(
  data: TrainingData,
  activeCutoffMs: number | null,
  o: Pick<EmbeddingsFitOptions, 'holdoutFraction' | 'minHeldOut'>,
): HoldoutPlan | Skipped {
  const plan = planHoldout(
    data.swipes.map((s) => s.ts),
    o.holdoutFraction,
    activeCutoffMs,
  );
  if (!plan) return { skipped: true, reason: 'no interactions to train on' };
  if (plan.heldOut < o.minHeldOut) {
    const of =
      plan.basis === 'new'
        ? `${plan.newEvents} interactions newer than the active version's data`
        : `${plan.newEvents} interactions`;
    return {
      skipped: true,
      reason: `only ${plan.heldOut} interactions to hold out (the latest ${o.holdoutFraction} of ${of}; need ${o.minHeldOut} to evaluate a new version)`,
    };
  }
  return plan;
}

/** One line for the job log: where the slice is and what the candidate knows that the active version does not. */
export function describeSlice(plan: HoldoutPlan): string {
  const at = new Date(plan.cutoffMs).toISOString();
  return plan.basis === 'new'
    ? `held-out slice: the latest ${plan.heldOut} of ${plan.newEvents} interactions newer than the active version's data (after ${at}); the candidate trains on the ${plan.newBeforeSlice} before it`
    : `held-out slice: the latest ${plan.heldOut} of ${plan.newEvents} interactions (after ${at}); no active version`;
}

async function fitAndEvaluate(
  data: TrainingData,
  activeCutoffMs: number | null,
  o: EmbeddingsFitOptions,
): Promise<(HeldOutFit & { served: EmbeddingModel }) | Skipped> {
  const plan = planSlice(data, activeCutoffMs, o);
  if ('skipped' in plan) return plan;
  o.onProgress?.(describeSlice(plan), 0);
  const ts = data.swipes.map((s) => s.ts);
  const pre = embeddingSetUntil(data, plan.cutoffMs, o.leftOut);
  // Everything up to the last interaction: an impression logged after it waits for the next
  // version, so the recorded cut-off is exactly what the served model saw.
  const all = o.refitEpochs > 0 ? embeddingSetUntil(data, ts[ts.length - 1]) : pre;
  const collaborative = collaborativeOptions(o.collaborative);
  const pass = collaborative.algorithm === 'ials' ? 'iteration' : 'epoch';
  // Progress counts passes of both phases together (they cost about the same each); the
  // pre-slice count is known once its first pass reports it (iALS's depends on its search).
  let prePasses = 1;
  const { preSlice, served, choice } = await fitTwoPhase(pre, all, {
    collaborative,
    refitEpochs: o.refitEpochs,
    onEpoch: (phase, e, of, loss) => {
      if (phase === 'pre-slice') prePasses = of;
      const total = prePasses + Math.max(0, o.refitEpochs);
      o.onProgress?.(
        `${phase} ${pass} ${e}/${of}${loss === undefined ? '' : ` loss ${loss.toFixed(4)}`}`,
        (phase === 'refit' ? prePasses + e : e) / total,
      );
    },
    onLine: (line) => o.onProgress?.(line, 0),
  });
  const first = upperBound(ts, plan.cutoffMs);
  const evalSet = buildEmbeddingEvalSet(data.swipes.slice(first), data.swipes.slice(0, first), data.userIds);
  const metrics = evaluateEmbeddingScorer(embeddingScorer(preSlice), evalSet);
  return { plan, model: preSlice, evalSet, metrics, served, choice };
}

/** Plans the slice, fits on what precedes it and evaluates; or says why it cannot. */
export async function fitHeldOut(
  data: TrainingData,
  activeCutoffMs: number | null,
  o: EmbeddingsFitOptions,
): Promise<HeldOutFit | Skipped> {
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

/**
 * Held-out fit and evaluation, the active model re-scored on the same set, and the served model.
 * `active.cutoffMs` is the last interaction time the active model was trained on: the slice is
 * cut inside the newer interactions, so the active model has not seen it either.
 */
export async function fitEmbeddings(
  data: TrainingData,
  active: { model: EmbeddingModel | null; cutoffMs: number | null },
  o: EmbeddingsFitOptions,
): Promise<EmbeddingsOutcome | Skipped> {
  const r = await fitAndEvaluate(data, active.cutoffMs, o);
  if ('skipped' in r) return r;
  const { served, ...heldOut } = r;
  const activeMetrics = active.model ? evaluateEmbeddingScorer(embeddingScorer(active.model), heldOut.evalSet) : null;
  const dataCutoffMs = o.refitEpochs > 0 ? data.swipes[data.swipes.length - 1].ts : heldOut.plan.cutoffMs;
  return { heldOut, model: served, activeMetrics, dataCutoffMs };
}

export interface RankerFitOptions {
  /**
   * Share of the slice's swipes (the most recent) that validate. The slice's earlier rows train:
   * they are the only rows whose embedding features are honest (from a model that never saw them)
   * and as fresh as at serving time.
   */
  validationFraction: number;
  /** Most recent training rows kept (and validation rows, separately). */
  maxRows: number;
  /** Fewer training or validation rows than this: the run is skipped. */
  minRows: number;
  /** The trainer's grid and tuning share (DEFAULT_RANKER_OPTIONS where not given). */
  train?: Partial<Pick<RankerTrainOptions, 'l2Grid' | 'classWeightings' | 'tuneFraction'>>;
}

/** The model of the ranker's embedding features: the pre-slice fit, and the pairs it left out. */
export interface EmbeddingFeatureModel {
  model: EmbeddingModel;
  /** It learned the swipes up to here (the slice's start)... */
  trainedUntilMs: number;
  /** ...except those of these pairs. */
  leftOut: LeftOut;
}

/** Which model serves: the learned ranker, or the bias-only model when the ranker does not beat it. */
export type RankerKind = 'learned' | 'bias-only';

export interface RankerOutcome {
  /** The model to store and serve: the chosen kind, refitted on every row. */
  model: RankerModel;
  kind: RankerKind;
  /** The chosen kind's held-out metrics (those the registry judges). */
  metrics: RankerMetrics;
  learnedMetrics: RankerMetrics;
  biasMetrics: RankerMetrics;
  activeMetrics: RankerMetrics | null;
  /** What the learned ranker's tuning chose (on the evaluated fit). */
  tuning: RankerTuning;
  rows: {
    total: number;
    training: number;
    validation: number;
    swipes: number;
    impressions: number;
    withEmbeddings: number;
  };
}

/** The bias-only model's training: its two features, unweighted (so calibrated), a tiny penalty. */
const BIAS_ONLY: Partial<RankerTrainOptions> = {
  useFeatures: BIAS_FEATURES,
  l2Grid: [1e-4],
  classWeightings: ['none'],
};

/**
 * Trains the ranker and the bias-only model and evaluates both, and `active`, on the same rows:
 * the latest `validationFraction` of the slice's swipes (ts > sliceFromMs). They train on every
 * row before those (the `maxRows` most recent): the history before the slice and the slice's
 * first part. The learned ranker is kept only if its AUC beats the bias-only model's; the kept
 * kind is then refitted on every row, validation rows included, for serving.
 *
 * Embedding features need a model that never saw the row's own swipe: one that did separates its
 * training swipes almost perfectly, so the ranker would learn to trust a score that is far weaker
 * online. The pre-slice embedding model left a seeded random share of pairs out
 * (feature-pairs.ts): the training rows of those pairs get its scores, as do the validation rows;
 * the other rows none (emb_known = 0, as for a pair the served model does not know). The slice's
 * training rows get none either: the latest swipes can be people the model has never seen at all
 * (a new cohort, the last speed-dating events), and a ranker taught on their cold-start scores
 * learns nothing true about the warm scores it is served.
 */
export async function fitRanker(
  data: TrainingData,
  sliceFromMs: number,
  embedding: EmbeddingFeatureModel | null,
  active: RankerModel | null,
  o: RankerFitOptions,
): Promise<RankerOutcome | Skipped> {
  const ts = data.swipes.map((s) => s.ts);
  const first = upperBound(ts, sliceFromMs);
  const inSlice = ts.length - first;
  const last = ts.length - Math.max(1, Math.floor(inSlice * o.validationFraction)) - 1;
  // Ties at the boundary train (as for the slice's own cut).
  const splitMs = last >= first ? ts[last] : sliceFromMs;
  const scorer: PairScorer | null = embedding && {
    covers: (v, c, ts) => ts > splitMs || (ts <= embedding.trainedUntilMs && embedding.leftOut(v, c)),
    score: embeddingScorer(embedding.model),
  };
  const rows = buildRankerRows({
    swipes: data.swipes,
    impressions: data.impressions,
    profiles: data.profiles,
    fromMs: -Infinity,
    splitMs,
    embedding: scorer,
    maxRows: o.maxRows,
  });
  const nTrain = rows.split;
  const nValid = rows.n - rows.split;
  if (nValid < o.minRows)
    return { skipped: true, reason: `only ${nValid} held-out swipes to validate the ranker on (need ${o.minRows})` };
  if (nTrain < o.minRows)
    return { skipped: true, reason: `only ${nTrain} ranker rows to train on (need ${o.minRows})` };
  const validVectors = rows.vectors.subarray(nTrain * FEATURE_COUNT);
  const validLabels = rows.labels.subarray(nTrain);
  let pos = 0;
  for (const l of validLabels) pos += l;
  if (pos === 0 || pos === nValid)
    throw new Error(`ranker validation rows have one class only (${pos} likes of ${nValid}): cannot evaluate`);
  const training = {
    vectors: rows.vectors.subarray(0, nTrain * FEATURE_COUNT),
    labels: rows.labels.subarray(0, nTrain),
    isSwipe: rows.isSwipe.subarray(0, nTrain),
  };
  const learnedOptions: Partial<RankerTrainOptions> = { ...o.train, featureNames: FEATURE_NAMES };
  const learned = await trainRanker(training, learnedOptions);
  const bias = await trainRanker(training, { ...BIAS_ONLY, featureNames: FEATURE_NAMES });
  const learnedMetrics = evaluateRanker(learned.model, validVectors, validLabels);
  const biasMetrics = evaluateRanker(bias.model, validVectors, validLabels);
  const kind: RankerKind = learnedMetrics.auc > biasMetrics.auc ? 'learned' : 'bias-only';
  const metrics = kind === 'learned' ? learnedMetrics : biasMetrics;
  let activeMetrics: RankerMetrics | null = null;
  if (active) {
    // A ranker over another feature list cannot score these rows: it counts as not comparable.
    const same =
      active.featureNames.length === FEATURE_COUNT && active.featureNames.every((n, i) => n === FEATURE_NAMES[i]);
    activeMetrics = same
      ? evaluateRanker(active, validVectors, validLabels)
      : { auc: NaN, logLoss: NaN, calibrationError: NaN, n: nValid, positives: pos };
  }
  // For serving: every row trains (the latest maxRows), the validation swipes now in the rates'
  // window too, each row leaving out its own swipe; the tuning of the evaluated fit holds.
  const everything = withRatesOf(rows, new WindowRates(data.swipes, Infinity));
  const from = Math.max(0, everything.n - o.maxRows);
  const f = FEATURE_COUNT;
  const served = await trainRanker(
    {
      vectors: everything.vectors.subarray(from * f),
      labels: everything.labels.subarray(from),
      isSwipe: everything.isSwipe.subarray(from),
    },
    kind === 'learned'
      ? { ...learnedOptions, tuned: learned.tuning }
      : { ...BIAS_ONLY, featureNames: FEATURE_NAMES, tuned: bias.tuning },
  );
  served.model.metrics = metrics;
  return {
    model: served.model,
    kind,
    metrics,
    learnedMetrics,
    biasMetrics,
    activeMetrics,
    tuning: learned.tuning,
    rows: {
      total: rows.n,
      training: nTrain,
      validation: nValid,
      swipes: rows.swipeRows,
      impressions: rows.impressionRows,
      withEmbeddings: rows.embeddingRows,
    },
  };
}
