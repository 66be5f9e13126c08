import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { postgresCheck, RedisClient, redisCheck, RedisModule, ServiceCoreModule, type ServiceConfig } from '@app/common';
import { DbModule } from '@app/db';

/** BullMQ workers that retrain embeddings, rebuild the index, train the ranker and recompute aggregates. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot(config.DATABASE_URL, config.DB_POOL_SIZE),
        RedisModule.forRoot(config.REDIS_URL, 'trainer'),
        ServiceCoreModule.forService({
          service: 'trainer',
          config,
          checks: { inject: [DataSource, RedisClient], useFactory: (ds: DataSource, r: RedisClient) => [postgresCheck(ds), redisCheck(r.redis)] },
        }),
      ],
    };
  }
}
