/**
 * What systems outside the product publish for it to learn from (the `integrator` NATS user may
 * publish on `inbound.>` and nowhere else): swipes and blocks made in another part of the app,
 * profile changes, and what follows a match (messages exchanged, a report). The stream
 * INBOUND_STREAM keeps them; each is consumed durably, checked against its schema, and applied
 * once per `event_id`, however often it arrives. WARNING: subjects and fields are a contract with
 * every integrator; add, never rename.
 */
import type { SwipeType } from './domain';
import type { UpdateUserInput } from './users/user.messages';

/** The JetStream stream of inbound events (subjects `inbound.>`). WARNING: a wire contract. */
export const INBOUND_STREAM = 'RECSYS_INBOUND';

/** What an inbound event's `event_id` may be: the publisher's own id, 1 to 200 visible ASCII characters. */
export const INBOUND_EVENT_ID_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** A swipe or block the person made elsewhere (another client of the app, a migration). */
export interface InboundInteraction {
  event_id: string;
  user_id: number;
  target_user_id: number;
  interaction_type: SwipeType;
  context?: Record<string, unknown> | null;
}

/** A change to a profile made elsewhere: the same fields as PUT /users/{id}. */
export interface InboundProfileChange {
  event_id: string;
  user_id: number;
  changes: UpdateUserInput;
}

/** What can follow a match: a message sent (the conversation the app exists for), or a report. */
export const MATCH_SIGNAL_KINDS = ['message', 'report'] as const;
export type MatchSignalKind = (typeof MATCH_SIGNAL_KINDS)[number];

/** `user_id` sent a message to, or reported, `target_user_id`, at `occurred_at`. No content: only that it happened. */
export interface InboundMatchSignal {
  event_id: string;
  kind: MatchSignalKind;
  user_id: number;
  target_user_id: number;
  occurred_at: string;
}
