/**
 * Where the held-out slice starts. Models are evaluated on the most recent interactions (a
 * temporal split: serving always predicts the future from the past).
 *
 * With an active version, the slice is cut INSIDE the data that version never saw: the latest
 * `fraction` of the interactions after its cut-off. The candidate trains on everything before the
 * slice, so it has seen the first part of the new data and the active version has not; neither has
 * seen the slice. Scoring both on it then asks the question activation needs answered: does
 * retraining on the new data predict what happens next better than the model being served?
 * (Cutting at the active version's cut-off instead would train the candidate on exactly what the
 * active version saw, so the two could only tie, up to noise.)
 */

/** The chosen cut: training uses ts <= cutoffMs, the held-out slice ts > cutoffMs. */
export interface HoldoutPlan {
  cutoffMs: number;
  /** Events in the held-out slice. */
  heldOut: number;
  /** Events after the active version's cut-off (all events when there is none). */
  newEvents: number;
  /** New events on the training side of the cut: what the candidate knows and the active version does not. */
  newBeforeSlice: number;
  /**
   * 'all': no active version, the latest fraction of everything; 'new': the latest fraction of what the active version
   * never saw.
   */
  basis: 'all' | 'new';
}

/**
 * Cuts so that about `fraction` of the events after `activeCutoffMs` (of all events when it is
 * null) are held out, ties at the boundary going to training. `sortedTs` must be ascending.
 * Returns null when there are no events at all.
 */
export function planHoldout(
  sortedTs: ArrayLike<number>,
  fraction: number,
  activeCutoffMs: number | null,
): HoldoutPlan | null {
  const n = sortedTs.length;
  if (n === 0) return null;
  const basis: HoldoutPlan['basis'] = activeCutoffMs === null ? 'all' : 'new';
  const start = activeCutoffMs === null ? 0 : upperBound(sortedTs, activeCutoffMs);
  const newEvents = n - start;
  if (newEvents === 0) return { cutoffMs: activeCutoffMs!, heldOut: 0, newEvents: 0, newBeforeSlice: 0, basis };
  const nTest = Math.max(1, Math.round(newEvents * Math.min(Math.max(fraction, 0), 0.9)));
  const last = n - nTest - 1;
  // The last training event; when the slice would take every new event, the cut is the active
  // version's own (the candidate then knows nothing more than it does).
  const cutoffMs = last >= start ? sortedTs[last] : (activeCutoffMs ?? sortedTs[0] - 1);
  const firstHeldOut = upperBound(sortedTs, cutoffMs);
  return { cutoffMs, heldOut: n - firstHeldOut, newEvents, newBeforeSlice: firstHeldOut - start, basis };
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
