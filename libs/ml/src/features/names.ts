/**
 * The ranking features, by name and position. Offline training and online serving both build
 * vectors with `pairFeatures`, and a ranker stores this list with its weights and refuses to load
 * against another one, so the two sides cannot drift apart silently.
 * WARNING: order is part of every stored ranker; append new names, and bump the ranker version.
 */

/** Behavioural aggregates, once for the viewer and once for the candidate (prefixed). */
export const AGGREGATE_FEATURES = [
  'likes_given_log',
  'likes_received_log',
  'dislikes_received_log',
  'matches_log',
  'swipes_given_log',
  /** Log-odds of the share of likes among swipes given, smoothed toward the market (like-rates.ts): openness. */
  'like_rate_given_logit',
  /** Log-odds of the share of likes among swipes received, smoothed toward the market: appeal. */
  'like_rate_received_logit',
  'days_since_active_log',
  'days_since_joined_log',
] as const;

export const FEATURE_NAMES = [
  'age_gap',
  /** Candidate's age against the viewer's wanted range (1 inside, fading to 0 five years out). */
  'age_fit_viewer',
  /** Viewer's age against the candidate's wanted range. */
  'age_fit_candidate',
  'distance_log_km',
  'distance_known',
  'within_viewer_distance',
  'within_candidate_distance',
  'interest_jaccard',
  'shared_interests_log',
  'gender_fit_viewer',
  'gender_fit_candidate',
  /** The candidate already liked (or super liked) the viewer: a like back is a match. */
  'candidate_liked_viewer',
  /** Embedding logits u->v and v->u, 0 when no embedding is available (see emb_known). */
  'emb_score_uv',
  'emb_score_vu',
  'emb_known',
  ...AGGREGATE_FEATURES.map((n) => `viewer_${n}` as const),
  ...AGGREGATE_FEATURES.map((n) => `cand_${n}` as const),
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Number of features: the length of every vector. */
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** Position of each feature in the vector. */
export const FEATURE_INDEX: Readonly<Record<FeatureName, number>> = Object.freeze(
  Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Record<FeatureName, number>,
);
