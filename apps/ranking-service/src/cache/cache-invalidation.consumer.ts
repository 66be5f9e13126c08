import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EventStream } from '@app/common';
import { DurableConsumers, Subjects } from '@app/contracts';
import { cacheEffectOfUserEvent, viewersToInvalidate } from './cache-keys';
import { RecommendationCache } from './recommendation-cache';

/**
 * Durable consumers (shared by replicas: the cache is in Redis, so one replica invalidating is
 * enough). One filter subject per consumer (nats-server 2.9), so user events have their own.
 */
@Injectable()
export class CacheInvalidationConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(CacheInvalidationConsumer.name);

  constructor(
    private readonly events: EventStream,
    private readonly cache: RecommendationCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { interactionCreated, anyUser } = Subjects.events;
    await this.events.consume(interactionCreated, { durable: DurableConsumers.rankingCache }, async ({ payload }) => {
      for (const viewer of viewersToInvalidate(payload)) await this.cache.invalidate(viewer);
    });
    await this.events.consume(anyUser, { durable: DurableConsumers.rankingCacheUsers }, async (event) => {
      const effect = cacheEffectOfUserEvent(event);
      if (effect === 'everyone') await this.cache.invalidateAll();
      else if (effect) await this.cache.invalidate(effect.viewer);
    });
    this.logger.log(`invalidating cached recommendations on ${interactionCreated} and ${anyUser}`);
  }
}
