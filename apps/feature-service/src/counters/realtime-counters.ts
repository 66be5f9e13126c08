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
  ) {}

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
    const pipe = this.client.redis.pipeline();
    for (const u of users) {
      const since = sinceMs.get(u);
      const min = since === undefined ? '-inf' : `(${since}`;
      for (const c of COUNTERS) pipe.zcount(this.key(u, c), min, '+inf');
      pipe.zrevrangebyscore(this.key(u, 'swipes_given'), '+inf', min, 'WITHSCORES', 'LIMIT', 0, 1);
    }
    const results = (await pipe.exec()) ?? [];
    const out = new Map<number, CounterCounts>();
    const per = COUNTERS.length + 1;
    users.forEach((u, i) => {
      const row = results.slice(i * per, (i + 1) * per);
      const failed = row.find(([err]) => err);
      if (failed) throw failed[0];
      const counts = Object.fromEntries(COUNTERS.map((c, j) => [c, Number(row[j][1])])) as Record<CounterName, number>;
      const last = row[COUNTERS.length][1] as string[];
      out.set(u, { ...counts, last_swipe_ms: last.length === 2 ? Number(last[1]) : null });
    });
    return out;
  }

  /** Drops a deleted user's counters (their interactions are gone from PostgreSQL too). */
  async forget(user: number): Promise<void> {
    await this.client.redis.del(...COUNTERS.map((c) => this.key(user, c)));
  }
}
