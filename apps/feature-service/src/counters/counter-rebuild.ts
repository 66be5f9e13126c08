import { hostname } from 'node:os';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { ProfileMirror } from '@app/common';
import type { EventPayload } from '@app/contracts';
import type { InteractionsRepository, MatchesRepository } from '@app/db';
import { type InteractionRow, toInteractionView } from '@app/db/repositories/interactions.repository';
import type { AggregatesSnapshot } from '../aggregates/aggregates-snapshot';
import { RETENTION_MS, type RealtimeCounters } from './realtime-counters';

/** Interactions replayed per Redis transaction. */
const PAGE = 2000;
/** How long one instance's claim to rebuild a given Redis lasts (a crashed rebuild is redone after it). */
const CLAIM_SECONDS = 600;

/**
 * Rebuilds the real-time counters when the Redis holding them is not the one they were built in:
 * restarted without persistence, restarted after losing its last writes (killed between two
 * fsyncs), or replaced. The counters were acknowledged to JetStream as they were written, so the
 * events will not come again: PostgreSQL, which holds every interaction, is where they are
 * rebuilt from.
 *
 * Each redis-server process has its own run_id (INFO server). A marker key names the run_id the
 * counters are complete under; on boot and on every reconnect an instance compares the two, and
 * when they differ, one instance (a claim per run_id) replays every interaction since the oldest
 * aggregates computation (exactly the window the counters cover) and sets the marker. Replaying
 * is idempotent (a set member per interaction), so events arriving meanwhile, or a second
 * rebuild, count nothing twice. Until it finishes, counts may be low, as they were anyway.
 */
export class CounterRebuild implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CounterRebuild.name);
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly onReady = () => void this.check();

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly counters: RealtimeCounters,
    private readonly ds: DataSource,
    private readonly interactions: InteractionsRepository,
    private readonly matches: MatchesRepository,
    private readonly aggregates: AggregatesSnapshot,
    private readonly profiles: ProfileMirror,
  ) {}

  onApplicationBootstrap(): void {
    this.redis.on('ready', this.onReady);
    void this.check();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.redis.off('ready', this.onReady);
    await this.running;
  }

  /** The run_id the counters are complete under. */
  private get markerKey(): string {
    return `${this.namespace}fs:rt-complete-run`;
  }

  /** Rebuilds unless the counters are complete in the Redis connected now; resolves when done. */
  check(): Promise<void> {
    this.running ??= this.checkOnce()
      .catch((err: Error) => this.logger.warn(`could not check or rebuild the real-time counters: ${err.message}`))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async checkOnce(): Promise<void> {
    const runId = /run_id:(\w+)/.exec(await this.redis.info('server'))?.[1];
    if (!runId || (await this.redis.get(this.markerKey)) === runId) return;
    const claim = await this.redis.set(
      `${this.namespace}fs:rt-rebuild:${runId}`,
      `${hostname()}:${process.pid}`,
      'EX',
      CLAIM_SECONDS,
      'NX',
    );
    if (claim !== 'OK') return; // another instance rebuilds this Redis
    const since = this.oldestBaseline();
    const t0 = Date.now();
    const n = await this.replaySince(since);
    if (this.stopped) return;
    await this.redis.set(this.markerKey, runId);
    this.logger.log(
      `real-time counters rebuilt in Redis ${runId.slice(0, 8)}: ${n} interactions since ${since.toISOString()} in ${Date.now() - t0} ms`,
    );
  }

  /** The oldest aggregates computation held: the counters cover everything after it. */
  private oldestBaseline(): Date {
    let oldest = Infinity;
    for (const id of this.aggregates.userIds())
      oldest = Math.min(oldest, this.aggregates.get(id)?.computed_ms ?? Infinity);
    return new Date(Number.isFinite(oldest) ? oldest : Date.now() - RETENTION_MS);
  }

  private async replaySince(since: Date): Promise<number> {
    let after = 0;
    let n = 0;
    while (!this.stopped) {
      const rows = await this.interactions.pageCreatedAfter(since, after, PAGE);
      if (rows.length === 0) break;
      after = Number(rows[rows.length - 1].id);
      const completing = await this.matches.findCompleting(rows, this.ds.manager);
      const ids = [...new Set(rows.flatMap((r) => [r.actor_id, r.target_id]))];
      const alive = await this.profiles.getMany(ids);
      const gone = new Set(ids.filter((id) => !alive.has(id)));
      await this.counters.recordMany(
        rows.map((r) => asEvent(r, completing.has(Number(r.id)))),
        Date.now(),
        gone,
      );
      n += rows.length;
    }
    return n;
  }
}

/** A stored interaction as the event that announced it. */
function asEvent(r: InteractionRow, isMatch: boolean): EventPayload<'events.interaction.created'> {
  return { interaction: toInteractionView(r), is_match: isMatch };
}
