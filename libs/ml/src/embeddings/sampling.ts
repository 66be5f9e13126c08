/**
 * Builds one epoch's examples: the observed ones plus fresh sampled negatives, shuffled.
 * Both engines call this with the same seeded stream, so they train on identical batches.
 */
import type { EmbeddingTrainOptions, EmbeddingTrainingData } from './model';
import { SeededRandom } from '../primitives/seeded-random';

/** One epoch's examples in training order. */
export interface EpochExamples {
  actors: Int32Array;
  targets: Int32Array;
  labels: Float32Array;
  weights: Float32Array;
  /** Σ weights, the denominator of the reported mean loss. */
  weightSum: number;
}

/** Draws target indices: uniformly, or from a popularity distribution (alias-free CDF search). */
export class NegativeSampler {
  private readonly cdf: Float64Array | null;

  constructor(
    private readonly data: EmbeddingTrainingData,
    mode: EmbeddingTrainOptions['negativeSampling'],
    exponent: number,
  ) {
    if (mode === 'uniform') {
      this.cdf = null;
      return;
    }
    // Word2vec-style smoothed popularity: count^0.75 keeps the head from being sampled to death
    // while still showing the model "popular but not for you"; +1 keeps every user reachable.
    const counts = new Float64Array(data.nUsers);
    for (let i = 0; i < data.targets.length; i++) if (data.labels[i] > 0.5) counts[data.targets[i]] += 1;
    const cdf = new Float64Array(data.nUsers);
    let acc = 0;
    for (let v = 0; v < data.nUsers; v++) {
      acc += Math.pow(counts[v] + 1, exponent);
      cdf[v] = acc;
    }
    this.cdf = cdf;
  }

  /** A target index other than `actor` (when there is any other). */
  draw(actor: number, rng: SeededRandom): number {
    const n = this.data.nUsers;
    for (let attempt = 0; attempt < 8; attempt++) {
      const v = this.cdf ? this.search(rng.next() * this.cdf[n - 1]) : rng.int(n);
      if (v !== actor || n === 1) return v;
    }
    return (actor + 1) % n;
  }

  private search(x: number): number {
    const cdf = this.cdf as Float64Array;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Positives (label > 0.5) of the data, counted once so epochs can size their arrays. */
export function countPositives(data: EmbeddingTrainingData): number {
  let p = 0;
  for (let i = 0; i < data.labels.length; i++) if (data.labels[i] > 0.5) p++;
  return p;
}

/** The observed examples plus `negatives` sampled targets per positive, in a seeded random order. */
export function buildEpoch(
  data: EmbeddingTrainingData,
  positives: number,
  options: Pick<EmbeddingTrainOptions, 'negatives' | 'negativeWeight'>,
  sampler: NegativeSampler,
  rng: SeededRandom,
): EpochExamples {
  const observed = data.actors.length;
  const total = observed + positives * options.negatives;
  const actors = new Int32Array(total);
  const targets = new Int32Array(total);
  const labels = new Float32Array(total);
  const weights = new Float32Array(total);
  actors.set(data.actors);
  targets.set(data.targets);
  labels.set(data.labels);
  weights.set(data.weights);
  let j = observed;
  for (let i = 0; i < observed; i++) {
    if (!(data.labels[i] > 0.5)) continue;
    const u = data.actors[i];
    for (let k = 0; k < options.negatives; k++, j++) {
      // An accidental hit on a true positive is rare (density is far below 1%) and only adds
      // noise; excluding it would need a set of every pair, which 3M interactions make costly.
      actors[j] = u;
      targets[j] = sampler.draw(u, rng);
      weights[j] = options.negativeWeight;
    }
  }
  const order = new Int32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  rng.shuffle(order);
  const out: EpochExamples = {
    actors: new Int32Array(total),
    targets: new Int32Array(total),
    labels: new Float32Array(total),
    weights: new Float32Array(total),
    weightSum: 0,
  };
  let weightSum = 0;
  for (let i = 0; i < total; i++) {
    const o = order[i];
    out.actors[i] = actors[o];
    out.targets[i] = targets[o];
    out.labels[i] = labels[o];
    out.weights[i] = weights[o];
    weightSum += weights[o];
  }
  out.weightSum = weightSum;
  return out;
}
