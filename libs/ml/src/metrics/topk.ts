/**
 * Partial selection of the K best scores. Ranking 10,000 candidates per actor for thousands of
 * actors and several algorithms makes full sorts the bottleneck; a size-K min-heap is O(n log K).
 */

const NEG_INF = -Infinity;

/**
 * Swaps entries a and b of a heap kept as two parallel arrays, with temporaries: a
 * destructuring swap ([x[a], x[b]] = [x[b], x[a]]) allocates an array and boxed numbers each
 * time, which was a fifth of everything candidate-service allocated (heap profile).
 */
export function swapEntries(keys: Int32Array | Float64Array, values: Float64Array, a: number, b: number): void {
  const k = keys[a];
  keys[a] = keys[b];
  keys[b] = k;
  const v = values[a];
  values[a] = values[b];
  values[b] = v;
}

/**
 * Positions of the `k` highest scores, best first. NaN counts as the lowest score; ties go to the
 * lower position so results are deterministic.
 */
export function topK(scores: ArrayLike<number>, k: number): Int32Array {
  const n = scores.length;
  const size = Math.min(k, n);
  if (size <= 0) return new Int32Array(0);
  // heap[0] is the worst of the kept items; "worse" = lower score, or equal score and higher position.
  const heap = new Int32Array(size);
  const val = new Float64Array(size);
  let len = 0;
  const worse = (va: number, ia: number, vb: number, ib: number): boolean => va < vb || (va === vb && ia > ib);
  const swap = (a: number, b: number): void => swapEntries(heap, val, a, b);
  const siftDown = (start: number): void => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < len && worse(val[l], heap[l], val[m], heap[m])) m = l;
      if (r < len && worse(val[r], heap[r], val[m], heap[m])) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (let i = 0; i < n; i++) {
    const s = scores[i];
    const v = s !== s ? NEG_INF : s; // NaN test without a global lookup (slow under jest)
    if (len < size) {
      // Sift up.
      let c = len++;
      heap[c] = i;
      val[c] = v;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(val[c], heap[c], val[p], heap[p])) break;
        swap(c, p);
        c = p;
      }
    } else if (worse(val[0], heap[0], v, i)) {
      heap[0] = i;
      val[0] = v;
      siftDown(0);
    }
  }
  // Pop worst-first into the back of the output so it ends up best first.
  const out = new Int32Array(size);
  for (let o = size - 1; o >= 0; o--) {
    out[o] = heap[0];
    len--;
    heap[0] = heap[len];
    val[0] = val[len];
    siftDown(0);
  }
  return out;
}
