/**
 * The one bounded top-k heap: keeps the k best (id, score) pairs seen, O(n log k) instead of a
 * full sort. Used by exact ANN search, candidate arms and the evaluation's ranking metrics.
 * Ties go to the smaller id, so every result is deterministic.
 */

/** One kept pair. */
export interface ScoredKey {
  id: number;
  score: number;
}

/**
 * A min-heap of at most k pairs whose root is the worst kept, so a candidate that does not beat
 * it costs one comparison. Pairs live in two typed arrays swapped with temporaries: objects per
 * entry, or a destructuring swap, allocated enough to be a fifth of candidate-service's
 * allocations (heap profile). Ids are stored as doubles, so any integer id below 2^53 fits.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly ids: Float64Array;
  private n = 0;

  constructor(private readonly k: number) {
    const size = Math.max(0, k);
    this.scores = new Float64Array(size);
    this.ids = new Float64Array(size);
  }

  /** Number of pairs kept so far. */
  get size(): number {
    return this.n;
  }

  /** Score a candidate must reach to enter (-Infinity until the heap is full). */
  get threshold(): number {
    return this.n < this.k ? -Infinity : this.scores[0];
  }

  /** Offers a pair; keeps it if it is among the k best so far. */
  push(id: number, score: number): void {
    if (this.n < this.k) {
      this.scores[this.n] = score;
      this.ids[this.n] = id;
      this.siftUp(this.n++);
    } else if (this.k > 0 && worse(this.scores[0], this.ids[0], score, id)) {
      this.scores[0] = score;
      this.ids[0] = id;
      this.siftDown(0);
    }
  }

  /** The kept pairs, best first. */
  sorted(): ScoredKey[] {
    const out: ScoredKey[] = [];
    for (let i = 0; i < this.n; i++) out.push({ id: this.ids[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  /** The kept ids, best first, emptying the heap (no object per pair). */
  drainIds(): Float64Array {
    const out = new Float64Array(this.n);
    for (let o = this.n - 1; o >= 0; o--) {
      out[o] = this.ids[0];
      this.n--;
      this.ids[0] = this.ids[this.n];
      this.scores[0] = this.scores[this.n];
      this.siftDown(0);
    }
    return out;
  }

  private siftUp(start: number): void {
    let i = start;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(this.scores[i], this.ids[i], this.scores[p], this.ids[p])) break;
      this.swap(i, p);
      i = p;
    }
  }

  private siftDown(start: number): void {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.n && worse(this.scores[l], this.ids[l], this.scores[m], this.ids[m])) m = l;
      if (r < this.n && worse(this.scores[r], this.ids[r], this.scores[m], this.ids[m])) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const s = this.scores[a];
    this.scores[a] = this.scores[b];
    this.scores[b] = s;
    const d = this.ids[a];
    this.ids[a] = this.ids[b];
    this.ids[b] = d;
  }
}

/** True when (s1, i1) ranks below (s2, i2): a lower score, or the same score and a larger id. */
function worse(s1: number, i1: number, s2: number, i2: number): boolean {
  return s1 < s2 || (s1 === s2 && i1 > i2);
}
