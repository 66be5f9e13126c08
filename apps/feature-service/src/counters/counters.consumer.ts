import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InstanceEvents, type JetStreamService } from '@app/common';
import { EventSubjects, type EventPayload } from '@app/contracts';
import type { RealtimeCounters } from './realtime-counters';

/** Durable consumers (shared by the replicas, so each event is applied once) feeding the counters. */
export const COUNTERS_CONSUMER = 'feature-service-counters';
export const DELETIONS_CONSUMER = 'feature-service-deletions';

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

  constructor(
    private readonly js: JetStreamService,
    private readonly counters: RealtimeCounters,
    options: CountersConsumerOptions,
  ) {
    this.events = new InstanceEvents(options.instanceName, options.natsServers, () => js.ensureStream());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.counters.ensureActiveIndex();
    await this.js.consume(COUNTERS_CONSUMER, EventSubjects.interactionCreated, async (_subject, payload) => {
      await this.counters.record(payload as EventPayload<'events.interaction.created'>);
    });
    await this.js.consume(DELETIONS_CONSUMER, EventSubjects.userDeleted, async (_subject, payload) => {
      await this.counters.forget((payload as EventPayload<'events.user.deleted'>).user_id);
    });
    // Subscribed first, copied second: an event in between is both noted and copied (harmless, both only raise).
    this.events.start(
      [
        { subject: EventSubjects.interactionCreated, handle: (p) => this.counters.noteEvent(p as EventPayload<'events.interaction.created'>) },
        { subject: EventSubjects.userDeleted, handle: (p) => this.counters.noteDeleted((p as EventPayload<'events.user.deleted'>).user_id) },
      ],
      () =>
        void this.counters
          .loadLocalIndex()
          .then((n) => this.logger.log(`in-memory copy of the counters' active index loaded: ${n} users`))
          .catch((err: Error) => this.logger.warn(`could not copy the counters' active index, batches keep asking Redis: ${err.message}`)),
    );
    this.logger.log(`consuming ${EventSubjects.interactionCreated} and ${EventSubjects.userDeleted}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.events.stop();
  }
}
