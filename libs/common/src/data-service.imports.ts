import type { DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ServiceName } from '@app/contracts';
import { DbModule } from '@app/db/db.module';
import type { ServiceConfig } from './config/service-config';
import { EventStream } from './events/event-stream';
import { OutboxModule } from './events/outbox.module';
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
 * What a service on PostgreSQL and the event stream needs: the database, the outbox relay when
 * it announces changes, Redis when asked, and health checks of each (and of JetStream).
 */
export function dataServiceImports(
  service: ServiceName,
  config: ServiceConfig,
  options: DataServiceOptions = {},
): DynamicModule[] {
  const { relayOutbox = true, redis = false } = options;
  const inject = redis ? [DataSource, EventStream, RedisClient] : [DataSource, EventStream];
  return [
    DbModule.forRoot(config.DATABASE_URL, config.DB_POOL_SIZE),
    ...(redis ? [RedisModule.forRoot(config.REDIS_URL, service)] : []),
    // After the database: Nest stops the relay (its last pass) before it closes the pool.
    ...(relayOutbox ? [OutboxModule.forRoot()] : []),
    ServiceCoreModule.forService({
      service,
      config,
      checks: {
        inject,
        useFactory: (ds: DataSource, events: EventStream, r?: RedisClient): DependencyCheck[] => [
          postgresCheck(ds),
          jetstreamCheck(events),
          ...(r ? [redisCheck(r.redis)] : []),
        ],
      },
    }),
  ];
}
