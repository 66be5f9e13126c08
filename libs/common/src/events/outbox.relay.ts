import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventSubject } from '@app/contracts';
import type { OutboxEventsRepository } from '@app/db/repositories/outbox-events.repository';
import type { LatencyMetrics } from '../metrics/latency-metrics';
import { scrapeGauge } from '../metrics/scrape-gauge';
import type { EventStream } from './event-stream';
import { PollLoop } from './poll-loop';

const BATCH = 500;
const IDLE_POLL_MS = 250;
const RETRY_MS = 2000;

/**
 * Moves committed outbox rows to JetStream, then deletes them. Rows are claimed with
 * FOR UPDATE SKIP LOCKED so replicas share the work; a crash after publishing but before the
 * delete republishes with the same message id, which JetStream deduplicates. A service relays
 * only the events it announces (`subjects`, from BUS_ACCESS): the bus lets it publish no other.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly loop = new PollLoop(() => this.pass(), {
    batch: BATCH,
    idleMs: IDLE_POLL_MS,
    retryMs: RETRY_MS,
    onError: (err) => this.logger.warn(`outbox relay pass failed, retrying: ${err.message}`),
  });
  private stopped = false;

  constructor(
    private readonly outbox: OutboxEventsRepository,
    private readonly events: EventStream,
    private readonly subjects: readonly EventSubject[],
    metrics?: LatencyMetrics,
  ) {
    if (metrics) this.exportBacklog(metrics);
  }

  /**
   * outbox_backlog_events and outbox_oldest_event_age_seconds, read at each scrape: an outbox
   * that grows or ages means JetStream or the relay is stuck, and every consumer waits. A read
   * that fails (PostgreSQL down) leaves the gauges out of that scrape rather than failing it.
   */
  private exportBacklog(metrics: LatencyMetrics): void {
    const read = () => this.outbox.backlog(this.subjects);
    scrapeGauge({
      name: 'outbox_backlog_events',
      help: 'Events committed to the outbox and not yet relayed to JetStream',
      registry: metrics.registry,
      read: async () => (await read()).events,
    });
    scrapeGauge({
      name: 'outbox_oldest_event_age_seconds',
      help: 'Age of the oldest event waiting in the outbox (0 when it is empty)',
      registry: metrics.registry,
      read: async () => (await read()).oldestAgeSeconds,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.events.ensureStream();
    this.loop.start();
  }

  /**
   * Asks for a relay pass now (called after a commit that wrote events). A kick during a pass
   * gets another pass right after it, rather than after the idle poll: the event, and
   * everything that follows it (cache invalidation, counters, the history candidate generation
   * keeps), would otherwise wait up to IDLE_POLL_MS more.
   */
  kick(): void {
    this.loop.kick();
  }

  /** Publishes up to one batch; returns how many events moved. */
  async pass(): Promise<number> {
    if (this.stopped) return 0;
    return this.outbox.relayOldest(
      BATCH,
      (event) => this.events.publish(event, event.eventId, event.requestId),
      this.subjects,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.loop.stop();
  }
}
