/**
 * ANN benchmark: build time, per-query latency (mean, p50, p99) for k nearest by inner product,
 * recall@k against exact search, and each backend's per-query time as a fraction of exact's.
 * Data: seeded clustered vectors with uneven lengths, like the appeal/taste embeddings.
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
import {
  createAnnIndex,
  faissUnavailableReason,
  HNSW_DEFAULTS,
  HnswIndex,
  isFaissAvailable,
  type AnnHit,
  type AnnIndex,
} from '@app/ml/ann';
import { clusteredVectors, recallOf, row } from '@app/ml/ann/synthetic';

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

interface Row {
  backend: string;
  setting: string;
  buildSeconds: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  recall: number;
  timeVsExact: number;
  batchedMsPerQuery?: number;
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

const seconds = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e9;

/** Runs every query one at a time; returns the results and each query's milliseconds. */
function timeQueries(index: AnnIndex, Q: Float32Array, args: Args): { hits: AnnHit[][]; ms: number[] } {
  for (let i = 0; i < Math.min(20, args.queries); i++) index.search(row(Q, args.dim, i), args.k); // warm-up
  const hits: AnnHit[][] = [];
  const ms: number[] = [];
  for (let i = 0; i < args.queries; i++) {
    const t0 = process.hrtime.bigint();
    hits.push(index.search(row(Q, args.dim, i), args.k));
    ms.push(seconds(t0) * 1000);
  }
  return { hits, ms };
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** One result row from timings and results. */
function summarise(backend: string, setting: string, build: number, ms: number[], hits: AnnHit[][], truth: AnnHit[][], exactMean: number): Row {
  const sorted = [...ms].sort((a, b) => a - b);
  const meanMs = ms.reduce((a, b) => a + b, 0) / ms.length;
  const recall = hits.reduce((acc, h, i) => acc + recallOf(h, truth[i]), 0) / hits.length;
  return {
    backend,
    setting,
    buildSeconds: build,
    meanMs,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    recall,
    timeVsExact: exactMean > 0 ? meanMs / exactMean : 1,
  };
}

function print(rows: Row[]): void {
  const f = (x: number, d = 3) => x.toFixed(d);
  console.log('backend  setting                        build s   mean ms   p50 ms   p99 ms   recall   time/exact  batched ms/q');
  for (const r of rows) {
    console.log(
      [
        r.backend.padEnd(8),
        r.setting.padEnd(30),
        f(r.buildSeconds, 2).padStart(7),
        f(r.meanMs).padStart(9),
        f(r.p50Ms).padStart(8),
        f(r.p99Ms).padStart(8),
        f(r.recall, 4).padStart(8),
        f(r.timeVsExact).padStart(11),
        (r.batchedMsPerQuery === undefined ? '' : f(r.batchedMsPerQuery)).padStart(13),
      ].join(' '),
    );
  }
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
  const rows: Row[] = [];

  // Exact search is always run: it gives the truth and the time the others are compared with.
  let t0 = process.hrtime.bigint();
  const exact = createAnnIndex('exact', dim);
  exact.build(ids, X);
  const exactBuild = seconds(t0);
  const { hits: truth, ms: exactMs } = timeQueries(exact, Q, args);
  const exactMean = exactMs.reduce((a, b) => a + b, 0) / exactMs.length;
  rows.push(summarise('exact', 'ts brute force', exactBuild, exactMs, truth, truth, exactMean));

  if (args.backends.includes('hnsw')) {
    t0 = process.hrtime.bigint();
    const hnsw = new HnswIndex(dim, { M: args.M, efConstruction: args.efConstruction, normBands: args.bands });
    hnsw.build(ids, X);
    const build = seconds(t0);
    for (const ef of args.ef) {
      hnsw.setEfSearch(ef);
      const { hits, ms } = timeQueries(hnsw, Q, args);
      const setting = `M=${args.M} efC=${args.efConstruction} bands=${hnsw.bandCount} ef=${ef}`;
      rows.push(summarise('hnsw', setting, build, ms, hits, truth, exactMean));
    }
  }

  if (args.backends.includes('faiss')) {
    if (!isFaissAvailable()) {
      console.log(`faiss: skipped (${faissUnavailableReason()}); run scripts/install-faiss.sh`);
    } else {
      t0 = process.hrtime.bigint();
      const faiss = createAnnIndex('faiss', dim);
      faiss.build(ids, X);
      const build = seconds(t0);
      const { hits, ms } = timeQueries(faiss, Q, args);
      const r = summarise('faiss', 'IndexFlatIP', build, ms, hits, truth, exactMean);
      t0 = process.hrtime.bigint();
      faiss.searchMany(Q, args.k);
      r.batchedMsPerQuery = (seconds(t0) * 1000) / args.queries;
      rows.push(r);
    }
  }

  print(rows);
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
