import { Logger } from '@nestjs/common';
import { missingIds, type RedisClient, ThrottledWarning } from '@app/common';
import type { RecommendationsReply } from '@app/contracts';
import { type CacheParams, generationKey, globalGenerationKey, pageKey, parseCacheKey } from './cache-keys';

/** Generations outlive any page by far, and still vanish for users who stopped using the app. */
const GENERATION_TTL_S = 30 * 24 * 3600;

/** A short-lived cache of recommendation pages per viewer and request parameters. */
export class RecommendationCache {
  private readonly logger = new Logger(RecommendationCache.name);
  // Every request reads the cache: at most one warning about Redis every 10 s.
  private readonly away = new ThrottledWarning((line) => this.logger.warn(line));

  constructor(
    private readonly client: RedisClient,
    private readonly namespace: string,
    /** Seconds a page is kept; 0 turns the cache off. */
    readonly ttlSeconds: number,
  ) {}

  /**
   * The key this request reads and writes now (its viewer's current generation), or null when
   * off, or when Redis does not answer: the page is then computed and not cached, as with the
   * cache off. Never a stale page: without the generation, nothing is read.
   */
  async keyFor(viewer: number, params: CacheParams): Promise<string | null> {
    if (this.ttlSeconds <= 0) return null;
    try {
      const [gen, all] = await this.client.redis.mget(
        generationKey(this.namespace, viewer),
        globalGenerationKey(this.namespace),
      );
      return pageKey(this.namespace, viewer, Number(gen ?? 0), params, Number(all ?? 0));
    } catch (err) {
      this.away.warn(`cache skipped, Redis did not answer: ${(err as Error).message}`);
      return null;
    }
  }

  async get(key: string | null): Promise<RecommendationsReply | null> {
    if (!key) return null;
    try {
      const text = await this.client.redis.get(key);
      return text ? (JSON.parse(text) as RecommendationsReply) : null;
    } catch (err) {
      // A cache that cannot be read costs latency, not the answer.
      this.away.warn(`cache skipped, Redis did not answer: ${(err as Error).message}`);
      return null;
    }
  }

  async set(key: string | null, reply: RecommendationsReply): Promise<void> {
    if (!key) return;
    try {
      await this.client.redis.set(key, JSON.stringify(reply), 'EX', this.ttlSeconds);
    } catch (err) {
      // A cache that cannot be written costs latency, not correctness.
      this.away.warn(`could not cache a page: ${(err as Error).message}`);
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

  /** Deletes a deleted viewer's generation key (their pages go with the sweep: their generation is stale). */
  async forgetViewer(viewer: number): Promise<void> {
    await this.client.redis.del(generationKey(this.namespace, viewer));
  }

  /**
   * The erasure sweep of the cache: deletes every page cached before the last global
   * invalidation (a deletion or deactivation: such a page may show the person who left, and is
   * never served again anyway), and every key of a viewer `exists` does not know (deleted).
   * Returns how many deleted viewers had keys. One SCAN of the keyspace.
   */
  async sweep(exists: (ids: number[]) => Promise<ReadonlySet<number>>): Promise<number> {
    const redis = this.client.redis;
    const globalGen = Number((await redis.get(globalGenerationKey(this.namespace))) ?? 0);
    const prefix = `${this.namespace}rec:`;
    const byViewer = new Map<number, string[]>();
    const stale: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const parsed = parseCacheKey(key.slice(prefix.length));
        if (!parsed) continue;
        if (parsed.globalGeneration !== null && parsed.globalGeneration < globalGen) stale.push(key);
        else {
          const list = byViewer.get(parsed.viewer);
          if (list) list.push(key);
          else byViewer.set(parsed.viewer, [key]);
        }
      }
    } while (cursor !== '0');
    const gone = await missingIds(byViewer.keys(), exists);
    const doomed = [...stale, ...gone.flatMap((v) => byViewer.get(v)!)];
    for (let i = 0; i < doomed.length; i += 1000) await redis.unlink(...doomed.slice(i, i + 1000));
    return gone.length;
  }

  private async bump(key: string): Promise<void> {
    await this.client.redis.multi().incr(key).expire(key, GENERATION_TTL_S).exec();
  }
}
