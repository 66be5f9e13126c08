/**
 * Training of the logistic-regression ranker: every row it is given, standardised features,
 * solved exactly (logistic.ts), with the penalty and the class weighting chosen on the latest
 * rows, then calibrated on them, so that a p_like of 0.3 means about 30% of such swipes are likes.
 *
 * 1. The latest `tuneFraction` of the rows (pass them in time order) tune: every (weighting,
 *    penalty) of the grid is fitted on the earlier rows and scored on the tuning swipes by log
 *    loss after Platt scaling (a logistic fit of the label on the model's logit). Log loss, not
 *    AUC: it is a proper score, smooth in the parameters, and it rewards ranking and calibration.
 * 2. The winner is refitted on all rows, and its Platt scaling is folded into its weights.
 * Deterministic: the same rows give the same model, bit for bit.
 */
import type { SwipeType } from '@app/contracts';
import { isPositiveSwipe } from '@app/contracts';
import { FEATURE_NAMES } from '../features/names';
import { fitLogistic, type LogisticFit } from './logistic';
import { logLoss } from './metrics';
import type { FeatureRows, RankerModel } from './model';
import { rowReader } from './model';

/** Training rows: feature vectors (FEATURE_NAMES order unless told otherwise) and 0/1 labels. */
export interface RankerTrainingData {
  vectors: FeatureRows;
  labels: ArrayLike<number>;
  /** Optional per-row weights (e.g. recency), multiplied with the class weights. */
  sampleWeights?: ArrayLike<number>;
  /**
   * 1 for a row that is an answered swipe, 0 for an unanswered impression. Tuning and calibration
   * score swipes only: p_like is the chance that a swipe is a like. Default: every row is a swipe.
   */
  isSwipe?: ArrayLike<number>;
}

export type ClassWeighting = 'none' | 'balanced';

export interface RankerTrainOptions {
  featureNames: readonly string[];
  /** Only these features get a weight (the bias-only model uses the two like rates); null: all. */
  useFeatures: readonly string[] | null;
  /** Penalties tried (on the standardised scale, added to the mean loss). */
  l2Grid: readonly number[];
  /** 'balanced' weighs each class by n / (2·count) before calibration; 'none' trains unweighted. */
  classWeightings: readonly ClassWeighting[];
  /** Share of the rows, the latest, that tune and calibrate. */
  tuneFraction: number;
  /** Fewer tuning swipes of either class than this: no tuning, the first grid values, no calibration. */
  minTuneRowsPerClass: number;
  /**
   * Skip tuning and train with these choices (a refit of a tuned model on more rows: its penalty,
   * weighting and calibration hold).
   */
  tuned: Pick<RankerTuning, 'l2' | 'classWeighting' | 'calibration'> | null;
}

export const DEFAULT_RANKER_OPTIONS: RankerTrainOptions = {
  featureNames: FEATURE_NAMES,
  useFeatures: null,
  l2Grid: [0.1, 0.01, 0.001, 0.0001],
  classWeightings: ['none', 'balanced'],
  tuneFraction: 0.2,
  minTuneRowsPerClass: 10,
  tuned: null,
};

/** What tuning chose and how the winner scored on the tuning swipes. */
export interface RankerTuning {
  l2: number;
  classWeighting: ClassWeighting;
  /** Platt scaling folded into the weights: p = σ(a·z + b). */
  calibration: { a: number; b: number };
  /** Calibrated log loss of the winner on the tuning swipes (NaN when there was no tuning). */
  tuneLogLoss: number;
  tuneRows: number;
  trainingRows: number;
}

