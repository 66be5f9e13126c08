/**
 * FAISS (through the optional faiss-node addon) behind the AnnIndex interface. The default is
 * IndexFlatIP: exact like ExactIndex, but native and batched (searchMany sends all queries in
 * one call). A FAISS index_factory string (e.g. 'HNSW32') may be given instead; faiss-node
 * exposes no efSearch, so such indexes run at FAISS's defaults.
 *
 * faiss-node has no add_with_ids and no update, and many FAISS errors abort the whole process
 * instead of throwing (removeIds on an HNSW index, add on an untrained IVF, search with k=0),
 * so this class only makes calls known to be safe: add, search with 1 <= k <= ntotal,
 * toBuffer/fromBuffer. Rows are append-only; we map row <-> id ourselves, a removed or
 * replaced id leaves a tombstone that searches skip (by over-fetching), and when tombstones
 * pass a quarter of the rows the native index is rebuilt from our copy of the vectors. The copy
 * costs memory (n x dim floats) but is what makes removal possible without removeIds.
 */
import { writeFileSync } from 'node:fs';
import {
  assertDimension,
  assertId,
  assertK,
  assertUniqueIds,
  assertVector,
  bytesOf,
  encodeEnvelope,
  float32Of,
  queryRows,
  toMatrix,
  uint32Of,
  type Envelope,
} from './ann-common';
import type { AnnFilter, AnnHit, AnnIndex, VectorBatch } from './ann-index';
import { faissUnavailableReason, loadFaiss, type FaissModule, type FaissNativeIndex } from './faiss-loader';

export interface FaissOptions {
  /** A FAISS index_factory string that needs no training; default 'Flat' (IndexFlatIP, exact). */
  factory?: string;
}

/** Rows converted to a JS array per native add() call: bounds the temporary array's memory. */
const ADD_CHUNK_ROWS = 8192;

export class FaissIndex implements AnnIndex {
  readonly backend = 'faiss' as const;
  readonly factory: string;
  private readonly faiss: FaissModule;
  private native: FaissNativeIndex;
  /** Row r of the native index holds the vector of rowIds[r]; 0 marks a tombstone. */
  private rowIds: Uint32Array = new Uint32Array(0);
  /** Our copy of row r's vector, at r * dim: the source of rebuilds. */
  private vectors: Float32Array = new Float32Array(0);
  private readonly rowOf = new Map<number, number>();
  private rows = 0;
  private dead = 0;

  constructor(
    readonly dimension: number,
    options: FaissOptions = {},
  ) {
    assertDimension(dimension);
    const faiss = loadFaiss();
    if (!faiss) {
      throw new Error(`The FAISS backend is not available (${faissUnavailableReason()}); run scripts/install-faiss.sh`);
    }
    this.faiss = faiss;
    this.factory = options.factory ?? 'Flat';
    this.native = this.emptyNative();
  }

  /** Reads what toBuffer() wrote. */
  static fromEnvelope(env: Envelope): FaissIndex {
    const meta = env.meta as { factory: string };
    const index = new FaissIndex(env.dim, { factory: meta.factory });
    index.rowIds = uint32Of(env.sections[0]);
    index.vectors = float32Of(env.sections[1]);
    index.rows = index.rowIds.length;
    index.native = index.faiss.Index.fromBuffer(env.sections[2]);
    if (index.native.ntotal() !== index.rows) throw new Error('FAISS index artifact is inconsistent (row count)');
    for (let r = 0; r < index.rows; r++) index.rowOf.set(index.rowIds[r], r);
    return index;
  }

  get size(): number {
    return this.rowOf.size;
  }

  build(ids: ArrayLike<number>, vectors: VectorBatch): void {
    const matrix = toMatrix(ids, vectors, this.dimension);
    assertUniqueIds(ids);
    this.rowIds = Uint32Array.from(ids);
    this.vectors = matrix;
    this.rows = ids.length;
    this.dead = 0;
    this.rowOf.clear();
    for (let r = 0; r < this.rows; r++) this.rowOf.set(this.rowIds[r], r);
    this.native = this.emptyNative();
    this.addNative(0, this.rows);
  }

  upsert(id: number, vector: Float32Array): void {
    assertId(id);
    assertVector(vector, this.dimension);
    this.upsertMany([id], vector);
  }

  upsertMany(ids: ArrayLike<number>, vectors: VectorBatch): void {
    const matrix = toMatrix(ids, vectors, this.dimension);
    const first = this.rows;
    this.reserve(first + ids.length);
    this.vectors.set(matrix, first * this.dimension);
    for (let i = 0; i < ids.length; i++) {
      const old = this.rowOf.get(ids[i]);
      if (old !== undefined) this.bury(old); // also handles an id repeated within the batch
      this.rowIds[first + i] = ids[i];
      this.rowOf.set(ids[i], first + i);
    }
    this.rows += ids.length;
    this.addNative(first, this.rows);
    this.compactIfSparse();
  }

  remove(id: number): boolean {
    const r = this.rowOf.get(id);
    if (r === undefined) return false;
    this.bury(r);
    this.rowOf.delete(id);
    this.compactIfSparse();
    return true;
  }

  has(id: number): boolean {
    return this.rowOf.has(id);
  }

