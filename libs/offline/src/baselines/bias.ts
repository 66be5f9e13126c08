/**
 * The bias-only baselines: the chance of a like from the actor's openness and the target's appeal
 * alone (libs/ml BiasModel, the very model the registry holds every learned ranker against).
 * - `bias` ranks by p(actor likes target): one-sided.
 * - `bias-reciprocal` ranks by p(actor likes target) · p(target likes actor back): a match.
 * Both give the same like probabilities to the pair metrics; they differ in what they rank by.
 */
import { BiasModel } from '@app/ml/training/bias-model';
import type { OfflineRecommender, TrainSet } from '../evaluation/recommender';

export class BiasRecommender implements OfflineRecommender {
  readonly name: string;
  private model: BiasModel | null = null;

  constructor(private readonly reciprocal: boolean) {
    this.name = reciprocal ? 'bias-reciprocal' : 'bias';
  }

  async fit(train: TrainSet): Promise<void> {
    this.model = await BiasModel.fit(train.swipes);
  }

  scoreTargets(actor: number, targets: ArrayLike<number>): Float32Array {
    const m = this.fitted();
    return Float32Array.from(targets as ArrayLike<number>, (t) =>
      this.reciprocal ? m.probability(actor, t) * m.probability(t, actor) : m.probability(actor, t),
    );
  }

  likeProbabilities(actor: number, targets: ArrayLike<number>): Float32Array {
    const m = this.fitted();
    return Float32Array.from(targets as ArrayLike<number>, (t) => m.probability(actor, t));
  }

  private fitted(): BiasModel {
    if (!this.model) throw new Error(`${this.name}: fit() first`);
    return this.model;
  }
}
