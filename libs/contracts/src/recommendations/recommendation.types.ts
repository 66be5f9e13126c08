/**
 * Contracts of the feature store and ranking (owned by the recommendation feature). WARNING: subjects are wire
 * contracts; add, never rename.
 */

import type { CandidateFilters, CandidateSource } from '../candidates/candidate.types';
import { Subjects } from '../subjects';

export type RecommendationFilters = CandidateFilters;

/** One feature's share of the ranker's logit (standardised scale), largest |contribution| first. */
export interface FeatureContribution {
  feature: string;
  value: number;
  contribution: number;
}

/** One recommended person, with why. */
export interface RecommendationView {
  user_id: number;
  /** Chance of a match: p_like × p_liked_back. */
  score: number;
  p_like: number;
  p_liked_back: number;
  sources: CandidateSource[];
  explanation: string[];
  /** Filled when explanations were asked for (the explain endpoint, rank); empty otherwise. */
  contributions: FeatureContribution[];
  position: number;
  /** Interests both list, and their distance in km when both have coordinates. */
  shared_interests: string[];
  distance_km: number | null;
}

/**
 * Which scorer produced the probabilities: the active learned ranker, or the documented
 * hand-weighted fallback used while no ranker has been trained (model_versions.ranker is null).
 */
export type RecommendationScorer = 'ranker' | 'fallback';

export interface RecommendationsReply {
  user_id: number;
  items: RecommendationView[];
  limit: number;
  offset: number;
  /** Versions that produced the list: ranker, embeddings (features), candidates (ANN); null when none. */
  model_versions: Record<string, number | null>;
  scorer: RecommendationScorer;
  /**
   * True when the feature store could not answer (down, too slow, or on another feature list
   * than the ranker's): the page was ordered from what candidate generation knew, by the
   * fallback scorer (`scorer: 'fallback'`), rather than failing. Such a page is not cached.
   */
  degraded: boolean;
  cached: boolean;
  request_id: string | null;
}

/**
 * Why an app-supplied candidate cannot be shown (the hard rules no score overrides). An admin
 * is told the rule; a user only `unavailable`, whatever the rule (it would reveal the other's
 * preferences, a block, or that an account exists).
 */
export type RejectionReason =
  | 'unavailable'
  | 'self'
  | 'not_found'
  | 'inactive'
  | 'already_swiped'
  | 'blocked'
  | 'gender_preference'
  | 'age_preference'
  | 'distance_preference';

export interface RankReply {
  user_id: number;
  /** Eligible candidates, best match first, each scored and explained. */
  items: RecommendationView[];
  rejected: { user_id: number; reason: RejectionReason }[];
  model_versions: Record<string, number | null>;
  scorer: RecommendationScorer;
  request_id: string | null;
}

/** What the ranking stage needs of one pair besides its vectors (those are in FeatureBatchReply.vectors). */
export interface PairFeatureView {
  candidate_id: number;
  shared_interests: string[];
  distance_km: number | null;
  /** The candidate already liked the viewer. */
  liked_viewer: boolean;
  /** Likes received by the candidate (aggregates + real-time counters): popularity for re-ranking. */
  likes_received: number;
  /** Days since the candidate joined (for "new here"), to the hundredth of a day. */
  days_since_joined: number;
}

/**
 * Likes between the viewer and the requested candidates that the caller read from PostgreSQL
 * in this same request. When given, the feature store takes them instead of querying again:
 * the recommendation flow has them from candidate generation (who liked the viewer; the viewer
 * swiped none of the candidates, by the hard rules), and one query per request less is a tenth
 * of its database work. Ids outside `candidate_ids` are ignored.
 */
export interface KnownLikes {
  /** Candidates who liked or super-liked the viewer. */
  liked_viewer: number[];
  /** Candidates the viewer liked or super-liked. */
  liked_by_viewer: number[];
}

export interface FeatureBatchRequest {
  viewer_id: number;
  candidate_ids: number[];
  known_likes?: KnownLikes;
}

export interface FeatureBatchReply {
  viewer_id: number;
  feature_names: string[];
  items: PairFeatureView[];
  /**
   * Both directions' feature vectors of every item, in `feature_names` order, back to back in
   * one array (libs/ml pairVectors), which travels as its bytes (libs/common rpc-wire.ts):
   * vector 2i is item i's forward one (the viewer judging the candidate: the input of p_like),
   * vector 2i + 1 its backward one (the candidate judging the viewer: the input of p_liked_back).
   */
  vectors: Float32Array;
  /** Requested candidates that do not exist (deleted meanwhile): no vector. */
  missing: number[];
  /** Embeddings version the emb_score features came from; null when none is active. */
  embeddings_version: number | null;
}

/** Served recommendations and their outcomes for one ranker version (null: the fallback scorer). */
export interface VersionPerformance {
  ranker_version: number | null;
  scorer: RecommendationScorer;
  /** Impression rows (every time a profile was shown). */
  served: number;
  /** Distinct (viewer, candidate) pairs shown. */
  pairs: number;
  viewers: number;
  /** Pairs the viewer liked or super liked after first being shown the candidate. */
  liked: number;
  like_rate: number;
  /** Liked pairs that are matches now (liked back, no block either way). */
  matched: number;
  match_rate: number;
}

export interface PerformanceReply {
  window_hours: number;
  since: string;
  versions: VersionPerformance[];
  /** Latency of ranking.recommend in this ranking-service replica over its 10-minute window. */
  latency_ms: { count: number; p50: number; p90: number; p99: number };
}

type Rpc<Req, Rep> = { request: Req; reply: Rep };

/** Request and reply of each recommendation subject. */
export type RecommendationRpcs = {
  [Subjects.features.batch]: Rpc<FeatureBatchRequest, FeatureBatchReply>;
  [Subjects.ranking.recommend]: Rpc<
    { user_id: number; limit: number; offset: number; filters?: RecommendationFilters; explain: boolean },
    RecommendationsReply
  >;
  [Subjects.ranking.rank]: Rpc<{ user_id: number; candidate_ids: number[] }, RankReply>;
  [Subjects.ranking.performance]: Rpc<{ window_hours: number }, PerformanceReply>;
};
