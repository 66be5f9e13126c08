import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EventStream } from '@app/common';
import { DurableConsumers, Subjects } from '@app/contracts';
import { UsersService } from '../users/users.service';

/**
 * Profile changes integrators publish (inbound.profile), applied as PUT /users/{id} applies them,
 * with the same event announced. Applying a change twice leaves the profile as once, so the
 * event's id needs no record here. A change to an unknown user fails, is delivered again with
 * backoff (its creation may be on its way) and then becomes a dead letter an admin can see.
 */
@Injectable()
export class InboundProfilesConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(InboundProfilesConsumer.name);

  constructor(
    private readonly events: EventStream,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { profile } = Subjects.inbound;
    await this.events.consume(profile, { durable: DurableConsumers.userInboundProfiles }, async ({ payload }) => {
      await this.users.update(payload.user_id, payload.changes, `inbound:${payload.event_id}`.slice(0, 100));
    });
    this.logger.log(`applying profile changes from ${profile}`);
  }
}
