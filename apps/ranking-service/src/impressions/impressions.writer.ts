import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type ImpressionPage, ImpressionsRepository } from '@app/db';
import { RankingConfig } from '../ranking.config';
import { WriteBehindBuffer } from './write-behind-buffer';

/** Pages in one INSERT at most (ten arrays of this length). */
const MAX_BATCH_PAGES = 500;
/** Pages kept while PostgreSQL cannot be written (about 10 minutes at 300 pages/s). */
const CAPACITY_PAGES = 200_000;

/**
 * Impressions are written behind the request: a served list is queued as one page, and the
 * queue goes to PostgreSQL as one INSERT every IMPRESSIONS_FLUSH_MS. Per-request inserts were a
 * sixth of the CPU of an uncached recommendation (statement, commit and two foreign-key checks
 * per row); batched, without foreign keys (see libs/db's impressions repository) and one row per page
 * instead of per shown profile, a recommendation's impressions cost PostgreSQL about 70 µs. At
 * shutdown the queue is written before the connection closes; only a crash loses the last
 * interval's pages.
 */
@Injectable()
export class ImpressionsWriter implements OnApplicationShutdown {
  private readonly logger = new Logger(ImpressionsWriter.name);
  private readonly buffer: WriteBehindBuffer<ImpressionPage>;
  /** Set once the queue was written at shutdown. */
  private stopped = false;

  constructor(
    private readonly impressions: ImpressionsRepository,
    @Inject(RankingConfig) config: RankingConfig,
  ) {
    const batching = { intervalMs: config.IMPRESSIONS_FLUSH_MS, maxRows: MAX_BATCH_PAGES, capacity: CAPACITY_PAGES };
    this.buffer = new WriteBehindBuffer(
      (pages) => this.impressions.insertPages(pages),
      batching,
      (e) => {
        if (e.failed)
          this.logger.error(`could not write impressions, ${e.waiting} waiting to be retried: ${e.failed.message}`);
        if (e.dropped) this.logger.error(`impressions queue full: ${e.dropped} pages dropped so far`);
      },
    );
  }

  /** Queues a served list (null: nothing was shown); never fails and never waits on the database. */
  log(page: ImpressionPage | null): void {
    if (!page) return;
    if (this.stopped) {
      // Shutdown hooks run after the NATS server closed (it waits SHUTDOWN_GRACE_MS for
      // handlers, then closes the connection): a page computed now cannot reach its caller,
      // so it was not shown, and the database may already be closed. Seen under overload.
      this.logger.warn(`a page of ${page.candidate_ids.length} finished after shutdown began; not shown, not logged`);
      return;
    }
    this.buffer.add([page]);
  }

  async onApplicationShutdown(): Promise<void> {
    const left = await this.buffer.drain();
    this.stopped = true;
    if (left > 0) this.logger.error(`stopping with ${left} impressions unwritten`);
  }
}
