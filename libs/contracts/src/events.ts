import type { InteractionView } from './interactions/interaction.types';
import type { UserView } from './users/user.messages';

/**
 * Events that must not be lost travel through this JetStream stream; consumers are durable, so a
 * service that was down catches up. WARNING: stream and subject names are wire contracts.
 */
export const EVENT_STREAM = 'RECSYS_EVENTS';

export const EventSubjects = {
  userCreated: 'events.user.created',
  userUpdated: 'events.user.updated',
  userDeleted: 'events.user.deleted',
  interactionCreated: 'events.interaction.created',
  modelActivated: 'events.model.activated',
  /** A bulk import landed: derived data (aggregates, models) should be recomputed. */
  bulkImported: 'events.bulk.imported',
} as const;

/** Payload of each event subject. */
export type EventContract = {
  'events.user.created': { user: UserView };
  'events.user.updated': { user: UserView };
  'events.user.deleted': { user_id: number };
  'events.interaction.created': { interaction: InteractionView; is_match: boolean };
  'events.model.activated': { kind: string; version: number };
  'events.bulk.imported': { users: number; interactions: number };
};

export type EventSubject = keyof EventContract;
export type EventPayload<S extends EventSubject> = EventContract[S];
