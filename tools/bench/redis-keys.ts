/**
 * Each run uses its own Redis namespace (REDIS_KEY_PREFIX and TRAINING_REDIS_PREFIX): a fresh
 * training queue, empty page caches and real-time counters, whatever earlier runs on the same
 * database left. The namespace is deleted when the run ends, so runs do not accumulate keys in
 * the machine's shared Redis.
 */
import Redis from 'ioredis';

export function runNamespace(database: string, runId: string): string {
  return `recsys-bench:${database}:${runId}:`;
}

/** Deletes every key under `prefix` (SCAN + UNLINK: never blocks Redis for other users). */
export async function deleteNamespace(prefix: string): Promise<number> {
  if (!prefix.startsWith('recsys-bench:'))
    throw new Error(`refusing to delete Redis keys outside the bench's namespaces: ${prefix}`);
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
