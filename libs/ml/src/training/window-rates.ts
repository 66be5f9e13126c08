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
import { type LikeRateCounts, marketLikeRate, NO_LIKE_RATE_COUNTS } from '../features/like-rates';
import { groupRows } from '../primitives/group-rows';
import type { Swipe } from '../types';

/**
 * The counted decisions are kept as one sorted run of targets per actor (CSR over dense person
 * indices) rather than a map keyed by pair: a 100k-person market has 2.5 M pairs, whose keys do
 * not fit a small integer, and two such maps took about 12 s of a retrain's ranker step.
 */
export class WindowRates {
  /** Dense index of each person in the window. */
  private readonly index = new Map<number, number>();
  private readonly likesGiven: Int32Array;
  private readonly swipesGiven: Int32Array;
  private readonly likesReceived: Int32Array;
  private readonly swipesReceived: Int32Array;
  /** Actor a's counted decisions: targets[start[a]..start[a+1]) ascending, and whether each is a like. */
  private readonly start: Int32Array;
  private readonly targets: Int32Array;
  private readonly likes: Uint8Array;
  /** The window's like rate: the prior every person's rates are smoothed toward. */
  readonly marketLikeRate: number;

  /** Counts the latest swipe of each pair among those with ts <= untilMs (the later one on a tie). */
  constructor(swipes: readonly Swipe[], untilMs: number) {
    const actor = new Int32Array(swipes.length).fill(-1);
    const target = new Int32Array(swipes.length);
    const dense = (id: number): number => {
      let i = this.index.get(id);
      if (i === undefined) this.index.set(id, (i = this.index.size));
      return i;
    };
    let eligible = 0;
    swipes.forEach((s, i) => {
      if (s.ts > untilMs || s.actor === s.target) return;
      actor[i] = dense(s.actor);
      target[i] = dense(s.target);
      eligible++;
    });
    const n = this.index.size;
    // Eligible swipes grouped by actor, then each group by target, ts, position.
    const { start: from, order } = groupRows(n, actor);
    const byTarget = (x: number, y: number): number => target[x] - target[y] || swipes[x].ts - swipes[y].ts || x - y;
    this.start = new Int32Array(n + 1);
    this.targets = new Int32Array(eligible);
    this.likes = new Uint8Array(eligible);
    this.likesGiven = new Int32Array(n);
    this.swipesGiven = new Int32Array(n);
    this.likesReceived = new Int32Array(n);
    this.swipesReceived = new Int32Array(n);
    let kept = 0;
    let likes = 0;
    for (let a = 0; a < n; a++) {
      const group = order.subarray(from[a], from[a + 1]).sort(byTarget);
      for (let g = 0; g < group.length; g++) {
        // Of a pair's swipes only the last (the latest) counts.
        if (g + 1 < group.length && target[group[g + 1]] === target[group[g]]) continue;
        const i = group[g];
        const like = isPositiveSwipe(swipes[i].type) ? 1 : 0;
        this.targets[kept] = target[i];
        this.likes[kept++] = like;
        this.swipesGiven[a]++;
        this.swipesReceived[target[i]]++;
        this.likesGiven[a] += like;
        this.likesReceived[target[i]] += like;
        likes += like;
      }
      this.start[a + 1] = kept;
    }
    this.marketLikeRate = marketLikeRate(likes, kept);
  }

  private counts(id: number): LikeRateCounts {
    const i = this.index.get(id);
    if (i === undefined) return NO_LIKE_RATE_COUNTS;
    return {
      likesGiven: this.likesGiven[i],
      swipesGiven: this.swipesGiven[i],
      likesReceived: this.likesReceived[i],
      swipesReceived: this.swipesReceived[i],
    };
  }

  /** Whether viewer's counted decision on candidate is a like; undefined when there is none. */
  private counted(viewer: number, candidate: number): boolean | undefined {
    const v = this.index.get(viewer);
    const c = this.index.get(candidate);
    if (v === undefined || c === undefined) return undefined;
    let lo = this.start[v];
    let hi = this.start[v + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.targets[mid] < c) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.start[v + 1] && this.targets[lo] === c ? this.likes[lo] === 1 : undefined;
  }

  /**
   * The counts of a row's two people: all of the window's, minus the pair's own counted decision
   * (viewer -> candidate) when there is one. A row after the window has none counted, unless the
   * pair decided twice; then the earlier decision stays, as serving would see it.
   */
  forRow(viewer: number, candidate: number, inWindow: boolean): { viewer: LikeRateCounts; candidate: LikeRateCounts } {
    const v = this.counts(viewer);
    const c = this.counts(candidate);
    const own = inWindow ? this.counted(viewer, candidate) : undefined;
    if (own === undefined) return { viewer: v, candidate: c };
    const like = own ? 1 : 0;
    return {
      viewer: { ...v, likesGiven: v.likesGiven - like, swipesGiven: v.swipesGiven - 1 },
      candidate: { ...c, likesReceived: c.likesReceived - like, swipesReceived: c.swipesReceived - 1 },
    };
  }
}
