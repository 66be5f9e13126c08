/**
 * Contracts of candidate generation (owned by the candidate feature).
 * WARNING: subjects are wire contracts; add, never rename.
 */

import { Subjects } from '../subjects';

/** Where a candidate came from. */
export type CandidateSource = 'collaborative' | 'content' | 'reciprocal' | 'exploration';

export interface Candidate {
  user_id: number;
  sources: CandidateSource[];
  /**
   * Source scores, for features and explanations. Their scales differ by source:
   * - collaborative: the embedding logit taste(viewer)·appeal(candidate) + appealBias(candidate);
   * - content: 0..1, shared interests (cosine of the interest sets), age fit and nearness;
   * - reciprocal: 2 when the candidate super-liked the viewer, 1 when they liked the viewer;
   * - exploration: 0..1, newness and under-exposure, or relative popularity (cold start).
   */
  scores: Partial<Record<CandidateSource, number>>;
  /**
   * The candidate liked or super-liked the viewer, as read with the viewer's history for this
   * request (whether or not the reciprocal source placed them). The ranking stage hands it to
   * the feature store, which then need not read the same likes again.
   */
  liked_viewer: boolean;
}

/** Optional narrowing a client may ask for, on top of both people's own preferences. */
export interface CandidateFilters {
  min_age?: number;
  max_age?: number;
  /** Needs the viewer's coordinates; candidates without coordinates are then excluded. */
  max_distance_km?: number;
  interest?: string;
}

export interface GenerateCandidatesRequest {
  user_id: number;
  /** How many candidates at most; defaults to CANDIDATE_GENERATION_TOP_K (100), at most MAX_CANDIDATE_POOL. */
  k?: number;
  filters?: CandidateFilters;
}

export interface GenerateCandidatesReply {
  user_id: number;
  candidates: Candidate[];
  /** The embeddings version the collaborative source used; null when none is loaded. */
  model_version: number | null;
  /** True when the viewer has no swipes yet: content and exploration carry the list. */
  cold_start: boolean;
}

/** A user whose embeddings are close to the asked-for user's. */
export interface SimilarUser {
  user_id: number;
  /** Mean of the cosine similarities of the taste vectors and of the appeal vectors, in -1..1. */
  score: number;
  /** The two parts of `score`: whom they like, and who likes them. */
  taste: number;
  appeal: number;
}

export interface SimilarUsersReply {
  user_id: number;
  items: SimilarUser[];
  /** The embeddings version used; null when none is loaded (items are then empty). */
  model_version: number | null;
}

type Rpc<Req, Rep> = { request: Req; reply: Rep };

/** Request and reply of each candidate subject. */
export type CandidateRpcs = {
  [Subjects.candidates.generate]: Rpc<GenerateCandidatesRequest, GenerateCandidatesReply>;
  /** NOT_FOUND for an unknown user; empty items when the user is not in the active model. */
  [Subjects.candidates.similar]: Rpc<{ user_id: number; limit?: number }, SimilarUsersReply>;
};
