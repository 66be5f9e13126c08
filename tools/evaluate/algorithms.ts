/**
 * The algorithms `evaluate` can run. The baselines (random, popularity, itemknn, truth) register
 * themselves in libs/ml/src/eval/registry.ts; add a stage of the real recommender with one line:
 *
 *   registerAlgorithm('two-tower', (ctx) => new TwoTowerRecommender({ seed: ctx.seed }));
 *
 * and, to run it by default, add its name to DEFAULT_ALGORITHMS.
 */
export { registerAlgorithm } from '@app/ml/eval/registry';

/** Run when --algorithms is not given ("truth" is added when --truth is). */
export const DEFAULT_ALGORITHMS = ['random', 'popularity', 'itemknn'];
