/**
 * HNSW (hnswlib-node) behind the AnnIndex interface: the default backend.
 *
 * Maximum inner product, step 1: a transform. hnswlib's 'ip' space builds its graph with inner
 * products between stored vectors, which is not a metric when the vectors' lengths differ (and
 * ours do: the length of an appeal vector carries popularity), so long vectors become hubs and
 * the greedy search misses the rest: recall@100 0.46 / 0.66 at ef 100 / 400 on 20k x 32
 * clustered vectors with log-normal lengths. The standard transform (Bachrach et al. 2014)
 * stores x' = [x, sqrt(M^2 - |x|^2)] with M >= every |x| and queries with q' = [q, 0]: every x'
 * has length M, so the inner-product order of q' is the cosine and L2 order, a proper metric
 * for the graph, and q'.x' = q.x exactly, so the score needs no rescaling (0.98 / 0.998).
 *
 * Step 2: norm ranging (Yan et al. 2018). With one M for everything, the long tail of lengths
 * makes M several times the typical length; the extra component then dominates, the points
 * crowd together and recall collapses again as n grows (100k x 64: 0.77 at ef 200, 0.95 only at
 * ef 1600). So build() splits the vectors into `normBands` bands of equal count by length, each
 * its own graph with its own M. A query searches the bands from the longest down and stops as
 * soon as |q| * (a band's largest length) cannot beat the k-th score found (Cauchy-Schwarz):
 * since long vectors dominate inner products, most queries search one or two bands. With 4
 * bands, 100k x 64: recall@100 0.96 at ef 100, 0.997 at ef 200, and a faster build.
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
  queryRows,
  squaredNorm,
  toMatrix,
  uint32Of,
  type Envelope,
} from './ann-common';
import type { AnnFilter, AnnHit, AnnIndex, VectorBatch } from './ann-index';
import { HnswBand, type BandMeta } from './hnsw-band';

export interface HnswOptions {
  /** Graph degree; hnswlib's default 16 is right for dimension 32-128. */
  M?: number;
  /** Candidate list size while inserting: higher builds slower and searches better. */
  efConstruction?: number;
  /** Candidate list size while searching, per band (hnswlib uses max(efSearch, k)). */
  efSearch?: number;
  /** Slots allocated up front per band; a band doubles its slots when full. */
  initialCapacity?: number;
  /** Seed of hnswlib's level generator, so that builds are reproducible. */
  seed?: number;
  /** The longest band's M is its longest vector times this, so slightly longer ones fit without a rebuild. */
  normHeadroom?: number;
  /** Bands build() splits the vectors into by length; 1 turns norm ranging off. */
  normBands?: number;
  /** build() uses fewer bands rather than bands smaller than this. */
  minBandSize?: number;
}

/**
 * Defaults, from tools/bench/ann-bench.ts on clustered 100k x 64 vectors with log-normal
 * lengths, k = 100: efSearch 150 gives recall@100 0.985 (0.96 at 100, 0.997 at 200) at about
 * 1/30 of exact search's per-query time, leaving a margin over the 0.95 target for other data.
 * hnswlib searches with max(ef, k), so for k >= efSearch only k matters.
 */
export const HNSW_DEFAULTS: Required<HnswOptions> = {
  M: 16,
  efConstruction: 200,
  efSearch: 150,
  initialCapacity: 1024,
  seed: 100,
  normHeadroom: 1.1,
  normBands: 4,
  minBandSize: 1000,
};

interface HnswMeta {
  opts: Required<HnswOptions>;
  cutsSq: number[];
  nextLabel: number;
  spare: number[];
  bands: BandMeta[];
}

export class HnswIndex implements AnnIndex {
  readonly backend = 'hnsw' as const;
  private readonly opts: Required<HnswOptions>;
  /** Ascending by length: band b < last holds |x|^2 <= cutsSq[b]; the last band holds the rest. */
  private bands: HnswBand[] = [];
  private cutsSq: number[] = [];
  /**
   * hnswlib labels are our slot numbers, unique across bands, not user ids. A removed id's
   * label stays in its band's graph, marked deleted, on that band's free list; a new id in the
   * same band takes it over (unmarkDelete, then addPoint updates it in place). This is what
   * allowReplaceDeleted does, but hnswlib would pick an arbitrary deleted slot and drop that
   * slot's label from its lookup table, so we choose the slot ourselves and always know which
   * label is where.
   */
  private labelToId: Uint32Array = new Uint32Array(0);
  private bandOfLabel: Uint8Array = new Uint8Array(0);
  private readonly labelOf = new Map<number, number>();
  /** Labels in no graph (left over when a band is rebuilt): usable in any band. */
  private spare: number[] = [];
  private nextLabel = 0;
  /** Reused query buffer: hnswlib-node takes plain arrays, one slot longer for the transform. */
  private readonly q: number[];

