import { IdIndex } from '../evaluation/id-index';
import type { OfflineRecommender, TrainSet } from '../evaluation/recommender';

/**
 * Most-popular: everyone gets the same ranking, by likes received in training. It is the bar a
 * personalised model must clear, and the exposure extreme (all attention on a few profiles).
 */
export class PopularityRecommender implements OfflineRecommender {
  readonly name = 'popularity';
  private index = new IdIndex([]);
  private received = new Float32Array(0);

  /** `superLikeWeight`: how many likes a super like counts for (a stronger signal of appeal). */
  constructor(private readonly superLikeWeight = 2) {}

  /** Counts (weighted) likes received per user in the training swipes. */
  async fit(train: TrainSet): Promise<void> {
    this.index = new IdIndex(train.userIds);
    this.received = new Float32Array(train.userIds.length);
    for (const s of train.swipes) {
      const w = s.type === 'like' ? 1 : s.type === 'super_like' ? this.superLikeWeight : 0;
      const t = this.index.indexOf(s.target);
      if (w > 0 && t >= 0) this.received[t] += w;
    }
  }

  /** The target's popularity, whoever asks (0 for unknown targets). */
  scoreTargets(_actor: number, targets: ArrayLike<number>): Float32Array {
    const out = new Float32Array(targets.length);
    for (let i = 0; i < targets.length; i++) {
      const t = this.index.indexOf(targets[i]);
      out[i] = t >= 0 ? this.received[t] : 0;
    }
    return out;
  }
}
