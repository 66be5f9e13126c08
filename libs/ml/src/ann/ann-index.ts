/**
 * The approximate-nearest-neighbour index behind candidate generation: a viewer's taste vector
 * queries everyone's appeal vectors by maximum inner product. One small interface, three
 * backends: hnswlib (default), FAISS through faiss-node (optional native build) and exact brute
 * force (the reference every backend is tested against).
 */
import { readFileSync } from 'node:fs';
import { decodeEnvelope } from './ann-common';
import { ExactIndex } from './exact-index';
import { FaissIndex, type FaissOptions } from './faiss-index';
import { HnswIndex, type HnswOptions } from './hnsw-index';

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

export type AnnIndexOptions = HnswOptions & FaissOptions;

/** Creates an empty index of the given backend and dimension. */
export function createAnnIndex(backend: 'hnsw', dim: number, options?: HnswOptions): AnnIndex;
export function createAnnIndex(backend: 'faiss', dim: number, options?: FaissOptions): AnnIndex;
export function createAnnIndex(backend: 'exact', dim: number): AnnIndex;
export function createAnnIndex(backend: AnnBackend, dim: number, options?: AnnIndexOptions): AnnIndex;
export function createAnnIndex(backend: AnnBackend, dim: number, options: AnnIndexOptions = {}): AnnIndex {
  switch (backend) {
    case 'hnsw':
      return new HnswIndex(dim, options);
    case 'faiss':
      return new FaissIndex(dim, options);
    case 'exact':
      return new ExactIndex(dim);
    default:
      throw new Error(`Unknown ANN backend ${String(backend)}`);
  }
}

/**
 * Reads an index saved by toBuffer()/saveFile() (a Buffer, or a file path). The backend is the
 * one that wrote it; options override its tunable search settings (e.g. efSearch).
 */
export function loadAnnIndex(source: Buffer | string, options: AnnIndexOptions = {}): AnnIndex {
  const buf = typeof source === 'string' ? readFileSync(source) : source;
  const env = decodeEnvelope(buf);
  switch (env.backend) {
    case 'hnsw':
      return HnswIndex.fromEnvelope(env, options);
    case 'faiss':
      return FaissIndex.fromEnvelope(env);
    case 'exact':
      return ExactIndex.fromEnvelope(env);
    default:
      throw new Error(`ANN index artifact names an unknown backend ${String(env.backend)}`);
  }
}
