import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '@app/common';

/** Ranking settings on top of what every service reads. */
export class RankingConfig extends ServiceConfig {
  /** Seconds a recommendation page stays cached (invalidated earlier by the viewer's swipes); 0 turns caching off. */
  @IsInt()
  @Min(0)
  @Max(3600)
  RECOMMENDATION_CACHE_TTL_SECONDS: number = 60;

  /** Candidates gathered per request (more when a deep page asks for more). */
  @IsInt()
  @Min(10)
  @Max(1000)
  CANDIDATE_GENERATION_TOP_K: number = 100;

  /** Milliseconds served lists wait before their impressions go to PostgreSQL in one insert (see ImpressionsWriter). */
  @IsInt()
  @Min(1)
  @Max(60_000)
  IMPRESSIONS_FLUSH_MS: number = 200;

  /**
   * How long a recommendation waits for the feature store before it serves a degraded page in
   * candidate order instead (RecommendService); at most RPC_TIMEOUT_MS matters. A batch takes
   * milliseconds when the store is healthy.
   */
  @IsInt()
  @Min(50)
  @Max(60_000)
  FEATURES_TIMEOUT_MS: number = 1000;
}
