import { swapEntries } from '../metrics/topk';
import type { ScoredId } from './merge';

/**
 * The n best of `count` items by score (highest, then lowest id), skipping -Infinity, without
 * an object per item: a bounded min-heap of item indices whose root is the worst kept. The arms
 * score pools of thousands per request to keep about a hundred; allocating and sorting every
 * pool member was a visible share of candidate generation's CPU.
 */
export function bestOf(count: number, n: number, idAt: (k: number) => number, scoreAt: (k: number) => number): ScoredId[] {
  const size0 = Math.max(0, Math.min(n, count));
  const ids = new Float64Array(size0);
  const value = new Float64Array(size0);
  let size = 0;
  // Slot a is worse than slot b: a lower score, or the same score and a higher id.
  const worse = (a: number, b: number): boolean => value[a] < value[b] || (value[a] === value[b] && ids[a] > ids[b]);
  const swap = (a: number, b: number): void => swapEntries(ids, value, a, b);
  for (let k = 0; k < count && size0 > 0; k++) {
    const v = scoreAt(k);
    if (v === -Infinity) continue;
    const id = idAt(k);
    if (size < size0) {
      let i = size++;
      ids[i] = id;
      value[i] = v;
      while (i > 0 && worse(i, (i - 1) >> 1)) {
        swap(i, (i - 1) >> 1);
        i = (i - 1) >> 1;
      }
      continue;
    }
    // Replace the root (the worst kept) when the new item beats it.
    if (!(value[0] < v || (value[0] === v && ids[0] > id))) continue;
    ids[0] = id;
    value[0] = v;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && worse(l, m)) m = l;
      if (r < size && worse(r, m)) m = r;
      if (m === i) break;
      swap(i, m);
      i = m;
    }
  }
  const out: ScoredId[] = [];
  for (let i = 0; i < size; i++) out.push({ id: ids[i], score: value[i] });
  return out.sort((a, b) => b.score - a.score || a.id - b.id);
}
