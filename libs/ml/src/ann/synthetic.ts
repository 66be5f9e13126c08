/**
 * Seeded synthetic data for the ANN tests and benchmark: clustered vectors with uneven norms,
 * shaped like the appeal/taste embeddings a factorization model produces (a few dozen "types"
 * of profile, and a popularity factor carried by the vector's length). Deterministic by seed so
 * recall figures are reproducible.
 */
import { SeededRandom } from '../primitives/seeded-random';

export interface ClusteredOptions {
  seed: number;
  /** Number of mixture components; default 32. */
  clusters?: number;
  /** Within-cluster standard deviation relative to the centres' spread; default 0.35. */
  spread?: number;
  /** Standard deviation of the log of the per-vector length factor; 0 gives equal scales. */
  normSpread?: number;
  /** Seed of the cluster centres, so that items and queries can share centres; default seed. */
  centreSeed?: number;
}

/** n clustered vectors of `dim` floats, row-major in one Float32Array. */
export function clusteredVectors(n: number, dim: number, opts: ClusteredOptions): Float32Array {
  const clusters = opts.clusters ?? 32;
  const spread = opts.spread ?? 0.35;
  const normSpread = opts.normSpread ?? 0.3;
  const centreRng = new SeededRandom(opts.centreSeed ?? opts.seed);
  const scale = 1 / Math.sqrt(dim); // keeps |centre| near 1 whatever the dimension
  const centres = new Float32Array(clusters * dim);
  for (let i = 0; i < centres.length; i++) centres[i] = centreRng.normal() * scale;
  const rng = new SeededRandom(opts.seed ^ 0x9e3779b9);
  const out = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) {
    const c = rng.int(clusters) * dim;
    const lengthFactor = Math.exp(rng.normal() * normSpread);
    for (let j = 0; j < dim; j++) {
      out[r * dim + j] = (centres[c + j] + rng.normal() * spread * scale) * lengthFactor;
    }
  }
  return out;
}

/** Row `i` of a row-major matrix, as a view (no copy). */
export function row(matrix: Float32Array, dim: number, i: number): Float32Array {
  return matrix.subarray(i * dim, (i + 1) * dim);
}

/** Fraction of `truth` ids found in `found` (recall@k when both are top-k lists). */
export function recallOf(found: ReadonlyArray<{ id: number }>, truth: ReadonlyArray<{ id: number }>): number {
  if (truth.length === 0) return 1;
  const want = new Set(truth.map((h) => h.id));
  let hit = 0;
  for (const h of found) if (want.has(h.id)) hit++;
  return hit / truth.length;
}
