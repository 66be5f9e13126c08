/**
 * One contract for every AnnIndex backend: the same cases run against exact, hnsw and (when
 * faiss-node is built on this machine, see scripts/install-faiss.sh) faiss. Expected answers
 * come from a naive sort written here, independent of ExactIndex.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnnBackend, AnnFilter, AnnIndex } from './ann-index';
import { createAnnIndex, loadAnnIndex } from './create-ann-index';
import { faissUnavailableReason, isFaissAvailable } from './faiss-loader';
import { SeededRandom } from '../primitives/seeded-random';
import { clusteredVectors, recallOf, row } from './synthetic';

const faissAvailable = isFaissAvailable();
const faissStatus = faissAvailable ? 'faiss-node available' : `faiss-node unavailable: ${faissUnavailableReason()}`;

/** Backend, recall@100 it must reach against the naive truth, and how to create it. */
const backends: Array<[string, AnnBackend, number]> = [
  ['exact', 'exact', 0.999],
  ['hnsw', 'hnsw', 0.95],
  ...(faissAvailable ? [[`faiss (${faissStatus})`, 'faiss', 0.999] as [string, AnnBackend, number]] : []),
];

/**
 * For hnsw: a small initial capacity, so that the tests also exercise resizeIndex, and norm
 * bands of as few as 2 vectors, so that even the 5-vector cases search several bands and an
 * upsert can move an id from one band to another. The other backends ignore these options.
 */
const make = (backend: AnnBackend, dim: number): AnnIndex =>
  createAnnIndex(backend, dim, { initialCapacity: 16, minBandSize: 2 });

const f32 = (...xs: number[]): Float32Array => Float32Array.from(xs);

/** The k best (id, score) by inner product among `ids`, ties by smaller id: the reference. */
function naiveTop(
  ids: ArrayLike<number>,
  X: Float32Array,
  dim: number,
  q: Float32Array,
  k: number,
  filter?: AnnFilter,
) {
  const scored: Array<{ id: number; score: number }> = [];
  for (let i = 0; i < ids.length; i++) {
    if (filter && !filter(ids[i])) continue;
    let s = 0;
    for (let j = 0; j < dim; j++) s += q[j] * X[i * dim + j];
    scored.push({ id: ids[i], score: s });
  }
  return scored.sort((a, b) => b.score - a.score || a.id - b.id).slice(0, k);
}

// Five vectors of different lengths. For q = [1, 2, 3] the inner products are 30: 9, 40: 6,
// 20: 4, 10: 1, 7: -6; by cosine 40 would come first, so this also tells MIPS from cosine.
const SMALL_IDS = [10, 20, 30, 40, 7];
const SMALL = [f32(1, 0, 0), f32(0, 2, 0), f32(0, 0, 3), f32(1, 1, 1), f32(-1, -1, -1)];
const Q = f32(1, 2, 3);

