/**
 * Building the ANN index of a snapshot, as a plain function: the worker thread runs it in
 * production, and the unit specs call it directly (jest cannot start a worker from TypeScript).
 * Imports are relative, not @app/*, because a worker thread does not inherit the path-alias
 * hook that scripts/run-dist.js installs in the main thread.
 */
import { createAnnIndex, type AnnBackend, type AnnIndex } from '../../../../libs/ml/src/ann';

export interface IndexBuildInput {
  backend: AnnBackend;
  dim: number;
  ids: Uint32Array;
  vectors: Float32Array;
  efSearch?: number;
}

/** Builds the whole index in one call (hnsw: norm-banded graph; exact: a copy of the matrix). */
export function buildIndex(input: IndexBuildInput): AnnIndex {
  const index =
    input.backend === 'hnsw'
      ? createAnnIndex('hnsw', input.dim, { efSearch: input.efSearch })
      : createAnnIndex(input.backend, input.dim);
  index.build(input.ids, input.vectors);
  return index;
}
