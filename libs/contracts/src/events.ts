import type { InteractionView } from './interactions/interaction.types';
import { Subjects } from './subjects';
import type { ModelKind } from './training/training.types';
import type { UserView } from './users/user.messages';

/**
 * Payload of each event subject (the subjects are in the table, subjects.ts). Events that must
 * not be lost travel through the JetStream stream EVENT_STREAM.
 */
export type EventContract = {
  [Subjects.events.userCreated]: { user: UserView };
  [Subjects.events.userUpdated]: { user: UserView };
  [Subjects.events.userDeleted]: { user_id: number };
  [Subjects.events.interactionCreated]: { interaction: InteractionView; is_match: boolean };
  [Subjects.events.modelActivated]: { kind: ModelKind; version: number };
  [Subjects.events.bulkImported]: { users: number; interactions: number };
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
