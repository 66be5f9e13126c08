/**
 * ANN benchmark: build time, per-query latency (mean, p50, p99) for k nearest by inner product,
 * recall@k against exact search, and each backend's per-query time as a fraction of exact's.
 * Data: seeded clustered vectors with uneven lengths, like the appeal/taste embeddings. The
 * measuring itself is in ann-measure.ts, shared with `npm run bench` (which uses trained vectors).
 *
 *   npx ts-node -T -r tsconfig-paths/register tools/bench/ann-bench.ts \
 *     --n 100000 --dim 64 --queries 1000 --out bench-results/ann.json
 *
 * Options: --k 100, --seed 1, --ef 100,150,200 (efSearch sweep for hnsw; the default efSearch
 * is always included), --M, --efConstruction, --bands (norm bands), --backends exact,hnsw,faiss.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { HNSW_DEFAULTS } from '@app/ml/ann';
import { clusteredVectors } from '@app/ml/ann/synthetic';
import { formatAnnRows, measureBackends } from './ann-measure';

interface Args {
  n: number;
  dim: number;
  queries: number;
  k: number;
  seed: number;
  out: string | null;
  ef: number[];
  M: number;
  efConstruction: number;
  bands: number;
  backends: string[];
}

/** Parses --name value pairs over the defaults. */
function parseArgs(argv: string[]): Args {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, dflt: number): number => {
    const v = get(name);
    if (v === undefined) return dflt;
    const x = Number(v);
    if (!Number.isFinite(x) || x <= 0) throw new Error(`--${name} must be a positive number, got ${v}`);
    return x;
  };
  const efDefault = HNSW_DEFAULTS.efSearch;
  const ef = (get('ef') ?? '').split(',').filter(Boolean).map(Number);
  return {
    n: num('n', 100_000),
    dim: num('dim', 64),
    queries: num('queries', 1000),
    k: num('k', 100),
    seed: num('seed', 1),
    out: get('out') ?? null,
    ef: [...new Set([efDefault, ...ef])].sort((a, b) => a - b),
    M: num('M', HNSW_DEFAULTS.M),
    efConstruction: num('efConstruction', HNSW_DEFAULTS.efConstruction),
    bands: num('bands', HNSW_DEFAULTS.normBands),
    backends: (get('backends') ?? 'exact,hnsw,faiss').split(','),
  };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const { n, dim } = args;
  // The load average is printed because the machine may be shared: timings mean little without it.
  const loadBefore = loadavg()[0];
  console.log(
    `ANN bench: n=${n} dim=${dim} queries=${args.queries} k=${args.k} seed=${args.seed} on ${cpus().length} cpus, load ${loadBefore.toFixed(1)}`,
  );
  const X = clusteredVectors(n, dim, { seed: args.seed });
  const Q = clusteredVectors(args.queries, dim, { seed: args.seed + 1, centreSeed: args.seed });
  const ids = Uint32Array.from({ length: n }, (_, i) => i + 1);
  const { rows, notes } = measureBackends({
    ids,
    X,
    Q,
    dim,
    queries: args.queries,
    k: args.k,
    backends: args.backends,
    ef: args.ef,
    hnsw: { M: args.M, efConstruction: args.efConstruction, bands: args.bands },
  });
  for (const note of notes) console.log(note);
  console.log(formatAnnRows(rows, args.k));
  if (args.out) {
    mkdirSync(dirname(args.out), { recursive: true });
    const machine = {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '',
      node: process.version,
      loadAverage: { before: loadBefore, after: loadavg()[0] },
    };
    writeFileSync(args.out, JSON.stringify({ params: { ...args, out: undefined }, machine, rows }, null, 2) + '\n');
    console.log(`wrote ${args.out}`);
  }
}

main();
