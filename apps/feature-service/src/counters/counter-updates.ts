/**
 * What one interaction event changes in the real-time counters. Pure, so it is unit-tested, and
 * it mirrors `computeAggregates` of libs/ml (the offline definition) event by event, but for one
 * counter: dislikes and blocks received are not counted in real time. They would move the
 * receiver's own features, and so every score the receiver is shown, at the moment someone
 * turned them down, which tells them who did (SECURITY.md). They reach the features with the
 * next aggregates computation (the trainer's), mixed with everyone else's since the last one.
 */
import type { EventPayload } from '@app/contracts';
import { isPositiveSwipe } from '@app/contracts';

/** The counters kept per user; their names match the UserAggregates fields they feed. */
export const COUNTERS = ['likes_given', 'swipes_given', 'likes_received', 'matches'] as const;
export type CounterName = (typeof COUNTERS)[number];

/** One increment: `user`'s `counter` gains the event identified by `member` at `ts` (epoch ms). */
export interface CounterUpdate {
  user: number;
  counter: CounterName;
  member: string;
  ts: number;
}

/**
 * The increments caused by one interaction. The member is the interaction id, so a redelivered
 * event adds the same member again, which a set ignores: counting is idempotent per event.
 */
export function counterUpdates(event: EventPayload<'events.interaction.created'>): CounterUpdate[] {
  const { interaction: i, is_match } = event;
  const ts = Date.parse(i.created_at);
  if (!Number.isFinite(ts)) throw new Error(`interaction ${i.id} has an invalid created_at ${i.created_at}`);
  const member = String(i.id);
  const positive = isPositiveSwipe(i.interaction_type);
  const out: CounterUpdate[] = [{ user: i.user_id, counter: 'swipes_given', member, ts }];
  if (positive) {
    out.push(
      { user: i.user_id, counter: 'likes_given', member, ts },
      { user: i.target_user_id, counter: 'likes_received', member, ts },
    );
  }
  if (is_match)
    out.push(
      { user: i.user_id, counter: 'matches', member, ts },
      { user: i.target_user_id, counter: 'matches', member, ts },
    );
  return out;
}
