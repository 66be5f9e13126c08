import { Injectable } from '@nestjs/common';
import { RedisClient } from '@app/common';
import type { EventPayload } from '@app/contracts';
import { COUNTERS, type CounterName, counterUpdates } from './counter-updates';

/**
 * Events are kept in Redis a little longer than JetStream keeps them (7 days), so a consumer
 * catching up never writes an event that is pruned at once. The aggregates in PostgreSQL must be
 * recomputed within this window (the trainer does it on its schedule), or older events drop out.
 */
export const RETENTION_MS = 8 * 24 * 3600 * 1000;

/** Counts since a moment, per counter, plus the last swipe given in that span. */
export type CounterCounts = Record<CounterName, number> & { last_swipe_ms: number | null };

/**
 * countsSince in one round trip. KEYS: each user's counter keys, COUNTERS order, user after
 * user; ARGV: each user's lower bound. Returns, per user, the counts then the newest
 * swipes_given score (-1 when none). A pipeline of ZCOUNTs costs the client a command object
 * and a promise each (600 per 100-candidate batch), which dominated the feature store's CPU.
 */
const COUNTS_SINCE_LUA = `
local per = ${COUNTERS.length}
local out = {}
for u = 1, #ARGV do
  local min = ARGV[u]
  for c = 1, per do
    out[#out + 1] = redis.call('ZCOUNT', KEYS[(u - 1) * per + c], min, '+inf')
  end
  local last = redis.call('ZREVRANGEBYSCORE', KEYS[(u - 1) * per + ${COUNTERS.indexOf('swipes_given') + 1}], '+inf', min, 'WITHSCORES', 'LIMIT', 0, 1)
  out[#out + 1] = last[2] or '-1'
end
return out`;

type WithCountsSince = { countsSince(numKeys: number, ...keysAndArgs: string[]): Promise<(number | string)[]> };

/**
 * Real-time counters: one sorted set per (user, counter), members are interaction ids, scores
 * their times. Why sets and not INCR: the baseline in PostgreSQL (user_aggregates) was computed
 * at some `computed_at`, and only events after it may be added on top. A ZCOUNT from that moment
 * is exact; a plain counter cannot tell which increments the baseline already holds. Sets also
 * make a redelivered event a no-op (same member), with no separate dedupe key to expire.
 */
@Injectable()
export class RealtimeCounters {
  constructor(
    private readonly client: RedisClient,
    private readonly namespace: string,
  ) {
    // ioredis runs it with EVALSHA and loads it on a NOSCRIPT reply.
    client.redis.defineCommand('countsSince', { lua: COUNTS_SINCE_LUA });
  }

  key(user: number, counter: CounterName): string {
    return `${this.namespace}fs:rt:${user}:${counter}`;
  }

  /** Applies one interaction event (idempotent). */
  async record(event: EventPayload<'events.interaction.created'>, nowMs = Date.now()): Promise<void> {
    const updates = counterUpdates(event);
    const pipe = this.client.redis.multi();
    for (const u of updates) {
      const key = this.key(u.user, u.counter);
      pipe.zadd(key, u.ts, u.member);
      pipe.zremrangebyscore(key, '-inf', nowMs - RETENTION_MS);
      pipe.pexpire(key, RETENTION_MS);
    }
    const results = await pipe.exec();
    const failed = results?.find(([err]) => err);
    if (failed) throw failed[0];
  }

  /** Counts of each user's events strictly after `sinceMs.get(user)` (all kept events when absent). */
  async countsSince(users: readonly number[], sinceMs: ReadonlyMap<number, number>): Promise<Map<number, CounterCounts>> {
    const out = new Map<number, CounterCounts>();
    if (users.length === 0) return out;
    const keys = users.flatMap((u) => COUNTERS.map((c) => this.key(u, c)));
    const mins = users.map((u) => {
      const since = sinceMs.get(u);
      return since === undefined ? '-inf' : `(${since}`;
    });
    const flat = await (this.client.redis as unknown as WithCountsSince).countsSince(keys.length, ...keys, ...mins);
    const per = COUNTERS.length + 1;
    users.forEach((u, i) => {
      const row = flat.slice(i * per, (i + 1) * per);
      const counts = Object.fromEntries(COUNTERS.map((c, j) => [c, Number(row[j])])) as Record<CounterName, number>;
      const last = Number(row[COUNTERS.length]);
      out.set(u, { ...counts, last_swipe_ms: last >= 0 ? last : null });
    });
    return out;
  }

  /** Drops a deleted user's counters (their interactions are gone from PostgreSQL too). */
  async forget(user: number): Promise<void> {
    await this.client.redis.del(...COUNTERS.map((c) => this.key(user, c)));
  }
}
