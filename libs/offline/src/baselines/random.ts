import { hashUnit } from '@app/ml/primitives/seeded-random';
import type { OfflineRecommender, TrainSet } from '../evaluation/recommender';

/**
 * Uniform random ranking: the floor every algorithm must clear. Scores hash (seed, actor,
 * target), so they do not depend on the order in which actors are scored.
 */
export class RandomRecommender implements OfflineRecommender {
  readonly name = 'random';

  constructor(private readonly seed: number) {}

  /** Nothing to learn. */
  async fit(_train: TrainSet): Promise<void> {}

  /** A seeded pseudo-random score per (actor, target). */
  scoreTargets(actor: number, targets: ArrayLike<number>): Float32Array {
    const out = new Float32Array(targets.length);
    for (let i = 0; i < targets.length; i++) out[i] = hashUnit(this.seed, actor, targets[i]);
    return out;
  }
}
