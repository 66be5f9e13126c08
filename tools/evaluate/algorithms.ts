/**
 * The algorithms `evaluate` can run. The baselines (random, popularity, itemknn, truth) register
 * themselves in libs/ml/src/eval/registry.ts; add a stage of the real recommender with one line:
 *
 *   registerAlgorithm('two-tower', (ctx) => new TwoTowerRecommender({ seed: ctx.seed }));
 *
 * and, to run it by default, add its name to DEFAULT_ALGORITHMS.
 */
import { EmbeddingRecommender } from '@app/ml/embeddings/recommender';
import { registerAlgorithm } from '@app/ml/eval/registry';

export { registerAlgorithm };

/** Run when --algorithms is not given ("truth" is added when --truth is). */
export const DEFAULT_ALGORITHMS = ['random', 'popularity', 'itemknn'];

// The collaborative stage of the real recommender: the same training and scoring code the
// candidate service uses (libs/ml/src/embeddings), one-sided and two-sided.
registerAlgorithm('embeddings', (ctx) => new EmbeddingRecommender({ train: { seed: ctx.seed } }));
registerAlgorithm('embeddings-reciprocal', (ctx) => new EmbeddingRecommender({ reciprocal: true, train: { seed: ctx.seed } }));
