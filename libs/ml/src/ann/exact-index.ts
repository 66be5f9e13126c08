/**
 * Exact maximum-inner-product search by brute force over one contiguous Float32Array. It is the
 * reference the other backends are measured against, and a fallback that needs nothing native.
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
import { TopK } from '../primitives/top-k';

export class ExactIndex implements AnnIndex {
  readonly backend = 'exact' as const;
  /** Rows 0..count-1 are live; row r holds ids[r]. Removal moves the last row into the hole. */
  private data: Float32Array;
  private ids: Uint32Array;
  private readonly rowOf = new Map<number, number>();
  private count = 0;

  constructor(readonly dimension: number) {
    assertDimension(dimension);
    this.data = new Float32Array(0);
    this.ids = new Uint32Array(0);
  }

  /** Reads what toBuffer() wrote. */
  static fromEnvelope(env: Envelope): ExactIndex {
    const index = new ExactIndex(env.dim);
    index.build(uint32Of(env.sections[0]), float32Of(env.sections[1]));
    return index;
  }

  get size(): number {
    return this.count;
  }

  build(ids: ArrayLike<number>, vectors: VectorBatch): void {
    const matrix = toMatrix(ids, vectors, this.dimension);
    assertUniqueIds(ids);
    this.data = matrix;
    this.ids = Uint32Array.from(ids);
    this.count = ids.length;
    this.rowOf.clear();
    for (let r = 0; r < this.count; r++) this.rowOf.set(this.ids[r], r);
  }

  upsert(id: number, vector: Float32Array): void {
    assertId(id);
    assertVector(vector, this.dimension);
    let r = this.rowOf.get(id);
    if (r === undefined) {
      this.reserve(this.count + 1);
      r = this.count++;
      this.ids[r] = id;
      this.rowOf.set(id, r);
    }
    this.data.set(vector, r * this.dimension);
  }

  upsertMany(ids: ArrayLike<number>, vectors: VectorBatch): void {
    const matrix = toMatrix(ids, vectors, this.dimension);
    this.reserve(this.count + ids.length);
    const d = this.dimension;
    for (let i = 0; i < ids.length; i++) this.upsert(ids[i], matrix.subarray(i * d, (i + 1) * d));
  }

  remove(id: number): boolean {
    const r = this.rowOf.get(id);
    if (r === undefined) return false;
    const last = --this.count;
    this.rowOf.delete(id);
    if (r !== last) {
      // Keep rows 0..count-1 contiguous so the search loop never tests for holes.
      const d = this.dimension;
      this.data.copyWithin(r * d, last * d, (last + 1) * d);
      this.ids[r] = this.ids[last];
      this.rowOf.set(this.ids[r], r);
    }
    // Nothing of the removed id stays past the live rows (ids are erased users').
    this.data.fill(0, last * this.dimension, (last + 1) * this.dimension);
    this.ids[last] = 0;
    return true;
  }

  has(id: number): boolean {
    return this.rowOf.has(id);
  }

  search(query: Float32Array, k: number, filter?: AnnFilter): AnnHit[] {
    assertVector(query, this.dimension, 'query');
    assertK(k);
    const top = new TopK(Math.min(k, this.count));
    const { data, ids, count } = this;
    const d = this.dimension;
    const d4 = d - (d % 4);
    let threshold = -Infinity;
    for (let r = 0, base = 0; r < count; r++, base += d) {
      if (filter !== undefined && !filter(ids[r])) continue;
      // Four accumulators: shorter dependency chains, 1.5-1.8x faster than one sum in V8.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j < d4; j += 4) {
        s0 += query[j] * data[base + j];
        s1 += query[j + 1] * data[base + j + 1];
        s2 += query[j + 2] * data[base + j + 2];
        s3 += query[j + 3] * data[base + j + 3];
      }
      for (; j < d; j++) s0 += query[j] * data[base + j];
      const s = s0 + s1 + (s2 + s3);
      if (s < threshold) continue;
      top.push(ids[r], s);
      threshold = top.threshold;
    }
    return top.sorted();
  }

  searchMany(queries: VectorBatch, k: number, filter?: AnnFilter): AnnHit[][] {
    return queryRows(queries, this.dimension).map((q) => this.search(q, k, filter));
  }

  toBuffer(): Buffer {
    const d = this.dimension;
    return encodeEnvelope({
      backend: this.backend,
      dim: d,
      meta: {},
      sections: [bytesOf(this.ids.subarray(0, this.count)), bytesOf(this.data.subarray(0, this.count * d))],
    });
  }

  saveFile(path: string): void {
    writeFileSync(path, this.toBuffer());
  }

  /** Grows the row storage geometrically so that repeated upserts stay amortised O(dim). */
  private reserve(rows: number): void {
    if (rows <= this.ids.length) return;
    const capacity = Math.max(rows, Math.ceil(this.ids.length * 1.5), 64);
    const data = new Float32Array(capacity * this.dimension);
    data.set(this.data.subarray(0, this.count * this.dimension));
    const ids = new Uint32Array(capacity);
    ids.set(this.ids.subarray(0, this.count));
    this.data = data;
    this.ids = ids;
  }
}
