import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JetStreamService } from '@app/common';
import { EventSubjects, type EventPayload } from '@app/contracts';
import { RealtimeCounters } from './realtime-counters';

/** Durable consumers (shared by the replicas, so each event is applied once) feeding the counters. */
export const COUNTERS_CONSUMER = 'feature-service-counters';
export const DELETIONS_CONSUMER = 'feature-service-deletions';

/** Keeps the real-time counters in step with interactions and deletions. */
@Injectable()
export class CountersConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(CountersConsumer.name);

  constructor(
    private readonly js: JetStreamService,
    private readonly counters: RealtimeCounters,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.counters.ensureActiveIndex();
    await this.js.consume(COUNTERS_CONSUMER, EventSubjects.interactionCreated, async (_subject, payload) => {
      await this.counters.record(payload as EventPayload<'events.interaction.created'>);
    });
    await this.js.consume(DELETIONS_CONSUMER, EventSubjects.userDeleted, async (_subject, payload) => {
      await this.counters.forget((payload as EventPayload<'events.user.deleted'>).user_id);
    });
    this.logger.log(`consuming ${EventSubjects.interactionCreated} and ${EventSubjects.userDeleted}`);
  }
}
