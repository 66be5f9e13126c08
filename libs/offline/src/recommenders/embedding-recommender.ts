/**
 * The embeddings as offline recommenders: 'embeddings' scores u -> v, 'embeddings-reciprocal'
 * scores the chance of a mutual like from both directions.
 */
import type { OfflineRecommender, TrainSet } from '../evaluation/recommender';
import type { EmbeddingModel, EmbeddingTrainOptions } from '@app/ml/embeddings/model';
import { meanRow, scorePair, scoreWithTaste, sigmoid } from '@app/ml/embeddings/model';
import {
  collaborativeOptions,
  type CollaborativeChoice,
  type CollaborativeOverrides,
  fitCollaborative,
} from '@app/ml/embeddings/collaborative';
import { buildEmbeddingTrainingSet } from '@app/ml/embeddings/training-set';

/**
 * The logistic trainer's options picked on MovieLens's validation split (--on validation, seed
 * 42; docs/evaluation.md): 'embeddings-tuned', a yardstick for the default. L2 is charged per
 * occurrence of a row in a batch, so it is scaled down as negatives go up.
 */
export const TUNED_LOGISTIC_OPTIONS: Partial<EmbeddingTrainOptions> = {
  epochs: 30,
  l2: 0.0025,
  negatives: 32,
  negativeWeight: 1,
};

/** Options of `EmbeddingRecommender`. */
export interface EmbeddingRecommenderOptions {
  /** Score by sqrt(σ(u->v)·σ(v->u)) instead of u->v alone. */
  reciprocal?: boolean;
  /** Over the product's defaults (DEFAULT_COLLABORATIVE_OPTIONS): what the trainer fits. */
  collaborative?: CollaborativeOverrides;
  /** Progress lines of the fit (iALS's search trials). */
  log?: (line: string) => void;
  /** Registered under this name instead of 'embeddings' / 'embeddings-reciprocal'. */
  name?: string;
}

/** Taste/appeal factorisation under the offline evaluation protocol. */
export class EmbeddingRecommender implements OfflineRecommender {
  readonly name: string;
  private model: EmbeddingModel | null = null;
  private indexOf = new Map<number, number>();
  /** Stand-ins for users unknown at fit time (ids first seen after training). */
  private meanTaste: Float32Array = new Float32Array(0);
  private meanAppeal: Float32Array = new Float32Array(0);
  private meanBias = 0;

  constructor(private readonly options: EmbeddingRecommenderOptions = {}) {
    this.name = options.name ?? (options.reciprocal ? 'embeddings-reciprocal' : 'embeddings');
  }

  /** What the last fit chose (iALS's searched setting). */
  choice: CollaborativeChoice | null = null;

  /** Trains on the split's swipes; users without swipes get the mean taste (and mean appeal). */
  async fit(train: TrainSet): Promise<void> {
    const set = buildEmbeddingTrainingSet(train.swipes, [], { userIds: train.userIds });
    const { model, choice } = await fitCollaborative(
      set,
      collaborativeOptions(this.options.collaborative),
      this.options.log,
    );
    this.choice = choice;
    this.model = model;
    this.indexOf = set.indexOf;
    this.meanTaste = meanRow(model.taste, model.dim);
    this.meanAppeal = meanRow(model.appeal, model.dim);
    this.meanBias = model.appealBias.reduce((a, b) => a + b, 0) / Math.max(1, model.appealBias.length);
  }

  /** The trained model (after `fit`). */
  get trained(): EmbeddingModel {
    if (!this.model) throw new Error(`${this.name}: fit() has not been called`);
    return this.model;
  }

  /** Scores of actor for each target: the u->v logit, or the reciprocal geometric mean. */
  scoreTargets(actor: number, targets: ArrayLike<number>): Float32Array {
    const out = new Float32Array(targets.length);
    for (let i = 0; i < targets.length; i++) {
      const forward = this.logit(actor, targets[i]);
      out[i] = this.options.reciprocal ? Math.sqrt(sigmoid(forward) * sigmoid(this.logit(targets[i], actor))) : forward;
    }
    return out;
  }

  private logit(u: number, v: number): number {
    const model = this.trained;
    const ui = this.indexOf.get(u);
    const vi = this.indexOf.get(v);
    if (ui !== undefined && vi !== undefined) return scorePair(model, ui, vi);
    const taste = ui !== undefined ? model.taste.subarray(ui * model.dim, (ui + 1) * model.dim) : this.meanTaste;
    if (vi !== undefined) return scoreWithTaste(model, taste, vi);
    let s = this.meanBias;
    for (let k = 0; k < model.dim; k++) s += taste[k] * this.meanAppeal[k];
    return s;
  }
}
