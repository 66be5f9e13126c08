import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AggregateRow } from '../features/feature-rows';

/**
 * The `user_aggregates` snapshot in memory, so a batch reads no aggregate rows from
 * PostgreSQL. It is re-read whole when the trainer has recomputed it (a newer computed_at);
 * until then the previous rows plus the real-time counts since each row's computed_at are
 * still exact (that is how the counters are defined), so the lag costs no accuracy.
 */
export class AggregatesSnapshot implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AggregatesSnapshot.name);
  private rows = new Map<number, AggregateRow>();
  private newestMs = -1;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly ds: DataSource,
    /** How often the newest computed_at is checked (a max() over the table: about 10 ms at 100k users). */
    private readonly pollMs: number,
  ) {}

  get(userId: number): AggregateRow | undefined {
    return this.rows.get(userId);
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
    const [{ newest }] = await this.ds.query<{ newest: Date | null }[]>('SELECT max(computed_at) AS newest FROM user_aggregates');
    const newestMs = newest ? newest.getTime() : 0;
    if (newestMs === this.newestMs) return;
    const t0 = Date.now();
    const rows = await this.ds.query<AggregateRow[]>('SELECT * FROM user_aggregates');
    this.rows = new Map(rows.map((r) => [r.user_id, r]));
    this.newestMs = newestMs;
    this.logger.log(`aggregates loaded: ${rows.length} users computed up to ${newest?.toISOString() ?? 'never'} in ${Date.now() - t0} ms`);
  }
}
