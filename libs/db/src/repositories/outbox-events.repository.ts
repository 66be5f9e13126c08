import type { EntityManager } from 'typeorm';
import type { EventOf, EventPayload, EventSubject } from '@app/contracts';
import { OutboxEventEntity } from '../entities/outbox-event.entity';

/** An event waiting in the outbox: its subject and payload, the id JetStream deduplicates by, and its request's id. */
export type PendingEvent = EventOf & { eventId: string; requestId: string | null };

/**
 * The transactional outbox (outbox_events): a change's events are written in the change's own
 * transaction, then relayed to JetStream after commit and deleted. Built over an EntityManager:
 * a transaction's, to append, or the DataSource's, to relay.
 */
export class OutboxEventsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Records an event; it commits or rolls back with the manager's transaction. */
  async append<S extends EventSubject>(subject: S, payload: EventPayload<S>, requestId: string | null): Promise<void> {
    await this.manager.insert(OutboxEventEntity, { subject, payload, requestId });
  }

  /**
   * Inside a user's deletion: removes the events not relayed yet that name the user (their own
   * user events, in either payload shape, and interactions by or on them), so the outbox keeps
   * nothing of them; returns how many. Their consumers lose nothing they need: the rows those
   * events announced are deleted in the same transaction. A row a relay is publishing is locked:
   * this waits for that relay to commit, which deletes it.
   */
  async deleteMentioning(userId: number): Promise<number> {
    // Raw SQL: fields of the jsonb payload, which TypeORM cannot address.
    const [, n] = (await this.manager.query(
      `DELETE FROM outbox_events
        WHERE payload->>'user_id' = $1 OR payload->'user'->>'id' = $1
           OR payload->'interaction'->>'user_id' = $1 OR payload->'interaction'->>'target_user_id' = $1`,
      [String(userId)],
    )) as [unknown, number];
    return n;
  }

  /**
   * Events waiting to be relayed (of `subjects`; all when absent), and the age of the oldest in
   * seconds (0 when none).
   */
  async backlog(subjects?: readonly EventSubject[]): Promise<{ events: number; oldestAgeSeconds: number }> {
    if (subjects?.length === 0) return { events: 0, oldestAgeSeconds: 0 };
    const query = this.manager
      .createQueryBuilder(OutboxEventEntity, 'e')
      .select('count(*)::int', 'events')
      .addSelect('coalesce(extract(epoch from now() - min(e.createdAt)), 0)::float8', 'age');
    if (subjects) query.where('e.subject IN (:...subjects)', { subjects });
    const row = await query.getRawOne<{ events: number; age: number }>();
    return { events: Number(row?.events ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.age ?? 0)) };
  }

  /**
   * In one transaction: claims up to `limit` of the oldest events, in order, skipping those
   * another relay holds (replicas share the work), hands each to `publish`, and deletes them
   * once all were published. A throw leaves every one of them for the next pass. Returns how
   * many moved. `subjects` limits the claim to those events (a service relays only the events
   * it may announce on the bus); every subject when absent.
   */
  relayOldest(
    limit: number,
    publish: (event: PendingEvent) => Promise<void>,
    subjects?: readonly EventSubject[],
  ): Promise<number> {
    if (subjects?.length === 0) return Promise.resolve(0);
    return this.manager.transaction(async (m) => {
      const query = m.createQueryBuilder(OutboxEventEntity, 'e');
      if (subjects) query.where('e.subject IN (:...subjects)', { subjects });
      const rows = await query
        .orderBy('e.id', 'ASC')
        .limit(limit)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const row of rows) await publish(pendingEvent(row));
      if (rows.length)
        await m.delete(
          OutboxEventEntity,
          rows.map((r) => r.id),
        );
      return rows.length;
    });
  }
}

/** A row as the event it holds. Rows are written by `append` only, whose subject types the payload. */
function pendingEvent(row: OutboxEventEntity): PendingEvent {
  return { subject: row.subject, payload: row.payload, eventId: row.eventId, requestId: row.requestId } as PendingEvent;
}
