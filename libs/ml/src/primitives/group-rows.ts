/**
 * Rows grouped by an integer key in 0..n-1 (a counting sort): the CSR layout that the item-kNN
 * baseline, iALS and the like-rate window all read. Group g's rows are order[start[g]..start[g+1]),
 * in their original order; rows whose key is negative are left out.
 */
export function groupRows(n: number, keys: ArrayLike<number>): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(n + 1);
  for (let i = 0; i < keys.length; i++) if (keys[i] >= 0) start[keys[i] + 1]++;
  for (let g = 0; g < n; g++) start[g + 1] += start[g];
  const fill = start.slice(0, n);
  const order = new Int32Array(start[n]);
  for (let i = 0; i < keys.length; i++) if (keys[i] >= 0) order[fill[keys[i]]++] = i;
  return { start, order };
}
