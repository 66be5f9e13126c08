import type { DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BUS_ACCESS, type ServiceName } from '@app/contracts';
import { DbModule } from '@app/db/db.module';
import type { ServiceConfig } from './config/service-config';
import { EventStream } from './events/event-stream';
import { OutboxModule } from './events/outbox.module';
import { type DependencyCheck, jetstreamCheck, postgresCheck, redisCheck } from './health/dependency-check';
import { RedisClient, RedisModule } from './redis/redis.module';
import { ServiceCoreModule } from './service-core.module';

export interface DataServiceOptions {
  /** The service keeps counters or caches in Redis (default false). */
  redis?: boolean;
}

/**
 * What a service on PostgreSQL and the event stream needs: the database, the outbox relay when
 * it announces events (BUS_ACCESS: the events it publishes), Redis when asked, and health
 * checks of each (and of JetStream).
 */
export function dataServiceImports(
  service: ServiceName,
  config: ServiceConfig,
  options: DataServiceOptions = {},
): DynamicModule[] {
  const { redis = false } = options;
  const announces = BUS_ACCESS[service].publishes;
  const inject = redis ? [DataSource, EventStream, RedisClient] : [DataSource, EventStream];
  return [
    DbModule.forRoot(config.DATABASE_URL, config.DB_POOL_SIZE, service),
    ...(redis ? [RedisModule.forRoot(config.REDIS_URL, service)] : []),
    // After the database: Nest stops the relay (its last pass) before it closes the pool.
    ...(announces.length ? [OutboxModule.forRoot(announces)] : []),
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
