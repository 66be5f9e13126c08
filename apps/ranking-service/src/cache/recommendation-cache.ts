import { Logger } from '@nestjs/common';
import type { RedisClient } from '@app/common';
import type { RecommendationsReply } from '@app/contracts';
import { type CacheParams, generationKey, globalGenerationKey, pageKey } from './cache-keys';

/** Generations outlive any page by far, and still vanish for users who stopped using the app. */
const GENERATION_TTL_S = 30 * 24 * 3600;

/** A short-lived cache of recommendation pages per viewer and request parameters. */
export class RecommendationCache {
  private readonly logger = new Logger(RecommendationCache.name);

  constructor(
    private readonly client: RedisClient,
    private readonly namespace: string,
    /** Seconds a page is kept; 0 turns the cache off. */
    readonly ttlSeconds: number,
  ) {}

  /** The key this request reads and writes now (its viewer's current generation), or null when off. */
  async keyFor(viewer: number, params: CacheParams): Promise<string | null> {
    if (this.ttlSeconds <= 0) return null;
    const [gen, all] = await this.client.redis.mget(
      generationKey(this.namespace, viewer),
      globalGenerationKey(this.namespace),
    );
    return pageKey(this.namespace, viewer, Number(gen ?? 0), params, Number(all ?? 0));
  }

  async get(key: string | null): Promise<RecommendationsReply | null> {
    if (!key) return null;
    const text = await this.client.redis.get(key);
    return text ? (JSON.parse(text) as RecommendationsReply) : null;
  }

  async set(key: string | null, reply: RecommendationsReply): Promise<void> {
    if (!key) return;
    try {
      await this.client.redis.set(key, JSON.stringify(reply), 'EX', this.ttlSeconds);
    } catch (err) {
      // A cache that cannot be written costs latency, not correctness.
      this.logger.warn(`could not cache ${key}: ${(err as Error).message}`);
    }
  }

  /** Makes every cached page of `viewer` unreachable. */
  async invalidate(viewer: number): Promise<void> {
    await this.bump(generationKey(this.namespace, viewer));
  }

  /** Makes every cached page of every viewer unreachable. */
  async invalidateAll(): Promise<void> {
    await this.bump(globalGenerationKey(this.namespace));
  }

  private async bump(key: string): Promise<void> {
    await this.client.redis.multi().incr(key).expire(key, GENERATION_TTL_S).exec();
  }
}
