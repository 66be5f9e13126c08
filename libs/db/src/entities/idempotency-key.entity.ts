import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from './bigint.transformer';
import { InteractionEntity } from './interaction.entity';
import { UserEntity } from './user.entity';

/** Remembers which interaction an actor's Idempotency-Key produced, so a retried POST repeats it. */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_created_idx', ['createdAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'actor_id', type: 'integer' })
  @ForeignKey(() => UserEntity, { name: 'idempotency_keys_actor_id_fkey', onDelete: 'CASCADE' })
  actorId: number;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  /** Hash of the request body: the same key with another body is a client bug (409). */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ name: 'interaction_id', type: 'bigint', transformer: bigintToNumber })
  @ForeignKey(() => InteractionEntity, { name: 'idempotency_keys_interaction_id_fkey', onDelete: 'CASCADE' })
  interactionId: number;

  /** What the first answer said, so a replay repeats it exactly. */
  @Column({ name: 'is_match', type: 'boolean', default: false })
  isMatch: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
