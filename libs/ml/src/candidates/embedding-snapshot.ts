/**
 * One loaded embeddings version: the vectors, and the ANN index over the appeal side. A request
 * reads the current snapshot once and uses only it, so a swap to a new version in the middle
 * of a request cannot mix two versions' vectors.
 */
import type { AnnFilter, AnnIndex } from '../ann';
import { eraseRow, type EmbeddingModel } from '../embeddings/model';
import type { SimilarUser } from '@app/contracts';
import { bestOf } from './best-of';

export interface ScoredUser {
  id: number;
  score: number;
}

/**
 * Index rows for maximum-inner-product search of the full logit: each appeal vector gets its
 * bias as one more component and each query one more component equal to 1, so
 * [taste, 1]·[appeal, bias] = taste·appeal + bias, the model's score, found exactly by the index.
 */
export function indexRows(model: EmbeddingModel): { ids: Uint32Array; vectors: Float32Array; dim: number } {
  if (!model.userIds) throw new Error('embeddings artifact has no user ids: cannot map rows to users');
  const n = model.appealBias.length;
  const d = model.dim;
  const vectors = new Float32Array(n * (d + 1));
  for (let i = 0; i < n; i++) {
    vectors.set(model.appeal.subarray(i * d, (i + 1) * d), i * (d + 1));
    vectors[i * (d + 1) + d] = model.appealBias[i];
  }
  return { ids: Uint32Array.from(model.userIds), vectors, dim: d + 1 };
}

function norms(matrix: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += matrix[i * d + k] * matrix[i * d + k];
    out[i] = Math.sqrt(s);
  }
  return out;
}

export class EmbeddingSnapshot {
  private readonly rowOf = new Map<number, number>();
  /**
   * The same as rowOf, as an array indexed by user id (-1: absent) when ids are dense enough:
   * exact scoring looks up thousands of rows per request, and an array read is one memory
   * access where a Map lookup is several.
   */
  private readonly denseRow: Int32Array | null;
  private readonly tasteNorm: Float32Array;
  private readonly appealNorm: Float32Array;
  /** Rows of users removed since load (deleted): skipped by similar(), absent from the index. */
  private readonly removed: Uint8Array;

  constructor(
    readonly version: number,
    private readonly model: EmbeddingModel,
    private readonly index: AnnIndex,
  ) {
    const n = model.appealBias.length;
    const ids = model.userIds!;
    for (let i = 0; i < n; i++) this.rowOf.set(ids[i], i);
    let maxId = 0;
    for (let i = 0; i < n; i++) maxId = Math.max(maxId, ids[i]);
    this.denseRow =
      Number.isInteger(maxId) && maxId <= Math.max(4 * n, 1_000_000) ? new Int32Array(maxId + 1).fill(-1) : null;
    if (this.denseRow)
      for (let i = 0; i < n; i++) if (Number.isInteger(ids[i]) && ids[i] >= 0) this.denseRow[ids[i]] = i;
    this.tasteNorm = norms(model.taste, n, model.dim);
    this.appealNorm = norms(model.appeal, n, model.dim);
    this.removed = new Uint8Array(n);
  }

  /** Users the snapshot can answer for (removed ones excluded). */
  get size(): number {
    return this.rowOf.size;
  }

  has(userId: number): boolean {
    return this.rowOf.has(userId);
  }

  /** Drops a (deleted) user from the index and from similar(); false if not present. */
  remove(userId: number): boolean {
    const row = this.rowOf.get(userId);
    if (row === undefined) return false;
    this.rowOf.delete(userId);
    if (this.denseRow && userId < this.denseRow.length) this.denseRow[userId] = -1;
    this.removed[row] = 1;
    this.index.remove(userId);
    // Nothing of theirs stays in memory: their vectors, bias, norms and id are zeroed.
    eraseRow(this.model, row);
    this.tasteNorm[row] = 0;
    this.appealNorm[row] = 0;
    return true;
  }

