/**
 * Contracts of the feature store and ranking (owned by the recommendation feature). WARNING: subjects are wire contracts; add, never rename.
 */

import type { CandidateFilters, CandidateSource } from '../candidates/candidate.types';

export type RecommendationFilters = CandidateFilters;

/** One recommended person, with why. */
export interface RecommendationView {
  user_id: number;
  /** Chance of a match: p_like × p_liked_back. */
  score: number;
  p_like: number;
  p_liked_back: number;
  sources: CandidateSource[];
  explanation: string[];
  contributions: { feature: string; value: number; contribution: number }[];
  position: number;
}

export interface RecommendationsReply {
  user_id: number;
  items: RecommendationView[];
  limit: number;
  offset: number;
  model_versions: Record<string, number | null>;
  cached: boolean;
  request_id: string | null;
}

/** NATS subjects of the recommendation services. */
export const RecommendationSubjects = {
  features: 'features.batch',
  recommend: 'ranking.recommend',
  rank: 'ranking.rank',
  performance: 'ranking.performance',
} as const;

type Rpc<Req, Rep> = { request: Req; reply: Rep };

/** Request and reply of each recommendation subject; the recommendation feature fills these in. */
export type RecommendationRpcs = {
  'ranking.recommend': Rpc<{ user_id: number; limit: number; offset: number; filters?: RecommendationFilters; explain: boolean }, RecommendationsReply>;
};
