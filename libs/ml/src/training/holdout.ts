/**
 * Where the held-out slice starts. Models are evaluated on the most recent interactions (a
 * temporal split: serving always predicts the future from the past), and the slice never
 * overlaps what the active version was trained on, so re-scoring the active model on it is fair.
 */

/** The chosen cut: training uses ts <= cutoffMs, the held-out slice ts > cutoffMs. */
export interface HoldoutPlan {
  cutoffMs: number;
  /** Events in the held-out slice. */
  heldOut: number;
  /** Why the cut is where it is. */
  basis: 'fraction' | 'after-active';
}

/**
 * Cut so that about `fraction` of the events (by time) are held out, or later when the active
 * version has seen past that point (then the slice is only what it has not seen).
 * `sortedTs` must be ascending. Returns null when there are no events.
 */
export function planHoldout(sortedTs: ArrayLike<number>, fraction: number, activeCutoffMs: number | null): HoldoutPlan | null {
  const n = sortedTs.length;
  if (n === 0) return null;
  const nTest = Math.max(1, Math.round(n * Math.min(Math.max(fraction, 0), 0.9)));
  // Ties at the boundary go to training, so the slice is strictly later than everything trained on.
  let cutoffMs = n - nTest - 1 >= 0 ? sortedTs[n - nTest - 1] : sortedTs[0] - 1;
  let basis: HoldoutPlan['basis'] = 'fraction';
  if (activeCutoffMs !== null && activeCutoffMs > cutoffMs) {
    cutoffMs = activeCutoffMs;
    basis = 'after-active';
  }
  return { cutoffMs, heldOut: n - upperBound(sortedTs, cutoffMs), basis };
}

/** First index whose value is > x in an ascending array. */
export function upperBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