  constructor(
    readonly dimension: number,
    options: HnswOptions = {},
  ) {
    assertDimension(dimension);
    this.opts = { ...HNSW_DEFAULTS, ...definedOnly(options) };
    if (!Number.isInteger(this.opts.normBands) || this.opts.normBands < 1 || this.opts.normBands > 255) {
      throw new Error(`HNSW normBands must be an integer in 1..255, got ${this.opts.normBands}`);
    }
    this.q = new Array<number>(dimension + 1).fill(0);
    this.load([], new Float32Array(0));
  }

  /** Reads what toBuffer() wrote; `options` may override efSearch. */
  static fromEnvelope(env: Envelope, options: HnswOptions = {}): HnswIndex {
    const meta = env.meta as unknown as HnswMeta;
    const index = new HnswIndex(env.dim, { ...meta.opts, ...definedOnly(options) });
    index.bands = meta.bands.map((m, b) => HnswBand.fromBytes(env.dim, m, env.sections[2 + b], index.opts));
    index.cutsSq = meta.cutsSq;
    index.nextLabel = meta.nextLabel;
    index.spare = [...meta.spare];
    index.labelToId = uint32Of(env.sections[0]);
    index.bandOfLabel = Uint8Array.from(env.sections[1]);
    const notLive = new Set([...index.spare, ...index.bands.flatMap((band) => band.free)]);
    for (let l = 0; l < index.nextLabel; l++) if (!notLive.has(l)) index.labelOf.set(index.labelToId[l], l);
    return index;
  }

  get size(): number {
    return this.labelOf.size;
  }

  /** Number of norm bands in use (build() decides it from the options and the data size). */
  get bandCount(): number {
    return this.bands.length;
  }

  /** Changes efSearch (recall against speed) without a rebuild. */
  setEfSearch(ef: number): void {
    this.opts.efSearch = ef;
    for (const band of this.bands) band.native.setEf(ef);
  }

  build(ids: ArrayLike<number>, vectors: VectorBatch): void {
    const matrix = toMatrix(ids, vectors, this.dimension);
    assertUniqueIds(ids);
    this.load(ids, matrix);
  }

  upsert(id: number, vector: Float32Array): void {
    assertId(id);
    assertVector(vector, this.dimension);
    this.put(id, vector);
  }

  upsertMany(ids: ArrayLike<number>, vectors: VectorBatch): void {
    const matrix = toMatrix(ids, vectors, this.dimension);
    const d = this.dimension;
    for (let i = 0; i < ids.length; i++) this.put(ids[i], matrix.subarray(i * d, (i + 1) * d));
  }

  remove(id: number): boolean {
    const label = this.labelOf.get(id);
    if (label === undefined) return false;
    this.bands[this.bandOfLabel[label]].delete(label);
    this.labelOf.delete(id);
    // The slot no longer names the id (ids are erased users'): its vector stays in the graph,
    // unnamed, as a stepping stone, until the slot is reused or the index rebuilt.
    this.labelToId[label] = 0;
    return true;
  }

  has(id: number): boolean {
    return this.labelOf.has(id);
  }

  search(query: Float32Array, k: number, filter?: AnnFilter): AnnHit[] {
    assertVector(query, this.dimension, 'query');
    assertK(k);
    const want = Math.min(k, this.size);
    if (want === 0) return [];
    const q = this.q;
    for (let j = 0; j < this.dimension; j++) q[j] = query[j];
    q[this.dimension] = 0;
    const qNorm = Math.sqrt(squaredNorm(query));
    const labelToId = this.labelToId;
    const byLabel = filter && ((label: number) => filter(labelToId[label]));
    let hits: AnnHit[] = [];
    for (let b = this.bands.length - 1; b >= 0; b--) {
      const band = this.bands[b];
      if (band.live === 0) continue;
      // q.x <= |q| |x| <= |q| * maxNorm: this band and the shorter ones cannot enter the top k.
      if (hits.length === want && qNorm * band.maxNorm < hits[want - 1].score) break;
      const merging = hits.length > 0; // one band's hits come sorted; several need a merge
      const found = band.search(q, want, byLabel);
      for (let i = 0; i < found.labels.length; i++)
        hits.push({ id: labelToId[found.labels[i]], score: found.scores[i] });
      if (merging) hits = hits.sort((x, y) => y.score - x.score).slice(0, want);
    }
    return hits;
  }

  searchMany(queries: VectorBatch, k: number, filter?: AnnFilter): AnnHit[][] {
    return queryRows(queries, this.dimension).map((q) => this.search(q, k, filter));
  }

