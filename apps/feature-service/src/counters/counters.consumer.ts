import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InstanceEvents, type JetStreamService } from '@app/common';
import { Subjects, type EventPayload } from '@app/contracts';
import type { RealtimeCounters } from './realtime-counters';

/** Durable consumers (shared by the replicas, so each event is applied once) feeding the counters. */
export const COUNTERS_CONSUMER = 'feature-service-counters';
export const DELETIONS_CONSUMER = 'feature-service-deletions';

/** How often the copy of the active index checks whether the durable consumer has caught up. */
const CATCH_UP_POLL_MS = 250;

export interface CountersConsumerOptions {
  /** This instance's name on NATS for its own event subscription, e.g. "feature-service-1234-counters". */
  instanceName: string;
  natsServers: string[];
}

/**
 * Keeps the real-time counters in step with interactions and deletions (durable consumers:
 * one replica applies each event to Redis), and this instance's in-memory copy of the counters'
 * `active` index in step with them (its own subscription: every replica sees every event).
 */
export class CountersConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CountersConsumer.name);
  private readonly events: InstanceEvents;
  private stopped = false;

  constructor(
    private readonly js: JetStreamService,
    private readonly counters: RealtimeCounters,
    options: CountersConsumerOptions,
  ) {
    this.events = new InstanceEvents(options.instanceName, options.natsServers, () => js.ensureStream());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.counters.ensureActiveIndex();
    await this.js.consume(COUNTERS_CONSUMER, Subjects.events.interactionCreated, async (_subject, payload) => {
      await this.counters.record(payload as EventPayload<'events.interaction.created'>);
    });
    await this.js.consume(DELETIONS_CONSUMER, Subjects.events.userDeleted, async (_subject, payload) => {
      await this.counters.forget((payload as EventPayload<'events.user.deleted'>).user_id);
    });
    this.events.start(
      [
        { subject: Subjects.events.interactionCreated, handle: (p) => this.counters.noteEvent(p as EventPayload<'events.interaction.created'>) },
        { subject: Subjects.events.userDeleted, handle: (p) => this.counters.noteDeleted((p as EventPayload<'events.user.deleted'>).user_id) },
      ],
      () =>
        void this.copyActiveIndex()
          .then((n) => this.logger.log(`in-memory copy of the counters' active index loaded: ${n} users`))
          .catch((err: Error) => this.logger.warn(`could not copy the counters' active index, batches keep asking Redis: ${err.message}`)),
    );
    this.logger.log(`consuming ${Subjects.events.interactionCreated} and ${Subjects.events.userDeleted}`);
  }

  /**
   * Copies the `active` index once this instance follows the events. The subscription starts at
   * new events, so the ones before it must be in Redis first: after a downtime the durable
   * consumer may still be applying a backlog, which this instance would never see. So the copy
   * waits until the durable consumer has applied everything up to the stream's sequence at
   * subscription; what comes later, the subscription sees (both only raise, so overlap is
   * harmless).
   */
  private async copyActiveIndex(): Promise<number> {
    const upTo = await this.js.lastSequence();
    while (!this.stopped && !(await this.js.appliedUpTo(COUNTERS_CONSUMER, upTo))) await new Promise((r) => setTimeout(r, CATCH_UP_POLL_MS));
    return this.counters.loadLocalIndex();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.events.stop();
  }
}
