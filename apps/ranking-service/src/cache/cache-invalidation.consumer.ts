import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JetStreamService } from '@app/common';
import { Subjects, type EventPayload } from '@app/contracts';
import { cacheEffectOfUserEvent, viewersToInvalidate } from './cache-keys';
import { RecommendationCache } from './recommendation-cache';

/** Durable (shared by replicas: the cache is in Redis, so one replica invalidating is enough). */
export const CACHE_CONSUMER = 'ranking-service-cache';
/** One filter subject per consumer (nats-server 2.9), so user events have their own. */
export const CACHE_USERS_CONSUMER = 'ranking-service-cache-users';

@Injectable()
export class CacheInvalidationConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(CacheInvalidationConsumer.name);

  constructor(
    private readonly js: JetStreamService,
    private readonly cache: RecommendationCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.js.consume(CACHE_CONSUMER, Subjects.events.interactionCreated, async (_subject, payload) => {
      for (const viewer of viewersToInvalidate(payload as EventPayload<'events.interaction.created'>)) await this.cache.invalidate(viewer);
    });
    await this.js.consume(CACHE_USERS_CONSUMER, Subjects.events.anyUser, async (subject, payload) => {
      const effect = cacheEffectOfUserEvent(subject, payload);
      if (effect === 'everyone') await this.cache.invalidateAll();
      else if (effect) await this.cache.invalidate(effect.viewer);
    });
    this.logger.log(`invalidating cached recommendations on ${Subjects.events.interactionCreated} and ${Subjects.events.anyUser}`);
  }
}
