/**
 * Pair metrics: how well an algorithm's like probabilities predict the held-out decisions
 * themselves, the question a ranker answers for the people it is shown (the ranking metrics ask
 * who comes first among everyone).
 * - like AUC, log loss and calibration error: every held-out swipe, p(actor likes target)
 *   against whether it was a like;
 * - match AUC: every pair with a held-out swipe whose other direction is known (in training or
 *   held out; counted once), p(a→t)·p(t→a) against whether both were likes.
 */
import { isPositiveSwipe, SWIPE_TYPES } from '@app/contracts';
import { calibrationError, labelAuc, logLoss } from '@app/ml/ranker/metrics';
import type { Dataset } from './data';
import type { OfflineRecommender } from './recommender';

/** The held-out pairs, on dense indices. */
export interface PairSet {
  /** Held-out swipes: actor, target, 1 for a like. */
  likes: { actor: Int32Array; target: Int32Array; label: Uint8Array };
  /** Pairs with both directions known and one held out: a, t, 1 for a mutual like. */
  matches: { a: Int32Array; t: Int32Array; label: Uint8Array };
}

export function buildPairSet(data: Dataset, testMask: Uint8Array): PairSet {
  const n = data.userIds.length;
  const positive = SWIPE_TYPES.map((t) => isPositiveSwipe(t));
  const row = new Map<number, number>();
  for (let i = 0; i < data.actor.length; i++) row.set(data.actor[i] * n + data.target[i], i);
  const la: number[] = [];
  const lt: number[] = [];
  const ll: number[] = [];
  const ma: number[] = [];
  const mt: number[] = [];
  const ml: number[] = [];
  for (let i = 0; i < data.actor.length; i++) {
    if (!testMask[i]) continue;
    const a = data.actor[i];
    const t = data.target[i];
    const like = positive[data.type[i]];
    la.push(a);
    lt.push(t);
    ll.push(like ? 1 : 0);
    const j = row.get(t * n + a);
    // A pair held out both ways is counted once, from its smaller index.
    if (j === undefined || (testMask[j] && t < a)) continue;
    ma.push(a);
    mt.push(t);
    ml.push(like && positive[data.type[j]] ? 1 : 0);
  }
  return {
    likes: { actor: Int32Array.from(la), target: Int32Array.from(lt), label: Uint8Array.from(ll) },
    matches: { a: Int32Array.from(ma), t: Int32Array.from(mt), label: Uint8Array.from(ml) },
  };
}

/** Sizes of the pair set, for the summary. */
export function pairSetSize(set: PairSet): { swipes: number; likes: number; matchPairs: number; mutual: number } {
  const sum = (xs: Uint8Array): number => xs.reduce((s, v) => s + v, 0);
  return {
    swipes: set.likes.label.length,
    likes: sum(set.likes.label),
    matchPairs: set.matches.label.length,
    mutual: sum(set.matches.label),
  };
}

/**
 * The algorithm's like probabilities of every directed pair the metrics need, one call per actor;
 * null when the algorithm gives none.
 */
function probabilities(set: PairSet, data: Dataset, alg: OfflineRecommender): Map<number, number> | null {
  if (!alg.likeProbabilities) return null;
  const n = data.userIds.length;
  const byActor = new Map<number, Set<number>>();
  const want = (a: number, t: number): void => {
    let s = byActor.get(a);
    if (!s) byActor.set(a, (s = new Set()));
    s.add(t);
  };
  set.likes.actor.forEach((a, i) => want(a, set.likes.target[i]));
  set.matches.a.forEach((a, i) => {
    want(a, set.matches.t[i]);
    want(set.matches.t[i], a);
  });
  const out = new Map<number, number>();
  for (const [a, targets] of byActor) {
    const dense = [...targets];
    const p = alg.likeProbabilities(
      data.userIds[a],
      Float64Array.from(dense, (t) => data.userIds[t]),
    );
    if (!p) return null;
    dense.forEach((t, i) => out.set(a * n + t, p[i]));
  }
  return out;
}

/** like_auc, like_log_loss, like_calibration_error and match_auc (NaN when the algorithm gives no probabilities). */
export function pairMetrics(set: PairSet, data: Dataset, alg: OfflineRecommender): Record<string, number> {
  const p = probabilities(set, data, alg);
  if (!p) return { like_auc: NaN, like_log_loss: NaN, like_calibration_error: NaN, match_auc: NaN };
  const n = data.userIds.length;
  const like = Array.from(set.likes.actor, (a, i) => p.get(a * n + set.likes.target[i])!);
  const match = Array.from(set.matches.a, (a, i) => {
    const t = set.matches.t[i];
    return p.get(a * n + t)! * p.get(t * n + a)!;
  });
  return {
    like_auc: labelAuc(like, set.likes.label),
    like_log_loss: logLoss(like, set.likes.label),
    like_calibration_error: calibrationError(like, set.likes.label),
    match_auc: labelAuc(match, set.matches.label),
  };
}
