import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStream } from '@app/common';
import { DurableConsumers, Subjects } from '@app/contracts';
import type { RealtimeCounters } from './realtime-counters';

/** How often the copy of the active index checks whether the durable consumer has caught up. */
const CATCH_UP_POLL_MS = 250;

/**
 * Keeps the real-time counters in step with interactions and deletions (durable consumers:
 * one replica applies each event to Redis), and this instance's in-memory copy of the counters'
 * `active` index in step with them (consumers of its own: every replica sees every event).
 */
export class CountersConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CountersConsumer.name);
  private stopped = false;

  constructor(
    private readonly events: EventStream,
    private readonly counters: RealtimeCounters,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.counters.ensureActiveIndex();
    const { interactionCreated, userDeleted } = Subjects.events;
    const counters = this.counters;
    // Durable consumers (shared by the replicas, so each event is applied once) feeding the counters.
    const [applied, forgotten] = [
      { durable: DurableConsumers.featureCounters },
      { durable: DurableConsumers.featureDeletions },
    ];
    await Promise.all([
      this.events.consume(interactionCreated, applied, ({ payload }) => counters.record(payload)),
      this.events.consume(userDeleted, forgotten, ({ payload }) => counters.forget(payload.user_id)),
    ]);
    void Promise.all([
      this.events.consume(interactionCreated, 'every-instance', ({ payload }) => counters.noteEvent(payload)),
      this.events.consume(userDeleted, 'every-instance', ({ payload }) => counters.noteDeleted(payload.user_id)),
    ]).then(() =>
      this.copyActiveIndex()
        .then((n) => this.logger.log(`in-memory copy of the counters' active index loaded: ${n} users`))
        .catch((err: Error) =>
          this.logger.warn(`could not copy the counters' active index, batches keep asking Redis: ${err.message}`),
        ),
    );
    this.logger.log(`consuming ${interactionCreated} and ${userDeleted}`);
  }

  /**
   * Copies the `active` index once this instance follows the events. Its consumers start at
   * new events, so the ones before them must be in Redis first: after a downtime the durable
   * consumer may still be applying a backlog, which this instance would never see. So the copy
   * waits until the durable consumer has applied everything up to the stream's sequence at
   * subscription; what comes later, this instance's consumers see (both only raise, so overlap
   * is harmless).
   */
  private async copyActiveIndex(): Promise<number> {
    const upTo = await this.events.lastSequence();
    while (!this.stopped && !(await this.events.appliedUpTo(DurableConsumers.featureCounters, upTo)))
      await new Promise((r) => setTimeout(r, CATCH_UP_POLL_MS));
    return this.counters.loadLocalIndex();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }
}
