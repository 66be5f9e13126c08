/**
 * Top-K ranking metrics with binary relevance, as pure functions over one ranked list.
 * `ranked` holds item ids best first (already cut to K or longer; only the first K count);
 * `relevant` is the set of held-out positives for the same user.
 */

/** Number of the first `k` ranked items that are relevant. */
export function hitsAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  let hits = 0;
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) if (relevant.has(ranked[i])) hits++;
  return hits;
}

/** Precision@K: relevant share of the K slots (a list shorter than K still divides by K). */
export function precisionAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (k <= 0) throw new RangeError('k must be positive');
  return hitsAtK(ranked, relevant, k) / k;
}

/** Recall@K: share of the relevant items found in the top K (0 when nothing is relevant). */
export function recallAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  return hitsAtK(ranked, relevant, k) / relevant.size;
}

/** Hit rate@K for one user: 1 when any of the top K is relevant, else 0. */
export function hitRateAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  return hitsAtK(ranked, relevant, k) > 0 ? 1 : 0;
}

/** Discount of rank position `i` (0-based): 1 / log2(i + 2). */
export function discount(i: number): number {
  return 1 / Math.log2(i + 2);
}

/** DCG of a list of gains in rank order, cut at `k`. */
export function dcgAtK(gains: ArrayLike<number>, k: number): number {
  let s = 0;
  const n = Math.min(k, gains.length);
  for (let i = 0; i < n; i++) s += gains[i] * discount(i);
  return s;
}

/** Binary nDCG@K: DCG of the hits over the DCG of min(|relevant|, K) hits at the top. */
export function ndcgAtK(ranked: ArrayLike<number>, relevant: ReadonlySet<number>, k: number): number {
  if (relevant.size === 0) return 0;
  let dcg = 0;
  const n = Math.min(k, ranked.length);
  for (let i = 0; i < n; i++) if (relevant.has(ranked[i])) dcg += discount(i);
  let ideal = 0;
  const m = Math.min(k, relevant.size);
  for (let i = 0; i < m; i++) ideal += discount(i);
  return dcg / ideal;
}

/**
 * Graded nDCG@K: DCG of `gainsInRankOrder` over the DCG of `idealGains` (the best achievable
 * gains, best first). Returns 0 when the ideal is 0, since then no ranking can be told apart.
 */
export function gradedNdcgAtK(gainsInRankOrder: ArrayLike<number>, idealGains: ArrayLike<number>, k: number): number {
  const ideal = dcgAtK(idealGains, k);
  return ideal > 0 ? dcgAtK(gainsInRankOrder, k) / ideal : 0;
}
