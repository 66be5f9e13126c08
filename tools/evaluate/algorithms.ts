/**
 * The algorithms `evaluate` can run. The baselines (random, popularity, itemknn, truth) register
 * themselves in libs/offline/src/evaluation/registry.ts; add a stage of the real recommender with one line:
 *
 *   registerAlgorithm('two-tower', (ctx) => new TwoTowerRecommender({ seed: ctx.seed }));
 *
 * and, to run it by default, add its name to DEFAULT_ALGORITHMS.
 */
import { EmbeddingRecommender, TUNED_LOGISTIC_OPTIONS } from '@app/offline/recommenders/embedding-recommender';
import { registerAlgorithm } from '@app/offline/evaluation/registry';
import { TwoStageRecommender } from '@app/offline/recommenders';

export { registerAlgorithm };

/** Run when --algorithms is not given ("truth" is added when --truth is). */
export const DEFAULT_ALGORITHMS = ['random', 'popularity', 'itemknn', 'bias', 'bias-reciprocal'];

// The collaborative stage of the real recommender: the same training and scoring code the
// candidate service uses (libs/ml/src/embeddings), one-sided and two-sided.
const seeded = (seed: number) => ({ ials: { seed }, logistic: { seed } });
registerAlgorithm(
  'embeddings',
  (ctx) => new EmbeddingRecommender({ collaborative: seeded(ctx.seed), log: (l) => ctx.log(`embeddings: ${l}`) }),
);
registerAlgorithm(
  'embeddings-reciprocal',
  (ctx) =>
    new EmbeddingRecommender({
      reciprocal: true,
      collaborative: seeded(ctx.seed),
      log: (l) => ctx.log(`embeddings-reciprocal: ${l}`),
    }),
);
// The logistic trainer (sampled negatives, SGD): with its own defaults, and as tuned on MovieLens.
registerAlgorithm(
  'embeddings-logistic',
  (ctx) =>
    new EmbeddingRecommender({
      name: 'embeddings-logistic',
      collaborative: { ...seeded(ctx.seed), algorithm: 'logistic' },
    }),
);
registerAlgorithm(
  'embeddings-tuned',
  (ctx) =>
    new EmbeddingRecommender({
      name: 'embeddings-tuned',
      collaborative: { algorithm: 'logistic', logistic: { ...TUNED_LOGISTIC_OPTIONS, seed: ctx.seed } },
    }),
);

// Candidate generation alone (its merged list's order) and the whole two-stage pipeline
// (generation, the learned two-sided ranker, re-ranking), trained as the trainer does and
// served as the services do (libs/offline/src/recommenders/two-stage-recommender.ts). They need --users (the hard
// rules).
registerAlgorithm('candidates', (ctx) => new TwoStageRecommender({ mode: 'candidates', seed: ctx.seed }));
registerAlgorithm('pipeline', (ctx) => new TwoStageRecommender({ mode: 'pipeline', seed: ctx.seed }));
// Ablations of the ranking stage: the match chance without the exposure and variety re-rank,
// and a one-sided ranker (p_like alone).
registerAlgorithm(
  'pipeline-match',
  (ctx) => new TwoStageRecommender({ mode: 'pipeline', order: 'match', seed: ctx.seed }),
);
registerAlgorithm(
  'pipeline-plike',
  (ctx) => new TwoStageRecommender({ mode: 'pipeline', order: 'p_like', seed: ctx.seed }),
);
