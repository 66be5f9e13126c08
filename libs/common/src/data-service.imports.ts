import type { DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ServiceName } from '@app/contracts';
import { DbModule } from '@app/db/db.module';
import type { ServiceConfig } from './config/service-config';
import { EventsModule } from './events/events.module';
import { JetStreamService } from './events/jetstream.service';
import { type DependencyCheck, jetstreamCheck, postgresCheck, redisCheck } from './health/dependency-check';
import { RedisClient, RedisModule } from './redis/redis.module';
import { ServiceCoreModule } from './service-core.module';

export interface DataServiceOptions {
  /** The service owns data whose changes it announces through the outbox (default true). */
  relayOutbox?: boolean;
  /** The service keeps counters or caches in Redis (default false). */
  redis?: boolean;
}

/**
 * What a service on PostgreSQL and the event stream needs: the database, JetStream (with the
 * outbox relay when it announces changes), Redis when asked, and health checks of each.
 */
export function dataServiceImports(service: ServiceName, config: ServiceConfig, options: DataServiceOptions = {}): DynamicModule[] {
  const { relayOutbox = true, redis = false } = options;
  const inject = redis ? [DataSource, JetStreamService, RedisClient] : [DataSource, JetStreamService];
  return [
    DbModule.forRoot(config.DATABASE_URL, config.DB_POOL_SIZE),
    ...(redis ? [RedisModule.forRoot(config.REDIS_URL, service)] : []),
    EventsModule.forRoot({ servers: config.natsServers, name: service, relayOutbox }),
    ServiceCoreModule.forService({
      service,
      config,
      checks: {
        inject,
        useFactory: (ds: DataSource, js: JetStreamService, r?: RedisClient): DependencyCheck[] => [
          postgresCheck(ds),
          jetstreamCheck(js),
          ...(r ? [redisCheck(r.redis)] : []),
        ],
      },
    }),
  ];
}
