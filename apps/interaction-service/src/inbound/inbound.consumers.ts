import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EventStream } from '@app/common';
import { DurableConsumers, Subjects } from '@app/contracts';
import { MatchSignalsRepository } from '@app/db';
import { InteractionsService } from '../interactions/interactions.service';

/**
 * What integrators publish for interaction-service (libs/contracts inbound.ts), consumed durably:
 * - swipes and blocks made elsewhere, recorded as POST /interactions/ records them (the same
 *   rules, match, events and webhooks), once per event id: the id becomes the swipe's
 *   idempotency key, so a second delivery answers with the first;
 * - messages and reports after a match, kept in match_signals once per event id.
 * A swipe that cannot be recorded (an unknown user, a changed swipe) fails, is delivered again
 * with backoff and then becomes a dead letter an admin can see, replay or discard.
 */
@Injectable()
export class InboundConsumers implements OnApplicationBootstrap {
  private readonly logger = new Logger(InboundConsumers.name);

  constructor(
    private readonly events: EventStream,
    private readonly interactions: InteractionsService,
    private readonly signals: MatchSignalsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { interaction, signal } = Subjects.inbound;
    await this.events.consume(interaction, { durable: DurableConsumers.interactionInbound }, async ({ payload }) => {
      const { event_id, ...swipe } = payload;
      await this.interactions.create(
        { ...swipe, idempotency_key: inboundKey(event_id) },
        `inbound:${event_id}`.slice(0, 100),
      );
    });
    await this.events.consume(signal, { durable: DurableConsumers.interactionSignals }, async ({ payload }) => {
      await this.signals.record(payload);
    });
    this.logger.log(`recording ${interaction} and ${signal}`);
  }
}

/**
 * The idempotency key of an inbound swipe: its event id, hashed into a namespace of its own, so
 * it can neither collide with a key an API client chose nor exceed the keys' 200 characters.
 */
export function inboundKey(eventId: string): string {
  return `inbound:${createHash('sha256').update(eventId).digest('hex')}`;
}
