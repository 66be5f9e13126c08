import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { postgresCheck, RedisClient, redisCheck, RedisModule, ServiceCoreModule, type ServiceConfig } from '@app/common';
import { DbModule } from '@app/db';

/** The recommendation flow: candidates, features, the ranking model, two-sided re-ranking, explanations. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot(config.DATABASE_URL, config.DB_POOL_SIZE),
        RedisModule.forRoot(config.REDIS_URL, 'ranking-service'),
        ServiceCoreModule.forService({
          service: 'ranking-service',
          config,
          checks: { inject: [DataSource, RedisClient], useFactory: (ds: DataSource, r: RedisClient) => [postgresCheck(ds), redisCheck(r.redis)] },
        }),
      ],
    };
  }
}
