import { IdIndex } from '../evaluation/id-index';
import { groupRows } from '@app/ml/primitives/group-rows';
import type { OfflineRecommender, TrainSet } from '../evaluation/recommender';

/**
 * Exact item-kNN collaborative filtering, the classic reference: targets are similar when the
 * same actors liked them (cosine over binary "liked" vectors), and an actor's score for target t
 * is the sum of t's similarities to the targets the actor liked.
 *
 * The item-item matrix is never materialised (10,000 users would make it 100M cells). Since
 * sim(j, t) = |likers(j) & likers(t)| / sqrt(n_j n_t), the score of every t follows from walking
 * actor -> liked j -> likers u of j -> targets t liked by u over two CSR adjacency lists, adding
 * 1/sqrt(n_j) each time and dividing by sqrt(n_t) at the end. The result is exact.
 */
export class ItemKnnRecommender implements OfflineRecommender {
  readonly name = 'itemknn';
  private index = new IdIndex([]);
  // CSR: likes made by each user, and likers of each user (as a target).
  private likesStart: Int32Array = new Int32Array(1);
  private likes: Int32Array = new Int32Array(0);
  private likersStart: Int32Array = new Int32Array(1);
  private likers: Int32Array = new Int32Array(0);
  private invSqrtLikers = new Float64Array(0);
  private acc = new Float64Array(0);
  private lastActor = NaN;

  /** Builds the two adjacency lists from the training likes and super likes. */
  async fit(train: TrainSet): Promise<void> {
    this.index = new IdIndex(train.userIds);
    const n = train.userIds.length;
    const src: number[] = [];
    const dst: number[] = [];
    const seen = new Set<number>(); // a repeated like must not count twice in the cosine
    for (const s of train.swipes) {
      if (s.type !== 'like' && s.type !== 'super_like') continue;
      const a = this.index.indexOf(s.actor);
      const t = this.index.indexOf(s.target);
      if (a >= 0 && t >= 0 && !seen.has(a * n + t)) {
        seen.add(a * n + t);
        src.push(a);
        dst.push(t);
      }
    }
    [this.likesStart, this.likes] = csr(n, src, dst);
    [this.likersStart, this.likers] = csr(n, dst, src);
    this.invSqrtLikers = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      const c = this.likersStart[t + 1] - this.likersStart[t];
      this.invSqrtLikers[t] = c > 0 ? 1 / Math.sqrt(c) : 0;
    }
    this.acc = new Float64Array(n);
    this.lastActor = NaN;
  }

  /** Sum of cosine similarities between each target and the actor's liked targets (0 if none). */
  scoreTargets(actor: number, targets: ArrayLike<number>): Float32Array {
    const acc = this.acc;
    const a = this.index.indexOf(actor);
    // The accumulator is kept for the last actor, since the evaluator may score it again (AUC).
    if (actor !== this.lastActor) {
      acc.fill(0);
      if (a >= 0) this.accumulate(a);
      this.lastActor = actor;
    }
    const out = new Float32Array(targets.length);
    for (let i = 0; i < targets.length; i++) {
      const t = this.index.indexOf(targets[i]);
      out[i] = t >= 0 ? acc[t] * this.invSqrtLikers[t] : 0;
    }
    return out;
  }

  private accumulate(a: number): void {
    const { acc, likes, likesStart, likers, likersStart, invSqrtLikers } = this;
    for (let p = likesStart[a]; p < likesStart[a + 1]; p++) {
      const j = likes[p];
      const w = invSqrtLikers[j];
      for (let q = likersStart[j]; q < likersStart[j + 1]; q++) {
        const u = likers[q];
        for (let r = likesStart[u]; r < likesStart[u + 1]; r++) acc[likes[r]] += w;
      }
    }
  }

  /** Frees the adjacency lists. */
  dispose(): void {
    this.likes = this.likers = new Int32Array(0);
    this.acc = new Float64Array(0);
  }
}

/** Compressed rows: for each row r, cols[start[r]..start[r+1]) are its entries. Returns [start, cols]. */
export function csr(n: number, rows: number[], cols: number[]): [Int32Array, Int32Array] {
  const { start, order } = groupRows(n, rows);
  return [start, order.map((k) => cols[k])];
}
