/**
 * The approximate-nearest-neighbour index behind candidate generation: a viewer's taste vector
 * queries everyone's appeal vectors by maximum inner product. One small interface, three
 * backends: hnswlib (default), FAISS through faiss-node (optional native build) and exact brute
 * force (the reference every backend is tested against). create-ann-index.ts makes and loads them.
 */
export type AnnBackend = 'hnsw' | 'faiss' | 'exact';

/** One search result: a user id and its inner product with the query (higher is better). */
export interface AnnHit {
  id: number;
  score: number;
}

/** Keeps an id in the results when it returns true (e.g. "not already swiped", "in range"). */
export type AnnFilter = (id: number) => boolean;

/** Several vectors: one row-major Float32Array of n x dim floats, or one Float32Array each. */
export type VectorBatch = Float32Array | readonly Float32Array[];

/**
 * A maximum-inner-product index over (id, vector) pairs. Ids are integers in 1..2^32-1 and need
 * not be dense. Every method throws an Error naming the problem on a wrong dimension, a bad id
 * or a non-finite value; none of them aborts the process.
 */
export interface AnnIndex {
  readonly backend: AnnBackend;
  readonly dimension: number;
  /** Number of live ids. */
  readonly size: number;
  /** Replaces the whole content with these ids and vectors (ids must be distinct). */
  build(ids: ArrayLike<number>, vectors: VectorBatch): void;
  /** Adds the id, or replaces its vector if present. */
  upsert(id: number, vector: Float32Array): void;
  /** upsert() for many ids at once (faster on the native backends); a repeated id: last wins. */
  upsertMany(ids: ArrayLike<number>, vectors: VectorBatch): void;
  /** Removes the id; false if it was not there. */
  remove(id: number): boolean;
  has(id: number): boolean;
  /** The up to k ids with the largest inner product with `query`, best first, among those `filter` keeps. */
  search(query: Float32Array, k: number, filter?: AnnFilter): AnnHit[];
  /** search() for several queries (batched natively by FAISS). */
  searchMany(queries: VectorBatch, k: number, filter?: AnnFilter): AnnHit[][];
  /** The whole index as a versioned artifact, readable by loadAnnIndex(). */
  toBuffer(): Buffer;
  /** Writes toBuffer() to a file. */
  saveFile(path: string): void;
}
