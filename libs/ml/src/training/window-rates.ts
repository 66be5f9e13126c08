/**
 * The like-rate counts a ranker row is given (like-rates.ts): every person's counts over all
 * the training window, minus the row's own decision. Not "as of" the row's time: serving reads
 * a person's rates from all their history, and a row given only the swipes before it would see
 * a fraction of that, a noisy one when timestamps carry no real order (a bulk import, a backfill
 * posted in any order). The ranker would then learn to trust the rates less than serving can.
 * Leaving out the row's own decision keeps its label out of its features; the rest of the window
 * is other decisions, independent of this one given the two people.
 */
import { isPositiveSwipe } from '@app/contracts';
import { type LikeRateCounts, marketLikeRate } from '../features/like-rates';
import type { Swipe } from '../types';
import { pairKey } from './running-aggregates';

interface Counts {
  likesGiven: number;
  swipesGiven: number;
  likesReceived: number;
  swipesReceived: number;
}

const ZERO: Readonly<Counts> = Object.freeze({ likesGiven: 0, swipesGiven: 0, likesReceived: 0, swipesReceived: 0 });

export class WindowRates {
  private readonly byUser = new Map<number, Counts>();
  /** Whether the counted (latest in the window) decision of each ordered pair is a like. */
  private readonly counted = new Map<number, boolean>();
  /** The window's like rate: the prior every person's rates are smoothed toward. */
  readonly marketLikeRate: number;

  /** Counts the latest swipe of each pair among those with ts <= untilMs. */
  constructor(swipes: readonly Swipe[], untilMs: number) {
    const latest = new Map<number, Swipe>();
    for (const s of swipes) {
      if (s.ts > untilMs || s.actor === s.target) continue;
      const key = pairKey(s.actor, s.target);
      const prev = latest.get(key);
      if (!prev || s.ts >= prev.ts) latest.set(key, s);
    }
    let likes = 0;
    for (const [key, s] of latest) {
      const like = isPositiveSwipe(s.type);
      this.counted.set(key, like);
      const actor = this.slot(s.actor);
      const target = this.slot(s.target);
      actor.swipesGiven++;
      target.swipesReceived++;
      if (like) {
        actor.likesGiven++;
        target.likesReceived++;
        likes++;
      }
    }
    this.marketLikeRate = marketLikeRate(likes, latest.size);
  }

  private slot(id: number): Counts {
    let c = this.byUser.get(id);
    if (!c) this.byUser.set(id, (c = { ...ZERO }));
    return c;
  }

  /**
   * The counts of a row's two people: all of the window's, minus the pair's own counted decision
   * (viewer -> candidate) when there is one. A row after the window has none counted, unless the
   * pair decided twice; then the earlier decision stays, as serving would see it.
   */
  forRow(viewer: number, candidate: number, inWindow: boolean): { viewer: LikeRateCounts; candidate: LikeRateCounts } {
    const v = this.byUser.get(viewer) ?? ZERO;
    const c = this.byUser.get(candidate) ?? ZERO;
    const own = inWindow ? this.counted.get(pairKey(viewer, candidate)) : undefined;
    if (own === undefined) return { viewer: v, candidate: c };
    const like = own ? 1 : 0;
    return {
      viewer: { ...v, likesGiven: v.likesGiven - like, swipesGiven: v.swipesGiven - 1 },
      candidate: { ...c, likesReceived: c.likesReceived - like, swipesReceived: c.swipesReceived - 1 },
    };
  }
}
