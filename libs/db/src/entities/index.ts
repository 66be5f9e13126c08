import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { ImpressionEntity } from './impression.entity';
import { ImpressionPageEntity } from './impression-page.entity';
import { InteractionEntity } from './interaction.entity';
import { OutboxEventEntity } from './outbox-event.entity';
import { UserAggregateEntity } from './user-aggregate.entity';
import { UserEntity } from './user.entity';

export { IdempotencyKeyEntity, InteractionEntity, OutboxEventEntity, UserEntity };
export { ImpressionEntity, ImpressionPageEntity, UserAggregateEntity };

/** Every entity, registered once with the DataSource. */
export const ALL_ENTITIES = [
  UserEntity, InteractionEntity, IdempotencyKeyEntity, OutboxEventEntity,
  ImpressionPageEntity, ImpressionEntity, UserAggregateEntity,
];
