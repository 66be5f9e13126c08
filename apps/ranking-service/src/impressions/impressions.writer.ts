import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { lockImpressionsForInsert } from '@app/db/queries/impressions-lock';
import { RankingConfig } from '../ranking.config';
import { type ImpressionRow, impressionColumns, INSERT_IMPRESSIONS_SQL } from './impression-rows';
import { WriteBehindBuffer } from './write-behind-buffer';

/** Rows in one INSERT at most (ten arrays of this length). */
const MAX_BATCH_ROWS = 2000;
/** Rows kept while PostgreSQL cannot be written (about 10 minutes at 300 pages/s of 20). */
const CAPACITY_ROWS = 4_000_000;

/**
 * Impressions are written behind the request: a served list is queued, and the queue goes to
 * PostgreSQL as one INSERT every IMPRESSIONS_FLUSH_MS. Per-request inserts were a sixth of the
 * CPU of an uncached recommendation (statement, commit and two foreign-key checks per row);
 * batched, and without foreign keys (see libs/db's impressions-lock), a row costs about a
 * sixth. At shutdown the queue is written before the connection closes; only a crash loses the
 * last interval's rows.
 */
@Injectable()
export class ImpressionsWriter implements OnApplicationShutdown {
  private readonly logger = new Logger(ImpressionsWriter.name);
  private readonly buffer: WriteBehindBuffer<ImpressionRow>;
  /** Set once the queue was written at shutdown. */
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(RankingConfig) config: RankingConfig,
  ) {
    this.buffer = new WriteBehindBuffer((rows) => this.insert(rows), { intervalMs: config.IMPRESSIONS_FLUSH_MS, maxRows: MAX_BATCH_ROWS, capacity: CAPACITY_ROWS }, (e) => {
      if (e.failed) this.logger.error(`could not write impressions, ${e.waiting} waiting to be retried: ${e.failed.message}`);
      if (e.dropped) this.logger.error(`impressions queue full: ${e.dropped} rows dropped so far`);
    });
  }

  /** Queues a served list; never fails and never waits on the database. */
  log(rows: ImpressionRow[]): void {
    if (this.stopped) {
      // Shutdown hooks run after the NATS server closed (it waits SHUTDOWN_GRACE_MS for
      // handlers, then closes the connection): a page computed now cannot reach its caller,
      // so it was not shown, and the database may already be closed. Seen under overload.
      this.logger.warn(`a page of ${rows.length} finished after shutdown began; not shown, not logged`);
      return;
    }
    this.buffer.add(rows);
  }

  async onApplicationShutdown(): Promise<void> {
    const left = await this.buffer.drain();
    this.stopped = true;
    if (left > 0) this.logger.error(`stopping with ${left} impressions unwritten`);
  }

  private async insert(rows: ImpressionRow[]): Promise<void> {
    const columns = impressionColumns(rows);
    await this.ds.transaction(async (m) => {
      await lockImpressionsForInsert(m);
      await m.query(INSERT_IMPRESSIONS_SQL, columns);
    });
  }
}
