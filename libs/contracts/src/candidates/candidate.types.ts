/**
 * Contracts of candidate generation (owned by the candidate feature).
 * WARNING: subjects are wire contracts; add, never rename.
 */

/** Where a candidate came from. */
export type CandidateSource = 'collaborative' | 'content' | 'reciprocal' | 'exploration';

export interface Candidate {
  user_id: number;
  sources: CandidateSource[];
  /** Source scores (e.g. taste·appeal for collaborative), for features and explanations. */
  scores: Partial<Record<CandidateSource, number>>;
}

/** Optional narrowing a client may ask for, on top of both people's own preferences. */
export interface CandidateFilters {
  min_age?: number;
  max_age?: number;
  max_distance_km?: number;
  interest?: string;
}

/** NATS subjects of the candidate service. */
export const CandidateSubjects = {
  generate: 'candidates.generate',
  similar: 'candidates.similar',
} as const;

type Rpc<Req, Rep> = { request: Req; reply: Rep };

/** Request and reply of each candidate subject. */
export type CandidateRpcs = {
  'candidates.generate': Rpc<{ user_id: number; k: number; filters?: CandidateFilters }, { user_id: number; candidates: Candidate[]; model_version: number | null }>;
};
