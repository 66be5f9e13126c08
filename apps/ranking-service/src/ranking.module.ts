import { type DynamicModule, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RedisClient } from '@app/common';
import type { RankerModel } from '@app/ml/ranker/model';
import { CacheInvalidationConsumer } from './cache/cache-invalidation.consumer';
import { RecommendationCache } from './cache/recommendation-cache';
import { ImpressionsWriter } from './impressions/impressions.writer';
import { PerformanceService } from './performance/performance.service';
import { ActiveModel } from '@app/common/models/active-model';
import { redisNamespace } from '@app/common/redis/redis-namespace';
import { RankService } from './rank/rank.service';
import { RankingConfig } from './ranking.config';
import { RankingController } from './ranking.controller';
import { RecommendService } from './recommend/recommend.service';
import { parseRankerArtifact, RANKER_KIND } from './scoring/active-ranker';

/** Recommendations, ranking of supplied lists, and the performance report. */
@Module({})
export class RankingModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly ranker: ActiveModel<RankerModel>,
    private readonly config: RankingConfig,
  ) {}

  static forRoot(config: RankingConfig): DynamicModule {
    return {
      module: RankingModule,
      controllers: [RankingController],
      providers: [
        { provide: ActiveModel, inject: [DataSource], useFactory: (ds: DataSource) => new ActiveModel<RankerModel>(RANKER_KIND, ds, parseRankerArtifact) },
        {
          provide: RecommendationCache,
          inject: [RedisClient],
          useFactory: (r: RedisClient) => new RecommendationCache(r, redisNamespace(config.DATABASE_URL), config.RECOMMENDATION_CACHE_TTL_SECONDS),
        },
        ImpressionsWriter,
        RecommendService,
        RankService,
        PerformanceService,
        CacheInvalidationConsumer,
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ranker.start(this.config.natsServers);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ranker.stop();
  }
}
