import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { InteractionEntity } from './interaction.entity';
import { OutboxEventEntity } from './outbox-event.entity';
import { UserEntity } from './user.entity';

export { IdempotencyKeyEntity, InteractionEntity, OutboxEventEntity, UserEntity };

/** Every entity, registered once with the DataSource. */
export const ALL_ENTITIES = [UserEntity, InteractionEntity, IdempotencyKeyEntity, OutboxEventEntity];
