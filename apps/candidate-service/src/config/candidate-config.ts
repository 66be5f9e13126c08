import { IsIn, IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '@app/common/config/service-config';
import { MAX_CANDIDATE_POOL } from '@app/contracts';

/** Settings of the candidate service on top of what every service reads; validated at boot. */
export class CandidateConfig extends ServiceConfig {
  /** Candidates returned when a request does not say how many. */
  @IsInt()
  @Min(1)
  @Max(MAX_CANDIDATE_POOL)
  CANDIDATE_GENERATION_TOP_K: number = 100;

  /** Backend of the collaborative index: hnsw (default), exact (reference) or faiss (optional build). */
  @IsIn(['hnsw', 'exact', 'faiss'])
  CANDIDATE_ANN_BACKEND: 'hnsw' | 'exact' | 'faiss' = 'hnsw';

  /** hnsw candidate list size while searching (recall against speed; see docs/benchmarks.md). */
  @IsInt()
  @Min(10)
  @Max(2000)
  CANDIDATE_ANN_EF_SEARCH: number = 150;

  /**
   * Largest eligible pool the collaborative arm scores exactly (every taste·appeal product);
   * a larger pool (no distance limit in a big market) is searched through the ANN index with
   * the same eligibility check inside the search. 0 always uses the index.
   */
  @IsInt()
  @Min(0)
  @Max(100_000)
  CANDIDATE_POOL_MAX: number = 5000;

  /**
   * How often the active embeddings version is re-read from the registry, as a safety net under
   * the activation event (which a reconnect could miss).
   */
  @IsInt()
  @Min(1000)
  CANDIDATE_MODEL_POLL_MS: number = 30_000;

  /**
   * How often popularity and exposure counts (exploration arms) catch up with new swipes and
   * impressions (incrementally; see WindowedTally). Often, so each catch-up is small: at 300
   * pages a second, a minute's worth of pages cost PostgreSQL about 0.1 s of one core at once.
   */
  @IsInt()
  @Min(1000)
  CANDIDATE_POPULARITY_REFRESH_MS: number = 10_000;

  /**
   * Viewers whose history (swipes, blocks, likers) this instance keeps in memory, patched by
   * the interaction events, least recently used dropped first; a viewer not kept costs one
   * query. 0 reads every request's history from PostgreSQL. A few hundred bytes a viewer.
   */
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  CANDIDATE_HISTORY_VIEWERS: number = 100_000;
}
