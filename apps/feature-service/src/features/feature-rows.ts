/**
 * Aggregate rows of the feature store (libs/db's AggregateRow, as PostgreSQL returns them) and
 * their conversion into libs/ml's UserAggregates (profiles come from the profile mirror).
 * Pure, so the merge of stored aggregates with real-time counts is unit-tested.
 */
import type { AggregateRow } from '@app/db';
import type { UserAggregates } from '@app/ml/features';
import type { CounterCounts } from '../counters/realtime-counters';

/**
 * A row as the snapshot hands it out: its times as epoch ms (the snapshot packs its rows in
 * typed arrays: AggregatesTable).
 */
export interface StoredAggregates {
  likes_given: number;
  dislikes_given: number;
  likes_received: number;
  dislikes_received: number;
  matches: number;
  last_swipe_ms: number | null;
  computed_ms: number;
}

export function storedAggregates(r: AggregateRow): StoredAggregates {
  return {
    likes_given: r.likes_given,
    dislikes_given: r.dislikes_given,
    likes_received: r.likes_received,
    dislikes_received: r.dislikes_received,
    matches: r.matches,
    last_swipe_ms: r.last_swipe_at ? r.last_swipe_at.getTime() : null,
    computed_ms: r.computed_at.getTime(),
  };
}

/**
 * The stored baseline plus the events after it. A user without a row (new, or aggregates never
 * computed) is all real-time; one without recent events is all baseline.
 */
export function mergeAggregates(row: StoredAggregates | undefined, recent: CounterCounts | undefined): UserAggregates {
  const rt = recent ?? {
    likes_given: 0,
    swipes_given: 0,
    likes_received: 0,
    matches: 0,
    last_swipe_ms: null,
  };
  const baseLast = row ? row.last_swipe_ms : null;
  const lastActiveMs =
    baseLast === null ? rt.last_swipe_ms : rt.last_swipe_ms === null ? baseLast : Math.max(baseLast, rt.last_swipe_ms);
  return {
    likesGiven: (row?.likes_given ?? 0) + rt.likes_given,
    swipesGiven: (row ? row.likes_given + row.dislikes_given : 0) + rt.swipes_given,
    likesReceived: (row?.likes_received ?? 0) + rt.likes_received,
    // Only as of the last computation: see counter-updates.ts.
    dislikesReceived: row?.dislikes_received ?? 0,
    likesReceivedSettled: row?.likes_received ?? 0,
    matches: (row?.matches ?? 0) + rt.matches,
    lastActiveMs,
  };
}
