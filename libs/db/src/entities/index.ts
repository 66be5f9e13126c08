import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { ImpressionEntity } from './impression.entity';
import { ImpressionPageEntity } from './impression-page.entity';
import { InteractionEntity } from './interaction.entity';
import { ModelVersionEntity } from './model-version.entity';
import { OutboxEventEntity } from './outbox-event.entity';
import { UserAggregateEntity } from './user-aggregate.entity';
import { UserEntity } from './user.entity';

export { IdempotencyKeyEntity, InteractionEntity, OutboxEventEntity, UserEntity };
export { ImpressionEntity, ImpressionPageEntity, UserAggregateEntity };
export { ModelVersionEntity, type ModelVersionData } from './model-version.entity';

/** Every entity, registered once with the DataSource. */
export const ALL_ENTITIES = [
  UserEntity,
  InteractionEntity,
  IdempotencyKeyEntity,
  OutboxEventEntity,
  ModelVersionEntity,
  ImpressionPageEntity,
  ImpressionEntity,
  UserAggregateEntity,
];
