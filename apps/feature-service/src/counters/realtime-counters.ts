import type Redis from 'ioredis';
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
 * countsSince for the users that have events after their lower bound, in one round trip. ARGV:
 * the key prefix, then per user their id and lower bound; the script builds each counter's key
 * (`key()`'s format). Returns, per user, the counts in COUNTERS order then the newest
 * swipes_given score (-1 when none). Keys built inside a script are fine on one Redis node,
 * which is what this project deploys (a cluster would need the user's keys in one hash slot and
 * KEYS passed explicitly).
 */
const COUNTS_SINCE_LUA = `
local counters = {${COUNTERS.map((c) => `'${c}'`).join(', ')}}
local prefix = ARGV[1]
local out = {}
for u = 2, #ARGV, 2 do
  local base = prefix .. ARGV[u] .. ':'
  local min = ARGV[u + 1]
  for c = 1, #counters do
    out[#out + 1] = redis.call('ZCOUNT', base .. counters[c], min, '+inf')
  end
  local last = redis.call('ZREVRANGEBYSCORE', base .. 'swipes_given', '+inf', min, 'WITHSCORES', 'LIMIT', 0, 1)
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
 *
 * One more sorted set, `active`, holds every user with a kept event, scored by their newest
 * event's time. A batch asks it first (one ZMSCORE for all its users) and reads the counters of
 * only those with an event after their baseline, usually few: most people in a batch have not
 * swiped since the aggregates were computed. Building and checking the five keys of each of 101
 * users in a script had cost Redis 0.5 ms per batch, the most expensive command of a
 * recommendation.
 *
 * Each instance also keeps its own copy of `active` in memory (`noteEvent`, fed by an
 * every-instance event subscription, and `loadLocalIndex`), so a batch whose users have no
 * event after their baseline, the usual case, does not go to Redis at all: on these machines a
 * round trip to another process costs about 0.3 ms of CPU per side at moderate load, whatever
 * it carries. The copy may trail Redis by an event's delivery time (milliseconds), as the
 * counters themselves trail the event.
 */
export class RealtimeCounters {
  /** False until `active` is known to cover every kept event (see ensureActiveIndex). */
  private activeIndexReady = false;
  /** This instance's copy of `active`: user -> newest event time. Answers only once loaded. */
  private readonly localNewest = new Map<number, number>();
  private localReady = false;

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {
    // ioredis runs it with EVALSHA and loads it on a NOSCRIPT reply.
    redis.defineCommand('countsSince', { lua: COUNTS_SINCE_LUA });
  }

  /** The sorted set of one user's counter (COUNTS_SINCE_LUA builds the same names). */
  key(user: number, counter: CounterName): string {
    return `${this.namespace}fs:rt:${user}:${counter}`;
  }

  /** Users with kept events, scored by their newest event's time. */
  get activeKey(): string {
    return `${this.namespace}fs:rt-active`;
  }

  /** Set once `active` was rebuilt from the counter sets, for data written before it existed. */
  private get activeReadyKey(): string {
    return `${this.namespace}fs:rt-active:ready`;
  }

  /**
   * Makes sure `active` covers every counter set. Counters written by a version without it are
   * indexed once, by scanning their keys (record() keeps it current from then on, and concurrent
   * records are safe: both sides only raise a score). Until this finishes, countsSince reads
   * every user's counters, as before.
   */
  async ensureActiveIndex(): Promise<void> {
    if (!(await this.redis.exists(this.activeReadyKey))) {
      const prefix = `${this.namespace}fs:rt:`;
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        const pipe = this.redis.pipeline();
        for (const key of keys) pipe.zrevrange(key, 0, 0, 'WITHSCORES');
        const newest = (await pipe.exec()) ?? [];
        const index = this.redis.pipeline();
        keys.forEach((key, i) => {
          const [err, top] = newest[i] as [Error | null, string[]];
          if (err || top.length < 2) return;
          index.zadd(this.activeKey, 'GT', top[1], key.slice(prefix.length, key.indexOf(':', prefix.length)));
        });
        await index.exec();
      } while (cursor !== '0');
      await this.redis.set(this.activeReadyKey, '1');
    }
    this.activeIndexReady = true;
  }

  /**
   * Applies one interaction event (idempotent), leaving out the users in `gone` (deleted since
   * the swipe: a late event must not bring their counters back).
   */
  record(
    event: EventPayload<'events.interaction.created'>,
    nowMs = Date.now(),
    gone: ReadonlySet<number> = NONE,
  ): Promise<void> {
    return this.recordMany([event], nowMs, gone);
  }

  /** Applies many interaction events in one transaction (idempotent), as `record` does each. */
  async recordMany(
    events: readonly EventPayload<'events.interaction.created'>[],
    nowMs = Date.now(),
    gone: ReadonlySet<number> = NONE,
  ): Promise<void> {
    const updates = events.flatMap(counterUpdates).filter((u) => !gone.has(u.user));
    if (updates.length === 0) return;
    const horizon = nowMs - RETENTION_MS;
    const pipe = this.redis.multi();
    const newest = new Map<number, number>();
    const keys = new Set<string>();
    for (const u of updates) {
      const key = this.key(u.user, u.counter);
      pipe.zadd(key, u.ts, u.member);
      keys.add(key);
      newest.set(u.user, Math.max(newest.get(u.user) ?? u.ts, u.ts));
    }
    for (const key of keys) {
      pipe.zremrangebyscore(key, '-inf', horizon);
      pipe.pexpire(key, RETENTION_MS);
    }
    for (const [user, ts] of newest) pipe.zadd(this.activeKey, 'GT', ts, String(user));
    pipe.zremrangebyscore(this.activeKey, '-inf', horizon);
    const results = await pipe.exec();
    const failed = results?.find(([err]) => err);
    if (failed) throw failed[0];
  }

  /** Raises this instance's copy of `active` with an interaction event (idempotent, any order), but not for `gone`. */
  noteEvent(event: EventPayload<'events.interaction.created'>, gone: ReadonlySet<number> = NONE): void {
    for (const u of counterUpdates(event)) if (!gone.has(u.user)) this.raiseLocal(u.user, u.ts);
  }

  /** Drops a deleted user from this instance's copy of `active`. */
  noteDeleted(user: number): void {
    this.localNewest.delete(user);
  }

  /**
   * Copies `active` from Redis into memory, merging with the events noted meanwhile (both only
   * raise), after which batches read the copy. Call it once subscribed to the events, so none
   * falls between the copy and the subscription.
   */
  async loadLocalIndex(): Promise<number> {
    await this.ensureActiveIndex();
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.zscan(this.activeKey, cursor, 'COUNT', 5000);
      cursor = next;
      for (let i = 0; i < flat.length; i += 2) this.raiseLocal(Number(flat[i]), Number(flat[i + 1]));
    } while (cursor !== '0');
    this.localReady = true;
    return this.localNewest.size;
  }

  private raiseLocal(user: number, ts: number): void {
    const had = this.localNewest.get(user);
    if (had === undefined || ts > had) this.localNewest.set(user, ts);
  }

  /** Counts of each user's events strictly after `sinceMs.get(user)` (all kept events when absent). */
  async countsSince(
    users: readonly number[],
    sinceMs: ReadonlyMap<number, number>,
  ): Promise<Map<number, CounterCounts>> {
    const out = new Map<number, CounterCounts>();
    if (users.length === 0) return out;
    for (const u of users) out.set(u, zeroCounts());
    const stale = this.activeIndexReady ? await this.withEventsSince(users, sinceMs) : users;
    if (stale.length === 0) return out;
    const args: string[] = [`${this.namespace}fs:rt:`];
    for (const u of stale) {
      const since = sinceMs.get(u);
      args.push(String(u), since === undefined ? '-inf' : `(${since}`);
    }
    const flat = await (this.redis as unknown as WithCountsSince).countsSince(0, ...args);
    const per = COUNTERS.length + 1;
    stale.forEach((u, i) => {
      const at = i * per;
      const counts = out.get(u)!;
      for (let j = 0; j < COUNTERS.length; j++) counts[COUNTERS[j]] = Number(flat[at + j]);
      const last = Number(flat[at + COUNTERS.length]);
      if (last >= 0) counts.last_swipe_ms = last;
    });
    return out;
  }

  /** The users whose newest event is after their lower bound: from the local copy once loaded, else from Redis. */
  private async withEventsSince(users: readonly number[], sinceMs: ReadonlyMap<number, number>): Promise<number[]> {
    const newest = this.localReady
      ? users.map((u) => this.localNewest.get(u) ?? null)
      : await this.redis.zmscore(this.activeKey, ...users.map(String));
    const out: number[] = [];
    users.forEach((u, i) => {
      const at = newest[i];
      if (at === null) return;
      const since = sinceMs.get(u);
      if (since === undefined || Number(at) > since) out.push(u);
    });
    return out;
  }

  /**
   * Every user id the counters hold anything for, in Redis (counter keys, `active`) and in this
   * instance's copy of `active`: what the erasure sweep checks against `users`.
   */
  async heldUserIds(): Promise<Set<number>> {
    const ids = new Set<number>(this.localNewest.keys());
    const prefix = `${this.namespace}fs:rt:`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) ids.add(Number(key.slice(prefix.length, key.indexOf(':', prefix.length))));
    } while (cursor !== '0');
    cursor = '0';
    do {
      const [next, flat] = await this.redis.zscan(this.activeKey, cursor, 'COUNT', 5000);
      cursor = next;
      for (let i = 0; i < flat.length; i += 2) ids.add(Number(flat[i]));
    } while (cursor !== '0');
    ids.delete(NaN);
    return ids;
  }

  /** Drops a deleted user's counters (their interactions are gone from PostgreSQL too). */
  async forget(user: number): Promise<void> {
    await this.redis
      .multi()
      .del(...COUNTERS.map((c) => this.key(user, c)))
      .zrem(this.activeKey, String(user))
      .exec();
  }
}

const NONE: ReadonlySet<number> = new Set();

function zeroCounts(): CounterCounts {
  const counts = { last_swipe_ms: null } as CounterCounts;
  for (const c of COUNTERS) counts[c] = 0;
  return counts;
}
