/** Held-out metrics of a ranker: AUC (ranking quality) and log loss (calibration). */
import { auc } from '../metrics/auc';
import type { FeatureRows, RankerMetrics, RankerModel } from './model';
import { predict } from './model';

/** Probabilities are clipped so one confident mistake costs a lot but not infinity. */
const LOG_LOSS_EPS = 1e-7;
const { log, min, max } = Math;

/** Mean binary cross-entropy of probabilities `p` against 0/1 `labels`. */
export function logLoss(p: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (p.length !== labels.length) throw new Error('logLoss: probabilities and labels differ in length');
  if (p.length === 0) return NaN;
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = min(1 - LOG_LOSS_EPS, max(LOG_LOSS_EPS, p[i]));
    s -= labels[i] > 0.5 ? log(q) : log(1 - q);
  }
  return s / p.length;
}

/** AUC of scores against 0/1 labels (NaN when one class is missing). */
export function labelAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < scores.length; i++) (labels[i] > 0.5 ? pos : neg).push(scores[i]);
  return auc(pos, neg);
}

/**
 * Expected calibration error: rows binned by predicted probability (`bins` equal widths), the
 * gap between each bin's mean prediction and its share of positives, weighted by the bin's rows.
 * 0.02 means predictions are off by two points on average.
 */
export function calibrationError(p: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): number {
  if (p.length === 0) return NaN;
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p[i] * bins)));
    count[b]++;
    sumP[b] += p[i];
    sumY[b] += labels[i] > 0.5 ? 1 : 0;
  }
  let e = 0;
  for (let b = 0; b < bins; b++) if (count[b] > 0) e += Math.abs(sumP[b] - sumY[b]);
  return e / p.length;
}

/** AUC, log loss and calibration error of the model on the given rows. */
export function evaluateRanker(model: RankerModel, rows: FeatureRows, labels: ArrayLike<number>): RankerMetrics {
  const p = predict(model, rows);
  if (p.length !== labels.length) throw new Error(`evaluateRanker: ${p.length} rows, ${labels.length} labels`);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > 0.5) positives++;
  return {
    auc: labelAuc(p, labels),
    logLoss: logLoss(p, labels),
    calibrationError: calibrationError(p, labels),
    n: p.length,
    positives,
  };
}