  toBuffer(): Buffer {
    const meta: HnswMeta = {
      opts: this.opts,
      cutsSq: this.cutsSq,
      nextLabel: this.nextLabel,
      spare: this.spare,
      bands: this.bands.map((band) => band.meta()),
    };
    return encodeEnvelope({
      backend: this.backend,
      dim: this.dimension,
      meta: meta as unknown as Record<string, unknown>,
      sections: [
        bytesOf(this.labelToId.subarray(0, this.nextLabel)),
        Buffer.from(this.bandOfLabel.subarray(0, this.nextLabel)),
        ...this.bands.map((band) => band.toBytes()),
      ],
    });
  }

  saveFile(path: string): void {
    writeFileSync(path, this.toBuffer());
  }

  /** Adds or updates one checked vector, moving it to another band if its length changed bands. */
  private put(id: number, vector: Float32Array): void {
    const normSq = squaredNorm(vector);
    const b = this.bandFor(normSq);
    let label = this.labelOf.get(id);
    if (label !== undefined && this.bandOfLabel[label] !== b) {
      this.remove(id);
      label = undefined;
    }
    if (normSq > this.bands[b].maxNormSq) this.rebuildBand(b, normSq);
    const band = this.bands[b];
    if (label !== undefined) {
      band.update(label, vector, normSq);
      return;
    }
    const reused = band.free.pop();
    label = reused ?? this.spare.pop() ?? this.nextLabel++;
    this.ensureLabels(this.nextLabel);
    band.insert(label, vector, 0, normSq, reused !== undefined);
    this.labelToId[label] = id;
    this.bandOfLabel[label] = b;
    this.labelOf.set(id, label);
  }

  /** The band for a vector of squared length normSq: the first whose cut it does not exceed. */
  private bandFor(normSq: number): number {
    let b = 0;
    while (b < this.cutsSq.length && normSq > this.cutsSq[b]) b++;
    return b;
  }

  /** Replaces the content by `matrix` (checked), split into norm bands of equal count. */
  private load(ids: ArrayLike<number>, matrix: Float32Array): void {
    const n = ids.length;
    const d = this.dimension;
    const o = this.opts;
    const normsSq = new Float64Array(n);
    for (let i = 0; i < n; i++) normsSq[i] = squaredNorm(matrix, i * d, d);
    const sorted = Float64Array.from(normsSq).sort();
    const bandCount = Math.max(1, Math.min(o.normBands, Math.floor(n / o.minBandSize)));
    this.cutsSq = [];
    for (let b = 1; b < bandCount; b++) this.cutsSq.push(sorted[Math.floor((b * n) / bandCount) - 1]);
    const topSq = (n > 0 ? sorted[n - 1] : 0) * o.normHeadroom ** 2;
    // Each band's M is its cut (every vector routed to it is no longer), the top one's the headroom.
    this.bands = [...this.cutsSq, topSq].map(
      (mSq) => new HnswBand(d, mSq, Math.max(o.initialCapacity, Math.ceil(n / bandCount)), o),
    );
    this.labelToId = new Uint32Array(Math.max(n, 16));
    this.bandOfLabel = new Uint8Array(this.labelToId.length);
    this.labelOf.clear();
    this.spare = [];
    // Insertion in the given order, not sorted by length: sorted insertion builds a worse graph.
    for (let i = 0; i < n; i++) {
      const b = this.bandFor(normsSq[i]);
      this.bands[b].insert(i, matrix, i * d, normsSq[i], false);
      this.labelToId[i] = ids[i];
      this.bandOfLabel[i] = b;
      this.labelOf.set(ids[i], i);
    }
    this.nextLabel = n;
  }

  /**
   * A vector longer than the top band's M would need the square root of a negative number, so
   * the band's extra components must all change: rebuild that band's graph with a larger M.
   * Rare after build(), which leaves headroom; an index filled one upsert at a time from empty
   * rebuilds about ln(n) times (once per new longest vector). Labels are kept.
   */
  private rebuildBand(b: number, normSq: number): void {
    const old = this.bands[b];
    const band = new HnswBand(
      this.dimension,
      normSq * this.opts.normHeadroom ** 2,
      Math.max(old.live, this.opts.initialCapacity),
      this.opts,
    );
    for (const label of this.labelOf.values()) {
      if (this.bandOfLabel[label] !== b) continue;
      const v = old.vectorOf(label);
      band.insert(label, v, 0, squaredNorm(v), false);
    }
    this.spare.push(...old.free);
    this.bands[b] = band;
  }

  /** Grows the label arrays geometrically to hold `count` labels. */
  private ensureLabels(count: number): void {
    if (count <= this.labelToId.length) return;
    const size = Math.max(count, this.labelToId.length * 2);
    const ids = new Uint32Array(size);
    ids.set(this.labelToId);
    const bands = new Uint8Array(size);
    bands.set(this.bandOfLabel);
    this.labelToId = ids;
    this.bandOfLabel = bands;
  }
}

/** Drops undefined fields so that they do not override defaults in a spread. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
