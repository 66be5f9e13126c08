import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * The feature store's behavioural counts of one user as of `computed_at`, recomputed by the
 * trainer (user-aggregates.repository.ts); real-time counters add what came after.
 */
@Entity({ name: 'user_aggregates' })
export class UserAggregateEntity {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  @ForeignKey(() => UserEntity, { name: 'user_aggregates_user_id_fkey', onDelete: 'CASCADE' })
  userId: number;

  @Column({ name: 'likes_given', type: 'integer', default: 0 })
  likesGiven: number;

  /** Dislikes and blocks given. */
  @Column({ name: 'dislikes_given', type: 'integer', default: 0 })
  dislikesGiven: number;

  @Column({ name: 'likes_received', type: 'integer', default: 0 })
  likesReceived: number;

  @Column({ name: 'dislikes_received', type: 'integer', default: 0 })
  dislikesReceived: number;

  @Column({ type: 'integer', default: 0 })
  matches: number;

  @Column({ name: 'impressions_received', type: 'integer', default: 0 })
  impressionsReceived: number;

  @Column({ name: 'last_swipe_at', type: 'timestamptz', nullable: true })
  lastSwipeAt: Date | null;

  @Column({ name: 'computed_at', type: 'timestamptz', default: () => 'now()' })
  computedAt: Date;
}
