/** Makes an empty index of a backend, or loads a saved one whichever backend wrote it. */
import { readFileSync } from 'node:fs';
import { decodeEnvelope } from './ann-common';
import type { AnnBackend, AnnIndex } from './ann-index';
import { ExactIndex } from './exact-index';
import { FaissIndex, type FaissOptions } from './faiss-index';
import { HnswIndex, type HnswOptions } from './hnsw-index';

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
