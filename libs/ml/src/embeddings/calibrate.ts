/**
 * Turns iALS factors into an `EmbeddingModel` whose score is a logit, as the logistic trainer's
 * is: logit(u -> v) = a·x_u·y_v + b, with a folded into the taste rows and b into every appeal
 * bias. iALS scores are regression targets on a 0..1 scale, not log-odds; the reciprocal score
 * multiplies two probabilities, so its two halves must mean one.
 *
 * a and b are a Platt fit of the label on the score over the swipes the model trained on. Where
 * the data has likes only (a one-sided log such as MovieLens), pairs never swiped stand in
 * for the negatives (an actor and a target of random swipes, so busy people are drawn more often,
 * as in the data); with no like at all there is nothing to fit, and the
 * scores are kept as they are.
 */
import { SeededRandom } from '../primitives/seeded-random';
import type { EmbeddingModel, EmbeddingTrainingData } from './model';
import { sigmoid } from './model';
import type { IalsFactors } from './train-ials';

/** Pairs the Platt fit uses at most (strided over the swipes): two numbers need few. */
const MAX_PAIRS = 100_000;

/** Weighted logistic regression of labels on one score, by Newton's method: logit = scale·s + bias. */
export function plattFit(scores: ArrayLike<number>, labels: ArrayLike<number>): { scale: number; bias: number } {
  let a = 0;
  let b = 0;
  for (let it = 0; it < 50; it++) {
    // Gradient and Hessian of the mean log loss, with a tiny ridge so a separable set stays finite.
    let ga = 1e-6 * a;
    let gb = 0;
    let haa = 1e-6;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i];
      const p = sigmoid(a * s + b);
      const e = p - labels[i];
      const w = p * (1 - p);
      ga += e * s;
      gb += e;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { scale: a, bias: b };
}

function dot(x: Float32Array, u: number, y: Float32Array, v: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += x[u * d + k] * y[v * d + k];
  return s;
}

/** The calibrated model of factors trained on `data` (which it copies; the factors stay as they are). */
export function calibratedModel(
  data: EmbeddingTrainingData,
  f: IalsFactors,
  dim: number,
  seed: number,
): EmbeddingModel {
  const m = data.actors.length;
  const stride = Math.max(1, Math.ceil(m / MAX_PAIRS));
  const scores: number[] = [];
  const labels: number[] = [];
  let positives = 0;
  for (let i = 0; i < m; i += stride) {
    scores.push(dot(f.taste, data.actors[i], f.appeal, data.targets[i], dim));
    labels.push(data.labels[i] >= 0.5 ? 1 : 0);
    positives += labels[labels.length - 1];
  }
  if (positives === 0)
    return { dim, taste: f.taste.slice(), appeal: f.appeal.slice(), appealBias: new Float32Array(data.nUsers) };
  if (positives === labels.length) {
    const observed = new Set<number>();
    for (let i = 0; i < m; i++) observed.add(data.actors[i] * data.nUsers + data.targets[i]);
    const rng = new SeededRandom(seed, 0xca1b);
    const count = labels.length;
    for (let i = 0, tries = 0; i < count && tries < count * 20; tries++) {
      const u = data.actors[rng.int(m)];
      const v = data.targets[rng.int(m)];
      if (u === v || observed.has(u * data.nUsers + v)) continue;
      scores.push(dot(f.taste, u, f.appeal, v, dim));
      labels.push(0);
      i++;
    }
  }
  const { scale, bias } = plattFit(scores, labels);
  const taste = f.taste.slice();
  for (let i = 0; i < taste.length; i++) taste[i] *= scale;
  return { dim, taste, appeal: f.appeal.slice(), appealBias: new Float32Array(data.nUsers).fill(bias) };
}
