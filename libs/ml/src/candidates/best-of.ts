import { TopK } from '../primitives/top-k';
import type { ScoredId } from './merge';

/**
 * The n best of `count` items by score (highest, then lowest id), skipping -Infinity, without
 * an object per item scored: the arms score pools of thousands per request to keep about a
 * hundred, and allocating and sorting every pool member was a visible share of candidate
 * generation's CPU.
 */
export function bestOf(
  count: number,
  n: number,
  idAt: (k: number) => number,
  scoreAt: (k: number) => number,
): ScoredId[] {
  const heap = new TopK(Math.max(0, Math.min(n, count)));
  for (let k = 0; k < count; k++) {
    const v = scoreAt(k);
    if (v !== -Infinity) heap.push(idAt(k), v);
  }
  return heap.sorted();
}
