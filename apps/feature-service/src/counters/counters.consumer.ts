import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStream, ProfileMirror } from '@app/common';
import { DurableConsumers, Subjects, type EventPayload } from '@app/contracts';
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
    private readonly profiles: ProfileMirror,
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
      this.events.consume(interactionCreated, applied, async ({ payload }) =>
        counters.record(payload, Date.now(), await this.deletedIn(payload)),
      ),
      this.events.consume(userDeleted, forgotten, ({ payload }) => counters.forget(payload.user_id)),
    ]);
    void Promise.all([
      this.events.consume(interactionCreated, 'every-instance', async ({ payload }) =>
        counters.noteEvent(payload, await this.deletedIn(payload)),
      ),
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
   * The people of a swipe who were deleted since it: an event handled after the deletion (a
   * consumer catching up, or simply later than the deletions consumer) must not bring their
   * counters back. The mirror holds everyone who exists, so this is free but for an id it does
   * not hold (deleted, or created a moment ago), which is looked up in `users`. A deletion
   * committing between this check and the write is left to the erasure sweep.
   */
  private async deletedIn(event: EventPayload<typeof Subjects.events.interactionCreated>): Promise<Set<number>> {
    const ids = [event.interaction.user_id, event.interaction.target_user_id];
    const alive = await this.profiles.getMany(ids);
    return new Set(ids.filter((id) => !alive.has(id)));
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
