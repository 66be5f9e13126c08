import type { EntityManager } from 'typeorm';
import type { EventPayload, EventSubject } from '@app/contracts';
import { OutboxEventsRepository } from '@app/db/repositories/outbox-events.repository';

/**
 * Records an event inside the caller's transaction; the OutboxRelay publishes it after commit,
 * with `requestId` (the request that caused it, if any) in its headers.
 */
export async function appendOutbox<S extends EventSubject>(
  manager: EntityManager,
  subject: S,
  payload: EventPayload<S>,
  requestId: string | null,
): Promise<void> {
  await new OutboxEventsRepository(manager).append(subject, payload, requestId);
}
