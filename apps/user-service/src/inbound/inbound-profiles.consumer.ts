import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EventStream } from '@app/common';
import { DomainError, DurableConsumers, ErrorCode, Subjects } from '@app/contracts';
import { UsersService } from '../users/users.service';

/**
 * Profile changes integrators publish (inbound.profile), applied as PUT /users/{id} applies them,
 * with the same event announced. Applying a change twice leaves the profile as once, so the
 * event's id needs no record here. A change to a user who does not exist is dropped: profiles are
 * created through the API, so the person was deleted, and nothing of theirs may be kept.
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
      try {
        await this.users.update(payload.user_id, payload.changes, `inbound:${payload.event_id}`.slice(0, 100));
      } catch (err) {
        // A person deleted meanwhile: their change is dropped, not kept as a dead letter, whose
        // payload (profile fields) would outlive them.
        if (err instanceof DomainError && err.code === ErrorCode.NotFound) {
          this.logger.warn(`${profile} ${payload.event_id}: user ${payload.user_id} does not exist; dropped`);
          return;
        }
        throw err;
      }
    });
    this.logger.log(`applying profile changes from ${profile}`);
  }
}
