import type { DataSource } from 'typeorm';
import type Redis from 'ioredis';
import type { EventStream } from '../events/event-stream';

/** One dependency a service needs, checked by its health ping. */
export interface DependencyCheck {
  readonly name: string;
  isUp(): Promise<boolean>;
}

export const DEPENDENCY_CHECKS = Symbol('DEPENDENCY_CHECKS');

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

/** PostgreSQL through the service's own DataSource. */
export const postgresCheck = (ds: DataSource): DependencyCheck => ({
  name: 'postgres',
  // A bare liveness ping (no table), so no repository: it asks only whether the pool answers.
  isUp: () =>
    withTimeout(ds.query('SELECT 1'), 2000).then(
      () => true,
      () => false,
    ),
});

/** Redis through the service's own client. */
export const redisCheck = (redis: Redis): DependencyCheck => ({
  name: 'redis',
  isUp: () =>
    withTimeout(redis.ping(), 2000).then(
      (r) => r === 'PONG',
      () => false,
    ),
});

/** The JetStream API. */
export const jetstreamCheck = (events: EventStream): DependencyCheck => ({
  name: 'jetstream',
  isUp: () => withTimeout(events.isUp(), 2000).catch(() => false),
});
