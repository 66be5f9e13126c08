import { TopK } from '../primitives/top-k';

/**
 * Positions of the `k` highest scores, best first. NaN counts as the lowest score; ties go to the
 * lower position so results are deterministic. Ranking 10,000 candidates per actor for thousands
 * of actors makes full sorts the bottleneck; the bounded heap is O(n log k).
 */
export function topK(scores: ArrayLike<number>, k: number): Int32Array {
  const heap = new TopK(Math.min(k, scores.length));
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    heap.push(i, s !== s ? -Infinity : s); // NaN test without a global lookup (slow under jest)
  }
  return Int32Array.from(heap.drainIds());
}
