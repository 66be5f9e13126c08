import type { InboundInteraction, InboundMatchSignal, InboundProfileChange } from './inbound';
import type { InteractionView } from './interactions/interaction.types';
import { Subjects } from './subjects';
import type { ModelKind } from './training/training.types';

/**
 * Payload of each event subject (the subjects are in the table, subjects.ts): the product's own
 * (`events.*`, from the services' outboxes to the JetStream stream EVENT_STREAM) and those
 * integrators publish for it (`inbound.*`, in INBOUND_STREAM).
 *
 * User events carry the user's id only, never profile fields: the stream keeps messages for
 * days (event-stream.ts) and cannot forget one person's, so a profile in an event would outlive
 * the person's deletion (ARCHITECTURE.md, "Erasure"). Consumers read the profile from
 * PostgreSQL, the source of truth, which also means they never apply a stale copy.
 */
export type EventContract = {
  [Subjects.events.userCreated]: { user_id: number };
  [Subjects.events.userUpdated]: { user_id: number };
  [Subjects.events.userDeleted]: { user_id: number };
  [Subjects.events.interactionCreated]: { interaction: InteractionView; is_match: boolean };
  [Subjects.events.modelActivated]: { kind: ModelKind; version: number };
  [Subjects.events.bulkImported]: { users: number; interactions: number };
  // Published by integrators into INBOUND_STREAM (inbound.ts), consumed like the product's own.
  [Subjects.inbound.interaction]: InboundInteraction;
  [Subjects.inbound.profile]: InboundProfileChange;
  [Subjects.inbound.signal]: InboundMatchSignal;
};

export type EventSubject = keyof EventContract;
export type EventPayload<S extends EventSubject> = EventContract[S];

/** An event as a consumer receives it: its subject and that subject's payload (a union over several subjects). */
export type EventOf<S extends EventSubject = EventSubject> = { [K in S]: { subject: K; payload: EventPayload<K> } }[S];

/** What one consumer may follow: an event subject, or a filter of several (nats-server 2.9: one per consumer). */
export type EventFilter = EventSubject | typeof Subjects.events.anyUser | typeof Subjects.events.all;

/** The event subjects a filter matches (`*` one token, `>` the rest), so a handler's event type follows its filter. */
export type SubjectsOf<F extends EventFilter> = F extends EventSubject
  ? F
  : F extends `${infer Prefix}.>`
    ? Extract<EventSubject, `${Prefix}.${string}`>
    : F extends `${infer Prefix}.*`
      ? Exclude<Extract<EventSubject, `${Prefix}.${string}`>, `${Prefix}.${string}.${string}`>
      : never;

/**
 * The user id of a user event. Versions before ids-only user events published the whole profile
 * (`{ user: { id, ... } }`); during a rolling upgrade such a message may still arrive, and only
 * its id is read.
 */
export function userIdOfEvent(payload: { user_id: number }): number {
  const legacy = payload as { user_id?: number; user?: { id?: number } };
  const id = legacy.user_id ?? legacy.user?.id;
  if (typeof id !== 'number') throw new Error('user event without a user id');
  return id;
}
