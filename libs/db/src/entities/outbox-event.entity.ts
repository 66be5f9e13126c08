import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from './bigint.transformer';

/**
 * Transactional outbox: an event is written in the same transaction as the change it announces,
 * then relayed to JetStream and deleted. So a crash between commit and publish loses nothing.
 */
@Entity({ name: 'outbox_events' })
export class OutboxEventEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', transformer: bigintToNumber })
  id: number;

  /** Globally unique: JetStream deduplicates re-publishes by it (a row id could repeat across databases). */
  @Column({ name: 'event_id', type: 'uuid', insert: false })
  eventId: string;

  @Column({ type: 'varchar', length: 100 })
  subject: string;

  @Column({ type: 'jsonb' })
  payload: unknown;

  @Column({ name: 'request_id', type: 'varchar', length: 100, nullable: true })
  requestId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
