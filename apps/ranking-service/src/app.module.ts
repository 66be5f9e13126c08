import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventsModule, JetStreamService, jetstreamCheck, postgresCheck, RedisClient, redisCheck, RedisModule, RpcClientModule, ServiceCoreModule } from '@app/common';
import { DbModule } from '@app/db';
import type { RankingConfig } from './ranking.config';
import { RankingModule } from './ranking.module';

/** The recommendation flow: candidates, features, the ranking model, two-sided re-ranking, explanations. */
@Module({})
export class AppModule {
  static forRoot(config: RankingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DbModule.forRoot(config.DATABASE_URL, config.DB_POOL_SIZE),
        RedisModule.forRoot(config.REDIS_URL, 'ranking-service'),
        EventsModule.forRoot({ servers: config.natsServers, name: 'ranking-service', relayOutbox: false }),
        RpcClientModule.register({ servers: config.natsServers, timeoutMs: config.RPC_TIMEOUT_MS, name: `ranking-service-${config.SERVICE_INSTANCE}` }),
        // The config is registered under its class (RankingConfig), so handlers inject it typed.
        ServiceCoreModule.forService({
          service: 'ranking-service',
          config,
          checks: {
            inject: [DataSource, RedisClient, JetStreamService],
            useFactory: (ds: DataSource, r: RedisClient, js: JetStreamService) => [postgresCheck(ds), redisCheck(r.redis), jetstreamCheck(js)],
          },
        }),
        RankingModule.forRoot(config),
      ],
    };
  }
}