  /**
   * The people whose appeal best matches the viewer's taste (the model's logit, highest first),
   * among those `keep` accepts; empty when the viewer is not in the model.
   */
  search(viewerId: number, k: number, keep?: AnnFilter): ScoredUser[] {
    const row = this.rowOf.get(viewerId);
    if (row === undefined || k <= 0 || this.index.size === 0) return [];
    const d = this.model.dim;
    const query = new Float32Array(d + 1);
    query.set(this.model.taste.subarray(row * d, (row + 1) * d));
    query[d] = 1;
    const filter: AnnFilter = (id) => id !== viewerId && (keep ? keep(id) : true);
    return this.index.search(query, Math.min(k, this.index.size), filter);
  }

  /**
   * The model's logit for the viewer against each of `ids` (those in the snapshot), best n
   * first: exact scoring of an already filtered set, no index needed.
   */
  scoreAmong(viewerId: number, ids: ArrayLike<number>, n: number): ScoredUser[] {
    const u = this.rowOf.get(viewerId);
    if (u === undefined || n <= 0) return [];
    const { taste, appeal, appealBias, dim: d } = this.model;
    const uo = u * d;
    return bestOf(
      ids.length,
      n,
      (k) => ids[k],
      (k) => {
        const id = ids[k];
        const v = this.denseRow
          ? id >= 0 && id < this.denseRow.length
            ? this.denseRow[id]
            : -1
          : (this.rowOf.get(id) ?? -1);
        if (v < 0 || id === viewerId) return -Infinity;
        const vo = v * d;
        // Four partial sums: independent additions pipeline, one running sum would chain them.
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let j = 0;
        for (; j + 3 < d; j += 4) {
          s0 += taste[uo + j] * appeal[vo + j];
          s1 += taste[uo + j + 1] * appeal[vo + j + 1];
          s2 += taste[uo + j + 2] * appeal[vo + j + 2];
          s3 += taste[uo + j + 3] * appeal[vo + j + 3];
        }
        for (; j < d; j++) s0 += taste[uo + j] * appeal[vo + j];
        return appealBias[v] + (s0 + s1 + s2 + s3);
      },
    );
  }

  /**
   * The `limit` users most similar to `userId`: the mean of the cosines of their taste vectors
   * (they like the same people) and of their appeal vectors (the same people like them). Exact
   * over all rows (n x 2d multiply-adds, about 10 ms at 100k x 64): an occasional endpoint does
   * not justify a second ANN index and its memory.
   */
  similar(userId: number, limit: number, keep?: (id: number) => boolean): SimilarUser[] {
    const u = this.rowOf.get(userId);
    if (u === undefined || limit <= 0) return [];
    const { taste, appeal, dim: d } = this.model;
    const ids = this.model.userIds!;
    const n = this.removed.length;
    const top: SimilarUser[] = [];
    const tu = this.tasteNorm[u] || 1;
    const au = this.appealNorm[u] || 1;
    for (let v = 0; v < n; v++) {
      if (v === u || this.removed[v]) continue;
      let st = 0;
      let sa = 0;
      for (let k = 0; k < d; k++) {
        st += taste[u * d + k] * taste[v * d + k];
        sa += appeal[u * d + k] * appeal[v * d + k];
      }
      const cosT = st / (tu * (this.tasteNorm[v] || 1));
      const cosA = sa / (au * (this.appealNorm[v] || 1));
      const score = (cosT + cosA) / 2;
      if (top.length === limit && score <= top[limit - 1].score) continue;
      if (keep && !keep(ids[v])) continue;
      const item = { user_id: ids[v], score, taste: cosT, appeal: cosA };
      let i = top.length < limit ? top.length : limit - 1;
      if (top.length < limit) top.push(item);
      while (i > 0 && top[i - 1].score < score) {
        top[i] = top[i - 1];
        i--;
      }
      top[i] = item;
    }
    return top;
  }
}
