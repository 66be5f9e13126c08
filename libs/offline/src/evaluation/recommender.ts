import type { Profile, Swipe } from '@app/ml/types';

/** What an algorithm may learn from: the training part of a split. */
export interface TrainSet {
  swipes: Swipe[];
  /** Profiles by user id, when a users file was given (content features need it). */
  profiles: Map<number, Profile> | null;
  /** Every user id known to the evaluation (actors, targets and profiles). */
  userIds: number[];
  /** "Now" for recency features: the last training timestamp (epoch ms). */
  nowMs: number;
}

/**
 * An algorithm under offline evaluation. Baselines, each stage of the real recommender and the
 * whole pipeline implement it, so they are compared by the very same protocol.
 */
export interface OfflineRecommender {
  readonly name: string;
  fit(train: TrainSet): Promise<void>;
  /** Scores of `actor` for each of `targets` (higher is better), aligned with `targets`. */
  scoreTargets(actor: number, targets: ArrayLike<number>): Float32Array;
  /**
   * The chance that `actor` likes each of `targets` (a probability, not only an order), for the
   * pair metrics: like AUC over the held-out swipes, and match AUC of p(a→t)·p(t→a) over held-out
   * pairs whose other direction is known. Without it (or when it returns null) they are n/a.
   */
  likeProbabilities?(actor: number, targets: ArrayLike<number>): Float32Array | null;
  /** Frees what fit() allocated (e.g. TensorFlow tensors); called once the evaluation is done. */
  dispose?(): void;
}
