import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { SwipeType } from '@app/contracts';
import { bigintToNumber } from './bigint.transformer';
import { UserEntity } from './user.entity';

/**
 * One swipe or block. Invariants (enforced by partial unique indexes in the migration): at most
 * one swipe (like, super_like, dislike) and at most one block per ordered pair.
 */
@Entity({ name: 'interactions' })
@Index('interactions_one_swipe_idx', ['actorId', 'targetId'], { unique: true, where: `type <> 'block'` })
@Index('interactions_one_block_idx', ['actorId', 'targetId'], { unique: true, where: `type = 'block'` })
// Given/received timelines (newest first), "who liked me", and time ranges.
@Index('interactions_actor_time_idx', ['actorId', 'createdAt'])
@Index('interactions_target_time_idx', ['targetId', 'createdAt'])
@Index('interactions_target_actor_idx', ['targetId', 'actorId'])
@Index('interactions_created_idx', ['createdAt'])
@Check('interactions_type_check', `type IN ('like', 'super_like', 'dislike', 'block')`)
@Check('interactions_check', 'actor_id <> target_id')
export class InteractionEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', transformer: bigintToNumber })
  id: number;

  @Column({ name: 'actor_id', type: 'integer' })
  @ForeignKey(() => UserEntity, { name: 'interactions_actor_id_fkey', onDelete: 'CASCADE' })
  actorId: number;

  @Column({ name: 'target_id', type: 'integer' })
  @ForeignKey(() => UserEntity, { name: 'interactions_target_id_fkey', onDelete: 'CASCADE' })
  targetId: number;

  @Column({ type: 'varchar', length: 16 })
  type: SwipeType;

  @Column({ type: 'jsonb', nullable: true })
  context: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
