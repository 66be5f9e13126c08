/**
 * Behavioural aggregates of a user, as the feature store keeps them, and their computation from
 * swipes (used offline, and by the aggregate recomputation job). Rates and "days since" are not
 * stored: `pairFeatures` derives them at request time, so they never go stale or disagree.
 */
import { isPositiveSwipe } from '@app/contracts';
import type { Swipe } from '../types';

/** Counters of one user's activity. */
export interface UserAggregates {
  /** Likes and super likes given. */
  likesGiven: number;
  /** All swipes given (the like rate's denominator). */
  swipesGiven: number;
  /** Likes and super likes received. */
  likesReceived: number;
  /** Dislikes and blocks received. */
  dislikesReceived: number;
  /**
   * Likes received as of the same computation as `dislikesReceived`: the appeal rate's numerator
   * (like-rates.ts). Offline it equals `likesReceived`; online `likesReceived` also counts the
   * likes since the last computation and dislikes received are never counted in real time.
   */
  likesReceivedSettled: number;
  /** Mutual likes. */
  matches: number;
  /** Time of the last swipe given (epoch ms), null if none. */
  lastActiveMs: number | null;
}

/** Aggregates of a user with no activity. */
export const EMPTY_AGGREGATES: Readonly<UserAggregates> = Object.freeze({
  likesGiven: 0,
  swipesGiven: 0,
  likesReceived: 0,
  dislikesReceived: 0,
  likesReceivedSettled: 0,
  matches: 0,
  lastActiveMs: null,
});

function slot(map: Map<number, UserAggregates>, id: number): UserAggregates {
  let a = map.get(id);
  if (!a) {
    a = { ...EMPTY_AGGREGATES };
    map.set(id, a);
  }
  return a;
}

/**
 * Aggregates of every user appearing in `swipes` with ts < `untilMs` (all when omitted), so a
 * training example can be given the aggregates as they were before it happened. The latest swipe
 * per (actor, target) counts, as in the embeddings' training set.
 */
export function computeAggregates(swipes: readonly Swipe[], untilMs = Infinity): Map<number, UserAggregates> {
  const latest = new Map<string, Swipe>();
  for (const s of swipes) {
    if (s.ts >= untilMs || s.actor === s.target) continue;
    const key = `${s.actor}:${s.target}`;
    const prev = latest.get(key);
    if (!prev || s.ts >= prev.ts) latest.set(key, s);
  }
  const out = new Map<number, UserAggregates>();
  for (const s of latest.values()) {
    const actor = slot(out, s.actor);
    const target = slot(out, s.target);
    actor.swipesGiven++;
    actor.lastActiveMs = actor.lastActiveMs === null ? s.ts : Math.max(actor.lastActiveMs, s.ts);
    if (isPositiveSwipe(s.type)) {
      actor.likesGiven++;
      target.likesReceived++;
      target.likesReceivedSettled++;
      // Count each mutual pair once, from the side with the smaller id.
      const back = latest.get(`${s.target}:${s.actor}`);
      if (back && isPositiveSwipe(back.type) && s.actor < s.target) {
        actor.matches++;
        target.matches++;
      }
    } else {
      target.dislikesReceived++;
    }
  }
  return out;
}