export interface RankerTrainResult {
  model: RankerModel;
  tuning: RankerTuning;
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

/** The standardised used columns of rows [from, to), and their labels and weights. */
interface Design {
  x: Float32Array;
  y: Float32Array;
  w: Float64Array;
  n: number;
  f: number;
}

function classWeights(y: Float32Array, weighting: ClassWeighting): { positive: number; negative: number } {
  if (weighting === 'none') return { positive: 1, negative: 1 };
  let pos = 0;
  for (const v of y) pos += v;
  const neg = y.length - pos;
  if (pos === 0 || neg === 0) return { positive: 1, negative: 1 };
  return { positive: y.length / (2 * pos), negative: y.length / (2 * neg) };
}

function withClassWeights(d: Design, base: Float64Array, weighting: ClassWeighting): Design {
  const cw = classWeights(d.y, weighting);
  return { ...d, w: Float64Array.from(base, (b, i) => b * (d.y[i] ? cw.positive : cw.negative)) };
}

function logitsOf(fit: LogisticFit, x: Float32Array, f: number, rows: readonly number[]): Float64Array {
  return Float64Array.from(rows, (r) => {
    let z = fit.bias;
    for (let j = 0; j < f; j++) z += fit.weights[j] * x[r * f + j];
    return z;
  });
}

/** Platt scaling: the logistic fit of the labels on the logits (a tiny penalty keeps it finite). */
async function platt(z: Float64Array, y: ArrayLike<number>): Promise<{ a: number; b: number }> {
  const fit = await fitLogistic({ x: Float32Array.from(z), n: z.length, f: 1, y }, { l2: 1e-6 });
  return { a: fit.weights[0], b: fit.bias };
}

function calibratedLogLoss(z: Float64Array, y: ArrayLike<number>, c: { a: number; b: number }): number {
  return logLoss(
    Array.from(z, (v) => 1 / (1 + Math.exp(-(c.a * v + c.b)))),
    y,
  );
}

/** Trains on every row (tuning on the latest ones first); deterministic. */
export async function trainRanker(
  data: RankerTrainingData,
  options: Partial<RankerTrainOptions> = {},
): Promise<RankerTrainResult> {
  const o: RankerTrainOptions = { ...DEFAULT_RANKER_OPTIONS, ...options };
  const names = o.featureNames;
  const nf = names.length;
  const { n, at } = rowReader(data.vectors, nf);
  if (data.labels.length !== n) throw new Error(`trainRanker: ${n} vectors, ${data.labels.length} labels`);
  if (data.sampleWeights && data.sampleWeights.length !== n)
    throw new Error('trainRanker: sampleWeights must match the rows');
  if (n === 0) throw new Error('trainRanker: no training rows');
  if (o.l2Grid.length === 0 || o.classWeightings.length === 0) throw new Error('trainRanker: empty grid');
  const used = o.useFeatures ? o.useFeatures.map((u) => names.indexOf(u)) : names.map((_, j) => j);
  if (used.some((j) => j < 0)) throw new Error(`trainRanker: useFeatures not in featureNames: ${o.useFeatures}`);

  const all = Int32Array.from({ length: n }, (_, i) => i);
  const { means, stds } = standardisation(data.vectors, nf, all);
  const f = used.length;
  const x = new Float32Array(n * f);
  const y = new Float32Array(n);
  const base = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < f; k++) x[i * f + k] = (at(i, used[k]) - means[used[k]]) / stds[used[k]];
    y[i] = data.labels[i] > 0.5 ? 1 : 0;
    base[i] = data.sampleWeights ? data.sampleWeights[i] : 1;
  }
  const design = (from: number, to: number): Design => ({
    x: x.subarray(from * f, to * f),
    y: y.subarray(from, to),
    w: base.subarray(from, to),
    n: to - from,
    f,
  });

  const nTune = Math.floor(n * Math.min(Math.max(o.tuneFraction, 0), 0.9));
  const fitEnd = n - nTune;
  const tuneRows: number[] = [];
  for (let i = fitEnd; i < n; i++) if (!data.isSwipe || data.isSwipe[i]) tuneRows.push(i);
  let tunePos = 0;
  for (const r of tuneRows) tunePos += y[r];
  const canTune =
    !o.tuned &&
    fitEnd > 0 &&
    tunePos >= o.minTuneRowsPerClass &&
    tuneRows.length - tunePos >= o.minTuneRowsPerClass &&
    o.l2Grid.length * o.classWeightings.length > 1;

  let choice = o.tuned
    ? { l2: o.tuned.l2, weighting: o.tuned.classWeighting }
    : { l2: o.l2Grid[0], weighting: o.classWeightings[0] };
  let calibration = o.tuned?.calibration ?? { a: 1, b: 0 };
  let tuneLogLoss = NaN;
  let start: LogisticFit | undefined;
  if (canTune) {
    const fitPart = design(0, fitEnd);
    const tuneY = tuneRows.map((r) => y[r]);
    for (const weighting of o.classWeightings) {
      const problem = withClassWeights(fitPart, fitPart.w, weighting);
      let warm: LogisticFit | undefined;
      // Strongest penalty first: each solution starts the next, a few Newton steps apart.
      for (const l2 of [...o.l2Grid].sort((a, b) => b - a)) {
        warm = await fitLogistic(problem, { l2, start: warm });
        const z = logitsOf(warm, x, f, tuneRows);
        const c = await platt(z, tuneY);
        const loss = calibratedLogLoss(z, tuneY, c);
        if (!(loss >= tuneLogLoss)) {
          tuneLogLoss = loss;
          choice = { l2, weighting };
          calibration = c;
          start = warm;
        }
      }
    }
  }
  const whole = design(0, n);
  const fit = await fitLogistic(withClassWeights(whole, whole.w, choice.weighting), { l2: choice.l2, start });
  const weights = new Float32Array(nf);
  used.forEach((j, k) => (weights[j] = calibration.a * fit.weights[k]));
  const model: RankerModel = {
    featureNames: [...names],
    means,
    stds,
    weights,
    bias: calibration.a * fit.bias + calibration.b,
    metrics: null,
  };
  return {
    model,
    tuning: {
      l2: choice.l2,
      classWeighting: choice.weighting,
      calibration,
      tuneLogLoss,
      tuneRows: canTune ? tuneRows.length : 0,
      trainingRows: n,
    },
  };
}
