/**
 * Turns swipes (and optionally impressions) into the dense-index arrays `trainEmbeddings` eats.
 */
import { isPositiveSwipe } from '@app/contracts';
import type { SwipeType } from '@app/contracts';
import type { Swipe } from '../types';
import type { EmbeddingTrainingData } from './model';

/** A profile shown to `viewer` (ids are user ids); without a swipe it is a weak negative. */
export interface ImpressionPair {
  viewer: number;
  shown: number;
}

/** Label and loss weight per kind of evidence. */
export interface EvidenceWeights {
  like: number;
  /** A super like says more than a like. */
  super_like: number;
  dislike: number;
  /** A block is a stronger "no" than a dislike. */
  block: number;
  /** Shown but not acted on: maybe not even looked at, hence weak. */
  impression: number;
}

export const DEFAULT_EVIDENCE_WEIGHTS: EvidenceWeights = {
  like: 1,
  super_like: 2,
  dislike: 1,
  block: 3,
  impression: 0.1,
};

/** Dense-index training arrays and the id <-> index map they use. */
export interface EmbeddingTrainingSet {
  data: EmbeddingTrainingData;
  /** userIds[i] is the user id of dense index i. */
  userIds: number[];
  indexOf: Map<number, number>;
  /** Per index: swipes given / received (impressions excluded); zero means a cold user. */
  given: Int32Array;
  received: Int32Array;
}

/** Options of `buildEmbeddingTrainingSet`. */
export interface TrainingSetOptions {
  /** Extra ids to index even without any swipe (cold users get rows too). */
  userIds?: Iterable<number>;
  weights?: Partial<EvidenceWeights>;
}

/**
 * Builds the training arrays from swipes: the latest swipe per (actor, target) wins (a block after
 * a like is a block), impressions count only for pairs without a swipe, self-pairs are dropped.
 */
export function buildEmbeddingTrainingSet(
  swipes: readonly Swipe[],
  impressions: readonly ImpressionPair[] = [],
  options: TrainingSetOptions = {},
): EmbeddingTrainingSet {
  const w = { ...DEFAULT_EVIDENCE_WEIGHTS, ...options.weights };
  const indexOf = new Map<number, number>();
  const userIds: number[] = [];
  const idx = (id: number): number => {
    let i = indexOf.get(id);
    if (i === undefined) {
      i = userIds.length;
      indexOf.set(id, i);
      userIds.push(id);
    }
    return i;
  };
  // Index ids in a deterministic order: given ids first, then as they appear in the swipes.
  if (options.userIds) for (const id of options.userIds) idx(id);
  const ordered = swipes.map((s, i) => ({ s, i })).sort((a, b) => a.s.ts - b.s.ts || a.i - b.i);
  for (const { s } of ordered) {
    idx(s.actor);
    idx(s.target);
  }
  for (const p of impressions) {
    idx(p.viewer);
    idx(p.shown);
  }
  const n = userIds.length;
  // Pair key a*n+b stays exact while n² < 2^53, i.e. up to ~94M users.
  const last = new Map<number, SwipeType>();
  for (const { s } of ordered) {
    if (s.actor === s.target) continue;
    last.set(indexOf.get(s.actor)! * n + indexOf.get(s.target)!, s.type);
  }
  const impressionKeys = new Set<number>();
  for (const p of impressions) {
    if (p.viewer === p.shown) continue;
    const key = indexOf.get(p.viewer)! * n + indexOf.get(p.shown)!;
    if (!last.has(key)) impressionKeys.add(key);
  }
  const m = last.size + impressionKeys.size;
  const data: EmbeddingTrainingData = {
    nUsers: n,
    actors: new Int32Array(m),
    targets: new Int32Array(m),
    labels: new Float32Array(m),
    weights: new Float32Array(m),
  };
  const given = new Int32Array(n);
  const received = new Int32Array(n);
  let j = 0;
  const put = (key: number, label: number, weight: number, isSwipe: boolean): void => {
    const a = Math.floor(key / n);
    const t = key - a * n;
    data.actors[j] = a;
    data.targets[j] = t;
    data.labels[j] = label;
    data.weights[j] = weight;
    if (isSwipe) {
      given[a]++;
      received[t]++;
    }
    j++;
  };
  for (const [key, type] of last) put(key, isPositiveSwipe(type) ? 1 : 0, w[type], true);
  for (const key of impressionKeys) put(key, 0, w.impression, false);
  return { data, userIds, indexOf, given, received };
}
