/**
 * The scorer used while no ranker has been trained (a fresh install, or every version rejected).
 *
 * It is a RankerModel with hand-set weights over the same FEATURE_NAMES vector, so prediction,
 * contributions and explanations take exactly the path a learned ranker takes. The weights
 * encode the priors the candidate sources also use: reciprocity (they liked you), shared
 * interests, fit with stated preferences, closeness, the embedding logit when embeddings exist
 * (the collaborative source score), appeal (the log-odds of the smoothed like rate received), recent
 * activity, and a small boost for newcomers (cold start). Each weight applies to (x - typical),
 * so a contribution says "better or worse than a typical candidate" and a newcomer's age
 * lifts "new here" into the reasons. Replies say `scorer: 'fallback'` and `model_versions.ranker: null`.
 */
import { FEATURE_NAMES, type FeatureName } from '@app/ml/features';
import type { RankerModel } from '@app/ml/ranker/model';

const { log1p } = Math;

/** weight and typical value per feature; unlisted features do not count. */
const PRIORS: Partial<Record<FeatureName, [weight: number, typical: number]>> = {
  candidate_liked_viewer: [2, 0],
  interest_jaccard: [4, 0.1],
  shared_interests_log: [0.5, log1p(1)],
  age_fit_viewer: [1, 1],
  gender_fit_viewer: [2, 1],
  within_viewer_distance: [1, 1],
  distance_log_km: [-0.3, log1p(20)],
  emb_score_uv: [1, 0],
  cand_like_rate_received_logit: [0.5, 0],
  cand_days_since_active_log: [-0.3, log1p(3)],
  cand_days_since_joined_log: [-0.15, log1p(60)],
};

/** Logit of a typical candidate: a typical pair sits at p ≈ 0.38. */
const BIAS = -0.5;

export const FALLBACK_RANKER: RankerModel = Object.freeze({
  featureNames: [...FEATURE_NAMES],
  means: Float32Array.from(FEATURE_NAMES, (n) => PRIORS[n]?.[1] ?? 0),
  stds: Float32Array.from(FEATURE_NAMES, () => 1),
  weights: Float32Array.from(FEATURE_NAMES, (n) => PRIORS[n]?.[0] ?? 0),
  bias: BIAS,
  metrics: null,
});
