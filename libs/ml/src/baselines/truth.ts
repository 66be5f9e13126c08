import type { OfflineRecommender, TrainSet } from '../eval/recommender';

/**
 * The generator's hidden like probability as a ranking: the ceiling on generated markets. It
 * learns nothing; it is here so the table shows how far the others are from the truth.
 */
export class TruthRecommender implements OfflineRecommender {
  readonly name = 'truth';

  constructor(private readonly scorer: (actorId: number, targetId: number) => number) {}

  /** Nothing to learn. */
  async fit(_train: TrainSet): Promise<void> {}

  /** The hidden like probability of each pair. */
  scoreTargets(actor: number, targets: ArrayLike<number>): Float32Array {
    const out = new Float32Array(targets.length);
    for (let i = 0; i < targets.length; i++) out[i] = this.scorer(actor, targets[i]);
    return out;
  }
}
