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
 * countsSince in one round trip. ARGV: the key prefix, then per user their id and lower bound;
 * the script builds each counter's key (`key()`'s format). Returns, per user, the counts in
 * COUNTERS order then the newest swipes_given score (-1 when none). A pipeline of ZCOUNTs cost
 * the client a command object and a promise each (600 per 100-candidate batch), and passing
 * 500 key names still dominated; building them in Lua does not. Keys built inside a script
 * are fine on one Redis node, which is what this project deploys (a cluster would need the
 * user's keys in one hash slot and KEYS passed explicitly). Most candidates had no event within
 * the retention window, so one EXISTS over all their keys answers for them, instead of six
 * commands each (Redis's CPU per batch fell by about three quarters).
 */
const COUNTS_SINCE_LUA = `
local counters = {${COUNTERS.map((c) => `'${c}'`).join(', ')}}
local prefix = ARGV[1]
local out = {}
local keys = {}
for u = 2, #ARGV, 2 do
  local base = prefix .. ARGV[u] .. ':'
  local min = ARGV[u + 1]
  for c = 1, #counters do keys[c] = base .. counters[c] end
  if redis.call('EXISTS', unpack(keys)) == 0 then
    for c = 1, #counters do out[#out + 1] = 0 end
    out[#out + 1] = '-1'
  else
    for c = 1, #counters do
      out[#out + 1] = redis.call('ZCOUNT', keys[c], min, '+inf')
    end
    local last = redis.call('ZREVRANGEBYSCORE', base .. 'swipes_given', '+inf', min, 'WITHSCORES', 'LIMIT', 0, 1)
    out[#out + 1] = last[2] or '-1'
  end
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

  /** The sorted set of one user's counter (COUNTS_SINCE_LUA builds the same names). */
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
    const args: string[] = [`${this.namespace}fs:rt:`];
    for (const u of users) {
      const since = sinceMs.get(u);
      args.push(String(u), since === undefined ? '-inf' : `(${since}`);
    }
    const flat = await (this.client.redis as unknown as WithCountsSince).countsSince(0, ...args);
    const per = COUNTERS.length + 1;
    users.forEach((u, i) => {
      const at = i * per;
      const counts = { last_swipe_ms: null } as CounterCounts;
      for (let j = 0; j < COUNTERS.length; j++) counts[COUNTERS[j]] = Number(flat[at + j]);
      const last = Number(flat[at + COUNTERS.length]);
      if (last >= 0) counts.last_swipe_ms = last;
      out.set(u, counts);
    });
    return out;
  }

  /** Drops a deleted user's counters (their interactions are gone from PostgreSQL too). */
  async forget(user: number): Promise<void> {
    await this.client.redis.del(...COUNTERS.map((c) => this.key(user, c)));
  }
}
