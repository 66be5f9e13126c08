/**
 * Measuring ANN backends against exact search: build time, per-query latency, recall@k, and time
 * as a fraction of exact's. Shared by `npm run bench:ann` (synthetic vectors, ann-bench.ts) and
 * `npm run bench` (the trained vectors, ann-real.ts), so both report the same figures the same way.
 */
import {
  createAnnIndex,
  faissUnavailableReason,
  HNSW_DEFAULTS,
  HnswIndex,
  isFaissAvailable,
  type AnnHit,
  type AnnIndex,
} from '@app/ml/ann';
import { recallOf, row } from '@app/ml/ann/synthetic';
import { summarise } from './stats';
import { formatTable, num } from '@app/offline/report/table';

export interface AnnRow {
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

export interface AnnInput {
  ids: Uint32Array;
  /** n x dim item vectors, row-major. */
  X: Float32Array;
  /** queries x dim query vectors, row-major. */
  Q: Float32Array;
  dim: number;
  queries: number;
  k: number;
  backends: string[];
  /** efSearch values to measure hnsw at (one build); default: the product's default only. */
  ef?: number[];
  hnsw?: { M: number; efConstruction: number; bands: number };
}

const seconds = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e9;

/** Runs every query one at a time (after a short warm-up); returns the results and each query's milliseconds. */
export function timeQueries(
  index: AnnIndex,
  Q: Float32Array,
  dim: number,
  queries: number,
  k: number,
): { hits: AnnHit[][]; ms: number[] } {
  for (let i = 0; i < Math.min(20, queries); i++) index.search(row(Q, dim, i), k);
  const hits: AnnHit[][] = [];
  const ms: number[] = [];
  for (let i = 0; i < queries; i++) {
    const t0 = process.hrtime.bigint();
    hits.push(index.search(row(Q, dim, i), k));
    ms.push(seconds(t0) * 1000);
  }
  return { hits, ms };
}

/** One result row from timings and results, recall measured against `truth` (exact search's). */
export function annRow(
  backend: string,
  setting: string,
  build: number,
  ms: number[],
  hits: AnnHit[][],
  truth: AnnHit[][],
  exactMean: number,
): AnnRow {
  const s = summarise(ms);
  const recall = hits.reduce((acc, h, i) => acc + recallOf(h, truth[i]), 0) / hits.length;
  return {
    backend,
    setting,
    buildSeconds: build,
    meanMs: s.mean,
    p50Ms: s.p50,
    p99Ms: s.p99,
    recall,
    timeVsExact: exactMean > 0 ? s.mean / exactMean : 1,
  };
}

/**
 * Exact search always runs (it gives the truth and the time the others are compared with),
 * then hnsw at each efSearch and faiss when its native library is installed. `notes` says why a
 * requested backend was skipped.
 */
export function measureBackends(
  input: AnnInput,
  log: (m: string) => void = () => undefined,
): { rows: AnnRow[]; notes: string[] } {
  const { ids, X, Q, dim, queries, k } = input;
  const rows: AnnRow[] = [];
  const notes: string[] = [];
  let t0 = process.hrtime.bigint();
  const exact = createAnnIndex('exact', dim);
  exact.build(ids, X);
  const exactBuild = seconds(t0);
  const { hits: truth, ms: exactMs } = timeQueries(exact, Q, dim, queries, k);
  const exactRow = annRow('exact', 'ts brute force', exactBuild, exactMs, truth, truth, 0);
  const exactMean = exactRow.meanMs;
  rows.push({ ...exactRow, timeVsExact: 1 });
  log(`exact: ${num(exactMean, 2)} ms per query`);

  if (input.backends.includes('hnsw')) {
    const o = input.hnsw ?? {
      M: HNSW_DEFAULTS.M,
      efConstruction: HNSW_DEFAULTS.efConstruction,
      bands: HNSW_DEFAULTS.normBands,
    };
    log(`hnsw: building over ${ids.length.toLocaleString('en-US')} vectors...`);
    t0 = process.hrtime.bigint();
    const hnsw = new HnswIndex(dim, { M: o.M, efConstruction: o.efConstruction, normBands: o.bands });
    hnsw.build(ids, X);
    const build = seconds(t0);
    for (const ef of input.ef ?? [HNSW_DEFAULTS.efSearch]) {
      hnsw.setEfSearch(ef);
      const { hits, ms } = timeQueries(hnsw, Q, dim, queries, k);
      rows.push(
        annRow(
          'hnsw',
          `M=${o.M} efC=${o.efConstruction} bands=${hnsw.bandCount} ef=${ef}`,
          build,
          ms,
          hits,
          truth,
          exactMean,
        ),
      );
    }
  }

  if (input.backends.includes('faiss')) {
    if (!isFaissAvailable()) {
      notes.push(`faiss skipped: ${faissUnavailableReason()} (npm run faiss:install)`);
    } else {
      t0 = process.hrtime.bigint();
      const faiss = createAnnIndex('faiss', dim);
      faiss.build(ids, X);
      const build = seconds(t0);
      const { hits, ms } = timeQueries(faiss, Q, dim, queries, k);
      const r = annRow('faiss', 'IndexFlatIP', build, ms, hits, truth, exactMean);
      t0 = process.hrtime.bigint();
      faiss.searchMany(Q, k);
      r.batchedMsPerQuery = (seconds(t0) * 1000) / queries;
      rows.push(r);
    }
  }
  return { rows, notes };
}

export function formatAnnRows(rows: readonly AnnRow[], k: number): string {
  return formatTable(
    ['backend', 'setting', 'build s', 'mean ms', 'p50 ms', 'p99 ms', `recall@${k}`, 'time/exact', 'batched ms/q'],
    rows.map((r) => [
      r.backend,
      r.setting,
      num(r.buildSeconds, 2),
      num(r.meanMs, 3),
      num(r.p50Ms, 3),
      num(r.p99Ms, 3),
      num(r.recall, 4),
      num(r.timeVsExact, 3),
      num(r.batchedMsPerQuery, 3),
    ]),
  );
}
