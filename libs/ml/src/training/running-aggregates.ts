/**
 * Behavioural aggregates maintained incrementally over swipes replayed in time order, so a
 * training row can read every user's aggregates "as of" its own time in O(1). Recomputing with
 * `computeAggregates(swipes, untilMs)` per row would be O(rows × swipes). The semantics are the
 * same: the latest swipe per (actor, target) counts, a mutual positive pair is one match each.
 */
import type { UserAggregates } from '../features/aggregates';
import { EMPTY_AGGREGATES } from '../features/aggregates';
import type { SwipeType } from '@app/contracts';
import type { Swipe } from '../types';
import { isPositiveSwipe } from '@app/contracts';

/** Key of an ordered pair; exact while ids stay below 2^26 (67M users). */
export function pairKey(a: number, b: number): number {
  return a * 67_108_864 + b;
}

export class RunningAggregates {
  private readonly byUser = new Map<number, UserAggregates>();
  private readonly latest = new Map<number, SwipeType>();

  private slot(id: number): UserAggregates {
    let a = this.byUser.get(id);
    if (!a) {
      a = { ...EMPTY_AGGREGATES };
      this.byUser.set(id, a);
    }
    return a;
  }

  /** Aggregates of `id` now (a shared empty object for users with no activity: do not mutate). */
  get(id: number): UserAggregates {
    return this.byUser.get(id) ?? EMPTY_AGGREGATES;
  }

  /** The latest swipe type of actor on target so far, if any. */
  latestType(actor: number, target: number): SwipeType | undefined {
    return this.latest.get(pairKey(actor, target));
  }

  /** Applies one swipe; swipes must arrive in non-decreasing time order. */
  apply(s: Swipe): void {
    if (s.actor === s.target) return;
    const key = pairKey(s.actor, s.target);
    const prev = this.latest.get(key);
    const actor = this.slot(s.actor);
    const target = this.slot(s.target);
    const backType = this.latest.get(pairKey(s.target, s.actor));
    const backPositive = backType !== undefined && isPositiveSwipe(backType);
    // Undo the previous latest swipe of this pair, then count the new one.
    if (prev !== undefined) {
      actor.swipesGiven--;
      if (isPositiveSwipe(prev)) {
        actor.likesGiven--;
        target.likesReceived--;
        target.likesReceivedSettled--;
        if (backPositive) {
          actor.matches--;
          target.matches--;
        }
      } else {
        target.dislikesReceived--;
      }
    }
    this.latest.set(key, s.type);
    actor.swipesGiven++;
    actor.lastActiveMs = actor.lastActiveMs === null ? s.ts : Math.max(actor.lastActiveMs, s.ts);
    if (isPositiveSwipe(s.type)) {
      actor.likesGiven++;
      target.likesReceived++;
      target.likesReceivedSettled++;
      if (backPositive) {
        actor.matches++;
        target.matches++;
      }
    } else {
      target.dislikesReceived++;
    }
  }
}