  search(query: Float32Array, k: number, filter?: AnnFilter): AnnHit[] {
    assertVector(query, this.dimension, 'query');
    assertK(k);
    const want = Math.min(k, this.size);
    if (want === 0) return [];
    const q = Array.from(query);
    // Without a filter, want + dead rows always contain `want` live ones. With one, start at
    // twice that and grow fourfold: the flat index is exact, so this ends with the true top-k.
    let fetch = Math.min(this.rows, filter ? 2 * want + this.dead : want + this.dead);
    for (;;) {
      const res = this.native.search(q, fetch);
      const hits = this.collect(res.labels, res.distances, 0, fetch, want, filter);
      if (hits.length >= want || fetch >= this.rows) return hits;
      fetch = Math.min(this.rows, fetch * 4);
    }
  }

  searchMany(queries: VectorBatch, k: number, filter?: AnnFilter): AnnHit[][] {
    const qs = queryRows(queries, this.dimension);
    qs.forEach((q) => assertVector(q, this.dimension, 'query'));
    assertK(k);
    const want = Math.min(k, this.size);
    if (want === 0 || qs.length === 0) return qs.map(() => []);
    const flat = new Array<number>(qs.length * this.dimension);
    qs.forEach((q, i) => {
      for (let j = 0; j < this.dimension; j++) flat[i * this.dimension + j] = q[j];
    });
    const fetch = Math.min(this.rows, filter ? 2 * want + this.dead : want + this.dead);
    const res = this.native.search(flat, fetch);
    return qs.map((q, i) => {
      const hits = this.collect(res.labels, res.distances, i * fetch, fetch, want, filter);
      // The rare query whose filter rejected too much gets its own growing search.
      return hits.length >= want || fetch >= this.rows ? hits : this.search(q, k, filter);
    });
  }

  toBuffer(): Buffer {
    // Tombstones are compacted away first, so a loaded index starts clean.
    if (this.dead > 0) this.rebuild();
    return encodeEnvelope({
      backend: this.backend,
      dim: this.dimension,
      meta: { factory: this.factory },
      sections: [
        bytesOf(this.rowIds.subarray(0, this.rows)),
        bytesOf(this.vectors.subarray(0, this.rows * this.dimension)),
        this.native.toBuffer(),
      ],
    });
  }

  saveFile(path: string): void {
    writeFileSync(path, this.toBuffer());
  }

  /** Live hits among result slots [from, from + count), best first, at most `want`. */
  private collect(
    labels: number[],
    distances: number[],
    from: number,
    count: number,
    want: number,
    filter?: AnnFilter,
  ): AnnHit[] {
    const hits: AnnHit[] = [];
    for (let i = from; i < from + count && hits.length < want; i++) {
      const row = labels[i];
      if (row < 0) continue; // FAISS pads with -1 when an approximate index finds fewer
      const id = this.rowIds[row];
      if (id === 0 || (filter !== undefined && !filter(id))) continue;
      hits.push({ id, score: distances[i] });
    }
    return hits;
  }

  private bury(row: number): void {
    this.rowIds[row] = 0;
    // Our copy forgets the vector too; the native row stays, unnamed, until compaction.
    this.vectors.fill(0, row * this.dimension, (row + 1) * this.dimension);
    this.dead++;
  }

  /** Rebuilds once tombstones pass a quarter of the rows: amortised O(dim) per removal. */
  private compactIfSparse(): void {
    if (this.dead > 0 && this.dead * 4 > this.rows) this.rebuild();
  }

  /** A new native index holding only the live rows, in their current order. */
  private rebuild(): void {
    const d = this.dimension;
    let w = 0;
    for (let r = 0; r < this.rows; r++) {
      const id = this.rowIds[r];
      if (id === 0) continue;
      if (w !== r) this.vectors.copyWithin(w * d, r * d, (r + 1) * d);
      this.rowIds[w] = id;
      this.rowOf.set(id, w);
      w++;
    }
    this.rows = w;
    this.dead = 0;
    this.native = this.emptyNative();
    this.addNative(0, w);
  }

  private emptyNative(): FaissNativeIndex {
    if (this.factory === 'Flat') return new this.faiss.IndexFlatIP(this.dimension);
    const index = this.faiss.Index.fromFactory(
      this.dimension,
      this.factory,
      this.faiss.MetricType.METRIC_INNER_PRODUCT,
    );
    // Adding to an untrained index (IVF, PQ) aborts the process, and faiss-node cannot set
    // nprobe anyway, so only factories that need no training are accepted.
    if (!index.isTrained()) throw new Error(`FAISS factory '${this.factory}' needs training, which is not supported`);
    return index;
  }

  /** Sends rows [from, to) of our copy to the native index. */
  private addNative(from: number, to: number): void {
    const d = this.dimension;
    for (let a = from; a < to; a += ADD_CHUNK_ROWS) {
      const b = Math.min(to, a + ADD_CHUNK_ROWS);
      this.native.add(Array.from(this.vectors.subarray(a * d, b * d)));
    }
  }

  private reserve(rows: number): void {
    if (rows <= this.rowIds.length) return;
    const capacity = Math.max(rows, Math.ceil(this.rowIds.length * 1.5), 64);
    const ids = new Uint32Array(capacity);
    ids.set(this.rowIds.subarray(0, this.rows));
    const vectors = new Float32Array(capacity * this.dimension);
    vectors.set(this.vectors.subarray(0, this.rows * this.dimension));
    this.rowIds = ids;
    this.vectors = vectors;
  }
}
