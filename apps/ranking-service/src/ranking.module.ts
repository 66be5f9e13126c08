import { type DynamicModule, Module } from '@nestjs/common';
import { activeModelProvider, RedisClient } from '@app/common';
import { CacheInvalidationConsumer } from './cache/cache-invalidation.consumer';
import { RecommendationCache } from './cache/recommendation-cache';
import { ImpressionsWriter } from './impressions/impressions.writer';
import { PerformanceService } from './performance/performance.service';
import { redisNamespace } from '@app/common/redis/redis-namespace';
import { RankService } from './rank/rank.service';
import type { RankingConfig } from './ranking.config';
import { RankingController } from './ranking.controller';
import { RecommendService } from './recommend/recommend.service';
import { RecommendationMetrics } from './recommend/recommendation-metrics';
import { parseRankerArtifact, RANKER_KIND } from './scoring/active-ranker';

/** Recommendations, ranking of supplied lists, and the performance report. */
@Module({})
export class RankingModule {
  static forRoot(config: RankingConfig): DynamicModule {
    return {
      module: RankingModule,
      controllers: [RankingController],
      providers: [
        activeModelProvider(RANKER_KIND, parseRankerArtifact),
        {
          provide: RecommendationCache,
          inject: [RedisClient],
          useFactory: (r: RedisClient) =>
            new RecommendationCache(r, redisNamespace(config.DATABASE_URL), config.RECOMMENDATION_CACHE_TTL_SECONDS),
        },
        ImpressionsWriter,
        RecommendService,
        RecommendationMetrics,
        RankService,
        PerformanceService,
        CacheInvalidationConsumer,
      ],
    };
  }
}
