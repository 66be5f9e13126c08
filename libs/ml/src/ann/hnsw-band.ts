/**
 * One hnswlib graph holding the vectors of one norm band, stored with the MIPS-to-cosine
 * transform x' = [x, sqrt(M^2 - |x|^2)] (see hnsw-index.ts for why). Labels are chosen by the
 * caller (global slot numbers, unique across bands); this class only keeps the graph, its
 * transform length M, its capacity and its deleted-but-reusable labels.
 */
import { HierarchicalNSW } from 'hnswlib-node';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BandGraphOptions {
  M: number;
  efConstruction: number;
  efSearch: number;
  seed: number;
}

/** A band's state that is not in the graph file, as saved in the artifact's metadata. */
export interface BandMeta {
  maxNormSq: number;
  live: number;
  free: number[];
}

export class HnswBand {
  native: HierarchicalNSW;
  /** Labels marked deleted in this graph, reused (unmarkDelete + update) before new ones. */
  free: number[] = [];
  /** Live vectors in this graph. */
  live = 0;

  /** M^2 of the transform: every vector stored here has |x|^2 <= maxNormSq. */
  constructor(
    private readonly dim: number,
    readonly maxNormSq: number,
    capacity: number,
    opts: BandGraphOptions,
  ) {
    this.native = new HierarchicalNSW('ip', dim + 1);
    this.native.initIndex({
      maxElements: Math.max(1, capacity),
      m: opts.M,
      efConstruction: opts.efConstruction,
      randomSeed: opts.seed,
      // We reuse deleted slots ourselves (see HnswIndex); with this flag hnswlib also keeps
      // its list of deleted elements and refuses a plain addPoint on a deleted label.
      allowReplaceDeleted: true,
    });
    this.native.setEf(opts.efSearch);
  }

  /** Reads a band saved by toBytes(); the graph file carries its own capacity and parameters. */
  static fromBytes(dim: number, meta: BandMeta, bytes: Buffer, opts: BandGraphOptions): HnswBand {
    const band = new HnswBand(dim, meta.maxNormSq, 1, opts);
    withTempFile((file) => {
      writeFileSync(file, bytes);
      band.native = new HierarchicalNSW('ip', dim + 1);
      band.native.readIndexSync(file, true);
    });
    band.native.setEf(opts.efSearch);
    band.live = meta.live;
    band.free = [...meta.free];
    return band;
  }

  /** Largest vector length this band can hold: the bound used to prune bands at search time. */
  get maxNorm(): number {
    return Math.sqrt(this.maxNormSq);
  }

  /** Stores `vector` under a label new to this graph, or over a free (deleted) one of it. */
  insert(label: number, vector: ArrayLike<number>, from: number, normSq: number, reused: boolean): void {
    if (reused) {
      this.native.unmarkDelete(label);
    } else {
      const capacity = this.native.getMaxElements();
      if (this.native.getCurrentCount() >= capacity) this.native.resizeIndex(capacity * 2);
    }
    // On a label already in the graph hnswlib updates the vector and repairs its neighbourhood.
    this.native.addPoint(this.transformed(vector, from, normSq), label);
    this.live++;
  }

  /** Replaces the vector of a live label. */
  update(label: number, vector: ArrayLike<number>, normSq: number): void {
    this.native.addPoint(this.transformed(vector, 0, normSq), label);
  }

  /**
   * Marks the label deleted and keeps it for reuse. Deleted nodes stay in the graph as stepping
   * stones (searches never return them), so removals do not cut paths to the rest.
   */
  delete(label: number): void {
    this.native.markDelete(label);
    this.free.push(label);
    this.live--;
  }

  /** The original (untransformed) vector of a label. */
  vectorOf(label: number): number[] {
    return this.native.getPoint(label).slice(0, this.dim);
  }

  /** Up to k (label, inner product) pairs, best first; `q` is the query with a 0 appended. */
  search(q: number[], k: number, filter?: (label: number) => boolean): { labels: number[]; scores: number[] } {
    const found = this.native.searchKnn(q, Math.min(k, this.live), filter);
    // hnswlib's 'ip' distance is 1 - q'.x', and q'.x' = q.x exactly since q' ends with 0.
    return { labels: found.neighbors, scores: found.distances.map((d) => 1 - d) };
  }

  /** The graph file's bytes (hnswlib-node reads and writes only files). */
  toBytes(): Buffer {
    return withTempFile((file) => {
      this.native.writeIndexSync(file);
      return readFileSync(file);
    });
  }

  meta(): BandMeta {
    return { maxNormSq: this.maxNormSq, live: this.live, free: this.free };
  }

  /** x' = [x, sqrt(M^2 - |x|^2)] for the vector starting at `from`. */
  private transformed(source: ArrayLike<number>, from: number, normSq: number): number[] {
    const d = this.dim;
    const point = new Array<number>(d + 1);
    for (let j = 0; j < d; j++) point[j] = source[from + j];
    point[d] = Math.sqrt(Math.max(0, this.maxNormSq - normSq));
    return point;
  }
}

/** Runs `fn` with a path in a fresh temporary directory, removed afterwards. */
function withTempFile<T>(fn: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'ann-hnsw-'));
  try {
    return fn(join(dir, 'graph.bin'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
