/**
 * How recommendations spread over the catalogue. In a two-sided market exposure is the scarce
 * good: a ranking that sends everyone to the same few profiles swamps them and starves the rest,
 * which per-user accuracy metrics cannot see.
 */

/** Share of the `catalogueSize` users that appear in at least one list (counts indexed by user). */
export function coverage(exposureCounts: ArrayLike<number>, catalogueSize = exposureCounts.length): number {
  if (catalogueSize <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < exposureCounts.length; i++) if (exposureCounts[i] > 0) seen++;
  return seen / catalogueSize;
}

/**
 * Gini coefficient of non-negative values: 0 when all are equal, (n - 1) / n when one holds
 * everything. 0 for an empty or all-zero input (nothing is unequally spread).
 */
export function gini(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    if (sorted[i] < 0) throw new RangeError('gini needs non-negative values');
    total += sorted[i];
    weighted += (i + 1) * sorted[i];
  }
  if (total === 0) return 0;
  return (2 * weighted) / (n * total) - (n + 1) / n;
}
