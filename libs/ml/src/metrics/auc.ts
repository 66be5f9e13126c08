/**
 * ROC AUC as the Mann-Whitney statistic: the probability that a random positive outscores a
 * random negative, ties counting one half. Sorting makes it O((P + N) log(P + N)), which the
 * pooled AUC over hundreds of thousands of held-out pairs needs.
 */

/** AUC of `pos` scores against `neg` scores (ties count 1/2); NaN when either side is empty. */
export function auc(pos: ArrayLike<number>, neg: ArrayLike<number>): number {
  const p = pos.length;
  const n = neg.length;
  if (p === 0 || n === 0) return NaN;
  const all = new Float64Array(p + n);
  for (let i = 0; i < p; i++) all[i] = pos[i];
  for (let i = 0; i < n; i++) all[p + i] = neg[i];
  const order = new Uint32Array(p + n);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => all[a] - all[b]);
  // Sum of the (average, 1-based) ranks of the positives; a tie block shares its mean rank.
  let rankSumPos = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && all[order[j + 1]] === all[order[i]]) j++;
    const meanRank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) if (order[t] < p) rankSumPos += meanRank;
    i = j + 1;
  }
  return (rankSumPos - (p * (p + 1)) / 2) / (p * n);
}
