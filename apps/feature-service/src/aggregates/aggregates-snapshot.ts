import { setImmediate as nextTurn } from 'node:timers/promises';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { UserAggregatesRepository } from '@app/db';
import type { StoredAggregates } from '../features/feature-rows';
import { marketLikeRate, UNKNOWN_MARKET_LIKE_RATE } from '@app/ml/features/like-rates';
import { AggregatesTable } from './aggregates-table';

/** Rows per query of a re-read (keyset pages: see UserAggregatesRepository.forEachPage). */
const ROWS_PER_PAGE = 5_000;

/**
 * The `user_aggregates` snapshot in memory, so a batch reads no aggregate rows from
 * PostgreSQL. It is re-read whole when the trainer has recomputed it (a newer computed_at);
 * until then the previous rows plus the real-time counts since each row's computed_at are
 * still exact (that is how the counters are defined), so the lag costs no accuracy.
 */
export class AggregatesSnapshot implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AggregatesSnapshot.name);
  private rows = new AggregatesTable();
  private newestMs = -1;
  private likeRate = UNKNOWN_MARKET_LIKE_RATE;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Users deleted while a re-read runs: its rows may predate the deletion, so they go after the swap too. */
  private removedDuringReload: Set<number> | null = null;

  constructor(
    private readonly aggregates: UserAggregatesRepository,
    /** How often the newest computed_at is checked (a max() over the table: about 10 ms at 100k users). */
    private readonly pollMs: number,
  ) {}

  get(userId: number): StoredAggregates | undefined {
    return this.rows.get(userId);
  }

  /**
   * The market's like rate as of the computation in memory: the prior every person's like rates
   * are smoothed toward (libs/ml like-rates.ts). Training computes it from the same history, so
   * the two agree up to the swipes since the computation.
   */
  marketLikeRate(): number {
    return this.likeRate;
  }

  /** Drops a deleted user's row, also from a re-read in progress. */
  remove(userId: number): void {
    this.rows.remove(userId);
    this.removedDuringReload?.add(userId);
  }

  /** Every user with a row in memory (the erasure sweep checks them against `users`). */
  userIds(): number[] {
    return [...this.rows.ids()];
  }

  /** Awaited before the service listens; a failure leaves it empty until the next poll. */
  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.pollMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Re-reads the rows when a newer computation exists (one run at a time). */
  refresh(): Promise<void> {
    this.running ??= this.reloadIfNewer()
      .catch((err: Error) => this.logger.warn(`aggregates reload failed, keeping the current snapshot: ${err.message}`))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async reloadIfNewer(): Promise<void> {
    const newest = await this.aggregates.newestComputedAt();
    const newestMs = newest ? newest.getTime() : 0;
    if (newestMs === this.newestMs) return;
    const t0 = Date.now();
    // Built aside and swapped in whole. Were a new computation to commit between two pages, the
    // rows would mix two computations; each row stays exact with the counters since its own
    // computed_at, and the next poll reads the newer one anyway.
    const next = new AggregatesTable(this.rows.size);
    this.removedDuringReload = new Set();
    let likes = 0;
    let swipes = 0;
    try {
      await this.aggregates.forEachPage(ROWS_PER_PAGE, async (rows) => {
        for (const r of rows) {
          next.set(r);
          likes += r.likes_given;
          swipes += r.likes_given + r.dislikes_given;
        }
        await nextTurn();
      });
      for (const id of this.removedDuringReload) next.remove(id);
    } finally {
      this.removedDuringReload = null;
    }
    this.rows = next;
    this.newestMs = newestMs;
    this.likeRate = marketLikeRate(likes, swipes);
    this.logger.log(
      `aggregates loaded: ${next.size} users computed up to ${newest?.toISOString() ?? 'never'} in ${Date.now() - t0} ms`,
    );
  }
}
