import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { EventSubject } from '@app/contracts';
import { OutboxEventEntity } from '@app/db/entities';
import type { JetStreamService } from './jetstream.service';

const BATCH = 500;
const IDLE_POLL_MS = 250;

/**
 * Moves committed outbox rows to JetStream, then deletes them. Rows are claimed with
 * FOR UPDATE SKIP LOCKED so replicas share the work; a crash after publishing but before the
 * delete republishes with the same message id, which JetStream deduplicates.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jetstream: JetStreamService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jetstream.ensureStream();
    this.schedule(0);
  }

  /** Asks for a relay pass soon (called after a commit that wrote events). */
  kick(): void {
    if (!this.running && !this.stopped) this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.pass()
        .then((moved) => this.schedule(moved === BATCH ? 0 : IDLE_POLL_MS))
        .catch((err: Error) => {
          this.logger.warn(`outbox relay pass failed, retrying: ${err.message}`);
          this.schedule(2000);
        })
        .finally(() => (this.running = null));
    }, ms);
  }

  /** Publishes up to one batch; returns how many events moved. */
  async pass(): Promise<number> {
    if (this.stopped) return 0;
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager
        .createQueryBuilder(OutboxEventEntity, 'e')
        .orderBy('e.id', 'ASC')
        .limit(BATCH)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const row of rows) {
        await this.jetstream.publish(row.subject as EventSubject, row.payload as never, row.eventId, row.requestId);
      }
      if (rows.length) await manager.delete(OutboxEventEntity, rows.map((r) => r.id));
      return rows.length;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
