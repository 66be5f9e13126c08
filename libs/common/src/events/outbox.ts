import type { EntityManager } from 'typeorm';
import type { EventPayload, EventSubject } from '@app/contracts';
import { OutboxEventEntity } from '@app/db/entities';
import { currentRequestId } from '../logging/request-context';

/** Records an event inside the caller's transaction; the OutboxRelay publishes it after commit. */
export async function appendOutbox<S extends EventSubject>(manager: EntityManager, subject: S, payload: EventPayload<S>): Promise<void> {
  await manager.insert(OutboxEventEntity, { subject, payload: payload as object, requestId: currentRequestId() ?? null });
}
