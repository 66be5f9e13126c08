import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type Redis from 'ioredis';

/**
 * The algorithm of @nest-lab/throttler-storage-redis (a hit counter per window, and a block
 * once over the limit that lasts `blockDuration`), with one change: a request adds its cost
 * (INCRBY) instead of 1, so a rank of 500 ids and a profile read draw on one budget.
 * KEYS: hits, block. ARGV: ttl ms, limit, block ms, cost.
 */
const COSTED_THROTTLE_LUA = `
local hitKey = KEYS[1]
local blockKey = KEYS[2]
local ttl = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local blockDuration = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])

local totalHits = redis.call('INCRBY', hitKey, cost)
local timeToExpire = redis.call('PTTL', hitKey)
if timeToExpire <= 0 then
  redis.call('PEXPIRE', hitKey, ttl)
  timeToExpire = ttl
end

local isBlocked = redis.call('GET', blockKey)
local timeToBlockExpire = 0
if isBlocked then
  timeToBlockExpire = redis.call('PTTL', blockKey)
elseif totalHits > limit then
  redis.call('SET', blockKey, 1, 'PX', blockDuration)
  isBlocked = '1'
  timeToBlockExpire = blockDuration
end

if isBlocked and timeToBlockExpire <= 0 then
  redis.call('DEL', blockKey)
  redis.call('SET', hitKey, cost, 'PX', ttl)
  totalHits = cost
  timeToExpire = ttl
  isBlocked = false
end

return { totalHits, timeToExpire, isBlocked and 1 or 0, timeToBlockExpire }
`;

interface CostedThrottleCommand {
  costedThrottle(
    hitKey: string,
    blockKey: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    cost: number,
  ): Promise<[number, number, number, number]>;
}

/**
 * @nest-lab/throttler-storage-redis on the app's own ioredis connection, with a cost per request
 * and keys in the deployment's namespace: `<namespace>ratelimit:{<tracker>}:<throttler>:hits`
 * (and `:blocked`). The script runs by EVALSHA (ioredis defineCommand), not by sending its text
 * with every request.
 */
export class CostedRedisThrottlerStorage extends ThrottlerStorageRedisService {
  constructor(
    redis: Redis,
    private readonly namespace: string,
  ) {
    super(redis);
    redis.defineCommand('costedThrottle', { numberOfKeys: 2, lua: this.scriptSrc });
  }

  override getScriptSrc(): string {
    return COSTED_THROTTLE_LUA;
  }

  /** Adds `cost` hits for `key` (the tracker) in its window; the record says whether it is over the limit. */
  override async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
    cost = 1,
  ): Promise<ThrottlerStorageRecord> {
    const base = `${this.namespace}ratelimit:{${key}}:${throttlerName}`;
    const redis = this.redis as unknown as CostedThrottleCommand;
    const [totalHits, timeToExpire, isBlocked, timeToBlockExpire] = await redis.costedThrottle(
      `${base}:hits`,
      `${base}:blocked`,
      ttl,
      limit,
      blockDuration,
      cost,
    );
    return {
      totalHits,
      timeToExpire: Math.ceil(timeToExpire / 1000),
      isBlocked: isBlocked === 1,
      timeToBlockExpire: Math.ceil(timeToBlockExpire / 1000),
    };
  }
}
