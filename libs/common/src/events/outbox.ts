import type { EntityManager } from 'typeorm';
import type { EventPayload, EventSubject } from '@app/contracts';
import { OutboxEventEntity } from '@app/db/entities';

/**
 * Records an event inside the caller's transaction; the OutboxRelay publishes it after commit,
 * with `requestId` (the request that caused it, if any) in its headers.
 */
export async function appendOutbox<S extends EventSubject>(manager: EntityManager, subject: S, payload: EventPayload<S>, requestId: string | null): Promise<void> {
  await manager.insert(OutboxEventEntity, { subject, payload: payload as object, requestId });
}
