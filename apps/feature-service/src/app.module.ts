import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventsModule, JetStreamService, jetstreamCheck, postgresCheck, RedisClient, redisCheck, RedisModule, ServiceCoreModule, type ServiceConfig } from '@app/common';
import { DbModule } from '@app/db';
import { FeaturesModule } from './features/features.module';

/** The feature store: profile features, behavioural aggregates and real-time counters, served in batches. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot(config.DATABASE_URL, config.DB_POOL_SIZE),
        RedisModule.forRoot(config.REDIS_URL, 'feature-service'),
        EventsModule.forRoot({ servers: config.natsServers, name: 'feature-service', relayOutbox: false }),
        ServiceCoreModule.forService({
          service: 'feature-service',
          config,
          checks: {
            inject: [DataSource, RedisClient, JetStreamService],
            useFactory: (ds: DataSource, r: RedisClient, js: JetStreamService) => [postgresCheck(ds), redisCheck(r.redis), jetstreamCheck(js)],
          },
        }),
        FeaturesModule.forRoot(config),
      ],
    };
  }
}
