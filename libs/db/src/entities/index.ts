import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { InteractionEntity } from './interaction.entity';
import { ModelVersionEntity } from './model-version.entity';
import { OutboxEventEntity } from './outbox-event.entity';
import { UserEntity } from './user.entity';

export { IdempotencyKeyEntity, InteractionEntity, OutboxEventEntity, UserEntity };
export { ModelVersionEntity, type ModelVersionData } from './model-version.entity';

/** Every entity, registered once with the DataSource. */
export const ALL_ENTITIES = [UserEntity, InteractionEntity, IdempotencyKeyEntity, OutboxEventEntity, ModelVersionEntity];