describe(`AnnIndex contract [${faissStatus}]`, () => {
  it(`createAnnIndex('faiss') ${faissAvailable ? 'creates an index (faiss-node available)' : 'throws a clear Error (faiss-node unavailable)'}`, () => {
    if (faissAvailable) expect(createAnnIndex('faiss', 4).backend).toBe('faiss');
    else expect(() => createAnnIndex('faiss', 4)).toThrow(/FAISS backend is not available/);
  });

  describe.each(backends)('%s', (_name, backend, minRecall) => {
    let index: AnnIndex;
    beforeEach(() => {
      index = make(backend, 3);
      index.build(SMALL_IDS, SMALL);
    });

    it('builds and returns the largest inner products, best first', () => {
      expect(index.backend).toBe(backend);
      expect(index.size).toBe(5);
      expect(index.dimension).toBe(3);
      const hits = index.search(Q, 3);
      expect(hits.map((h) => h.id)).toEqual([30, 40, 20]);
      expect(hits.map((h) => h.score)).toEqual([expect.closeTo(9, 4), expect.closeTo(6, 4), expect.closeTo(4, 4)]);
      expect(index.search(f32(-1, 0, 0), 1)).toEqual([{ id: 7, score: expect.closeTo(1, 4) }]);
    });

    it('upsert replaces an existing vector and adds a new id', () => {
      index.upsert(10, f32(10, 10, 10));
      expect(index.size).toBe(5);
      expect(index.search(Q, 1)).toEqual([{ id: 10, score: expect.closeTo(60, 3) }]);
      index.upsert(99, f32(0, 0, 5));
      expect(index.size).toBe(6);
      expect(index.search(Q, 2).map((h) => h.id)).toEqual([10, 99]);
      // A repeated id in one batch: the last vector wins.
      index.upsertMany([50, 50], [f32(0, 0, 100), f32(0, 0, -100)]);
      expect(index.size).toBe(7);
      expect(index.search(Q, 7).map((h) => h.id)).toEqual([10, 99, 30, 40, 20, 7, 50]);
    });

    it('remove hides the id, and the id can come back', () => {
      expect(index.remove(30)).toBe(true);
      expect(index.remove(30)).toBe(false);
      expect(index.has(30)).toBe(false);
      expect(index.size).toBe(4);
      expect(index.search(Q, 10).map((h) => h.id)).toEqual([40, 20, 10, 7]);
      index.upsert(30, f32(0, 0, -3));
      expect(index.search(Q, 10).map((h) => h.id)).toEqual([40, 20, 10, 7, 30]);
    });

    it('respects the filter, which receives user ids', () => {
      const seen = new Set<number>();
      const even20 = (id: number) => (seen.add(id), id % 20 === 0);
      expect(index.search(Q, 5, even20).map((h) => h.id)).toEqual([40, 20]);
      for (const id of seen) expect(SMALL_IDS).toContain(id);
      expect(index.search(Q, 5, () => false)).toEqual([]);
    });

    it('returns everything when k exceeds the size, and nothing for k = 0', () => {
      const hits = index.search(Q, 1000);
      expect(hits.map((h) => h.id)).toEqual([30, 40, 20, 10, 7]);
      expect(index.search(Q, 0)).toEqual([]);
    });

    it('searchMany answers like search, with and without a filter', () => {
      const queries = [Q, f32(-1, 0, 0), f32(0, 1, 0)];
      const odd = (id: number) => id % 2 === 1;
      expect(index.searchMany(queries, 2)).toEqual(queries.map((q) => index.search(q, 2)));
      expect(index.searchMany(queries, 2, odd)).toEqual(queries.map((q) => index.search(q, 2, odd)));
    });

    it('round-trips through a Buffer and a file, tombstones and all', () => {
      index.remove(20);
      const copy = loadAnnIndex(index.toBuffer());
      expect(copy.backend).toBe(backend);
      expect(copy.size).toBe(4);
      expect(copy.dimension).toBe(3);
      expect(copy.search(Q, 10)).toEqual(index.search(Q, 10));
      // The copy stays writable: a new id takes the freed slot.
      copy.upsert(21, f32(0, 5, 0));
      expect(copy.search(Q, 2).map((h) => h.id)).toEqual([21, 30]);
      expect(index.has(21)).toBe(false);
      const dir = mkdtempSync(join(tmpdir(), 'ann-spec-'));
      try {
        copy.saveFile(join(dir, 'index.ann'));
        expect(loadAnnIndex(join(dir, 'index.ann')).search(Q, 10)).toEqual(copy.search(Q, 10));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      expect(() => loadAnnIndex(Buffer.from('not an index'))).toThrow(/Not an ANN index/);
    });

    it('handles an empty index', () => {
      const empty = make(backend, 4);
      expect(empty.size).toBe(0);
      expect(empty.search(f32(1, 2, 3, 4), 10)).toEqual([]);
      expect(empty.remove(1)).toBe(false);
      const loaded = loadAnnIndex(empty.toBuffer());
      expect(loaded.size).toBe(0);
      expect(loaded.search(f32(1, 2, 3, 4), 10)).toEqual([]);
      index.build([], new Float32Array(0));
      expect(index.size).toBe(0);
      expect(index.search(Q, 3)).toEqual([]);
    });

    it('throws a clear Error on a dimension mismatch or a bad id', () => {
      expect(() => index.search(f32(1, 2), 1)).toThrow(/dimension 2, index dimension is 3/);
      expect(() => index.upsert(1, f32(1, 2, 3, 4))).toThrow(/dimension 4, index dimension is 3/);
      expect(() => index.build([1, 2], new Float32Array(5))).toThrow(/dimension 3/);
      expect(() => index.build([1], [f32(1, 2)])).toThrow(/dimension 2, index dimension is 3/);
      expect(() => index.upsert(0, f32(1, 2, 3))).toThrow(/ids must be integers/);
      expect(() => index.upsert(1.5, f32(1, 2, 3))).toThrow(/ids must be integers/);
      expect(() => index.upsert(1, f32(1, NaN, 3))).toThrow(/non-finite/);
      expect(() => index.build([1, 1], [f32(1, 2, 3), f32(1, 2, 3)])).toThrow(/twice/);
      // Nothing above changed the index.
      expect(index.size).toBe(5);
      expect(index.search(Q, 1)[0].id).toBe(30);
    });

    it(`reaches recall@100 >= ${minRecall} on 5,000 x 32 clustered vectors, filtered or not`, () => {
      const n = 5000;
      const dim = 32;
      const X = clusteredVectors(n, dim, { seed: 11 });
      const queries = clusteredVectors(40, dim, { seed: 12, centreSeed: 11 });
      const ids = Array.from({ length: n }, (_, i) => 3 * i + 1); // sparse ids
      const big = make(backend, dim);
      big.build(ids, X);
      const oneInThree = (id: number) => id % 9 === 1;
      let recall = 0;
      let filteredRecall = 0;
      for (let i = 0; i < 40; i++) {
        const q = row(queries, dim, i);
        recall += recallOf(big.search(q, 100), naiveTop(ids, X, dim, q, 100));
        const filtered = big.search(q, 100, oneInThree);
        expect(filtered.every((h) => oneInThree(h.id))).toBe(true);
        filteredRecall += recallOf(filtered, naiveTop(ids, X, dim, q, 100, oneInThree));
      }
      expect(recall / 40).toBeGreaterThanOrEqual(minRecall);
      expect(filteredRecall / 40).toBeGreaterThanOrEqual(minRecall);
    });

    it('stays correct through churn: one-by-one inserts, many removals and replacements', () => {
      const dim = 16;
      const n = 600;
      // Widely spread lengths: with hnsw, inserts longer than the longest band's M force a
      // rebuild of that band, and replacements move ids between bands.
      const X = clusteredVectors(n, dim, { seed: 21, normSpread: 0.6 });
      const ids = Array.from({ length: n }, (_, i) => i + 1);
      const idx = make(backend, dim);
      idx.build(ids.slice(0, 100), X.subarray(0, 100 * dim));
      for (let i = 100; i < n; i++) idx.upsert(ids[i], row(X, dim, i));
      const rng = new SeededRandom(5);
      const live = new Map<number, Float32Array>(ids.map((id, i) => [id, row(X, dim, i)]));
      for (const id of ids) {
        if (rng.next() < 0.4) {
          expect(idx.remove(id)).toBe(true);
          live.delete(id);
        } else if (rng.next() < 0.2) {
          const v = row(X, dim, rng.int(n)).map((x) => -x);
          idx.upsert(id, v);
          live.set(id, v);
        }
      }
      expect(idx.size).toBe(live.size);
      const liveIds = [...live.keys()];
      const liveX = new Float32Array(liveIds.length * dim);
      liveIds.forEach((id, i) => liveX.set(live.get(id)!, i * dim));
      const queries = clusteredVectors(20, dim, { seed: 22, centreSeed: 21 });
      let recall = 0;
      for (let i = 0; i < 20; i++) {
        const q = row(queries, dim, i);
        const hits = idx.search(q, 20);
        expect(hits.every((h) => live.has(h.id))).toBe(true);
        recall += recallOf(hits, naiveTop(liveIds, liveX, dim, q, 20));
      }
      expect(recall / 20).toBeGreaterThanOrEqual(minRecall);
    });
  });
});
