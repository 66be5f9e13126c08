import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { SwipeType } from '@app/contracts';
import { bigintToNumber } from './bigint.transformer';

/**
 * One swipe or block. Invariants (enforced by partial unique indexes in the migration): at most
 * one swipe (like, super_like, dislike) and at most one block per ordered pair.
 */
@Entity({ name: 'interactions' })
export class InteractionEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', transformer: bigintToNumber })
  id: number;

  @Column({ name: 'actor_id', type: 'integer' })
  actorId: number;

  @Column({ name: 'target_id', type: 'integer' })
  targetId: number;

  @Column({ type: 'varchar', length: 16 })
  type: SwipeType;

  @Column({ type: 'jsonb', nullable: true })
  context: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
