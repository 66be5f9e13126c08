/**
 * Latency statistics shared by the HTTP and ANN benchmarks. Pure functions, so the figures the
 * bench prints can be checked by a unit spec against hand-computed answers.
 */

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * The p-th percentile of ascending `sorted` values by nearest rank (the value below which p% of
 * the samples fall, never interpolated): the same rule ann-bench has always used, so its
 * published figures stay comparable. NaN for no samples.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Count, mean, p50/p90/p99 and max of the samples (in any order); NaNs for no samples. */
export function summarise(values: readonly number[]): Summary {
  const sorted = Float64Array.from(values).sort();
  const arr = Array.from(sorted);
  let sum = 0;
  for (const v of arr) sum += v;
  return {
    count: arr.length,
    mean: arr.length ? sum / arr.length : Number.NaN,
    p50: percentile(arr, 50),
    p90: percentile(arr, 90),
    p99: percentile(arr, 99),
    max: arr.length ? arr[arr.length - 1] : Number.NaN,
  };
}
