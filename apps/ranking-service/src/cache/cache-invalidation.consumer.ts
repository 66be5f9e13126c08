import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventStream, PeriodicSweep } from '@app/common';
import { DurableConsumers, Subjects, userIdOfEvent } from '@app/contracts';
import { UsersRepository } from '@app/db';
import { cacheEffectOfUserEvent, viewersToInvalidate } from './cache-keys';
import { RecommendationCache } from './recommendation-cache';
import { RankingConfig } from '../ranking.config';

/**
 * Durable consumers (shared by replicas: the cache is in Redis, so one replica invalidating is
 * enough). One filter subject per consumer (nats-server 2.9), so user events have their own.
 */
@Injectable()
export class CacheInvalidationConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CacheInvalidationConsumer.name);
  /** The cache's erasure sweep (ARCHITECTURE.md, "Erasure"), also run after each deletion. */
  private readonly sweep: PeriodicSweep;

  constructor(
    private readonly events: EventStream,
    private readonly cache: RecommendationCache,
    private readonly users: UsersRepository,
    config: RankingConfig,
  ) {
    this.sweep = new PeriodicSweep('recommendation cache', config.ERASURE_SWEEP_MS, () =>
      this.cache.sweep((ids) => this.users.findExistingIds(ids)),
    );
  }

  onApplicationShutdown(): void {
    this.sweep.stop();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.sweep.start();
    const { interactionCreated, anyUser } = Subjects.events;
    await this.events.consume(interactionCreated, { durable: DurableConsumers.rankingCache }, async ({ payload }) => {
      for (const viewer of viewersToInvalidate(payload)) await this.cache.invalidate(viewer);
    });
    await this.events.consume(anyUser, { durable: DurableConsumers.rankingCacheUsers }, async (event) => {
      // Ids only in the event: whether an updated user is still active is read from PostgreSQL.
      const isActive =
        event.subject === Subjects.events.userUpdated
          ? ((await this.users.findById(userIdOfEvent(event.payload)))?.isActive ?? null)
          : null;
      const effect = cacheEffectOfUserEvent(event, isActive);
      if (effect === 'everyone') await this.cache.invalidateAll();
      else if (effect) await this.cache.invalidate(effect.viewer);
      if (event.subject === Subjects.events.userDeleted) {
        await this.cache.forgetViewer(userIdOfEvent(event.payload));
        // Their pages and everyone's pages that may show them are stale now: deleted at once.
        void this.sweep.run();
      }
    });
    this.logger.log(`invalidating cached recommendations on ${interactionCreated} and ${anyUser}`);
  }
}
