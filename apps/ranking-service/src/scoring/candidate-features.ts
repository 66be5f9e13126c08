/**
 * Feature vectors from what candidate generation already said, for when the feature store
 * cannot answer (feature-service down or too slow, or vectors on another feature list than the
 * ranker's during a rollout). Every feature sits at the fallback scorer's typical value, so it
 * moves nothing, except the two candidate generation knows: whether the candidate liked the
 * viewer, and the collaborative source's embedding logit. The fallback scorer then orders the
 * pool by them: a cheaper order than the ranker's, with real (if coarse) probabilities, the same
 * re-ranking, privacy policy and reasons. Pure.
 */
import type { Candidate, FeatureBatchReply } from '@app/contracts';
import { FEATURE_COUNT, FEATURE_INDEX } from '@app/ml/features';
import { FALLBACK_RANKER } from './fallback-ranker';

export function featuresFromCandidates(candidates: readonly Candidate[]): Pick<FeatureBatchReply, 'items' | 'vectors'> {
  const typical = FALLBACK_RANKER.means;
  const vectors = new Float32Array(2 * candidates.length * FEATURE_COUNT);
  candidates.forEach((c, i) => {
    const forward = vectors.subarray(2 * i * FEATURE_COUNT, (2 * i + 1) * FEATURE_COUNT);
    const backward = vectors.subarray((2 * i + 1) * FEATURE_COUNT, (2 * i + 2) * FEATURE_COUNT);
    forward.set(typical);
    backward.set(typical);
    forward[FEATURE_INDEX.candidate_liked_viewer] = c.liked_viewer ? 1 : 0;
    // The viewer swiped none of the candidates (a hard rule of candidate generation).
    backward[FEATURE_INDEX.candidate_liked_viewer] = 0;
    const logit = c.scores.collaborative;
    if (logit !== undefined) {
      forward[FEATURE_INDEX.emb_score_uv] = logit;
      forward[FEATURE_INDEX.emb_known] = 1;
    }
  });
  return {
    items: candidates.map((c) => ({
      candidate_id: c.user_id,
      shared_interests: [],
      distance_km: null,
      liked_viewer: c.liked_viewer,
      // Unknown without the feature store: no one is held back for popularity.
      likes_received: 0,
      days_since_joined: 0,
    })),
    vectors,
  };
}
