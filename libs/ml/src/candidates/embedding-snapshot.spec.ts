import { createAnnIndex, type AnnBackend } from '../ann';
import { EmbeddingSnapshot, indexRows } from './embedding-snapshot';
import type { EmbeddingModel } from '../embeddings';

/**
 * Four users, dim 2. Taste of 10 points along x; appeal of 20 and 30 along x (30 longer),
 * 40 along y; bias lifts 40. Logits for viewer 10 (taste [1, 0]):
 * 20: 1 + 0 = 1, 30: 2 + 0 = 2, 40: 0 + 1.5 = 1.5.
 */
function model(): EmbeddingModel {
  return {
    dim: 2,
    taste: Float32Array.from([1, 0, 0.9, 0.1, 0, 1, 1, 0]),
    appeal: Float32Array.from([0.1, 0.1, 1, 0, 2, 0, 0, 1]),
    appealBias: Float32Array.from([0, 0, 0, 1.5]),
    userIds: Float64Array.from([10, 20, 30, 40]),
  };
}

function snapshot(backend: 'hnsw' | 'exact' = 'hnsw'): EmbeddingSnapshot {
  const m = model();
  const rows = indexRows(m);
  const index = createAnnIndex(backend as AnnBackend, rows.dim);
  index.build(rows.ids, rows.vectors);
  return new EmbeddingSnapshot(7, m, index);
}

describe('indexRows', () => {
  it('appends the bias to each appeal vector so the index scores the full logit', () => {
    const rows = indexRows(model());
    expect(rows.dim).toBe(3);
    expect(Array.from(rows.ids)).toEqual([10, 20, 30, 40]);
    expect(Array.from(rows.vectors.subarray(9, 12))).toEqual([0, 1, 1.5]);
  });

  it('refuses a model without user ids', () => {
    expect(() => indexRows({ ...model(), userIds: undefined })).toThrow(/user ids/);
  });
});

describe('EmbeddingSnapshot', () => {
  it.each(['hnsw', 'exact'] as const)('searches by taste·appeal + bias, never returning the viewer (%s)', (backend) => {
    const hits = snapshot(backend).search(10, 10);
    expect(hits.map((h) => h.id)).toEqual([30, 40, 20]);
    expect(hits[0].score).toBeCloseTo(2, 5);
    expect(hits[1].score).toBeCloseTo(1.5, 5);
  });

  it('applies the caller\u2019s filter and returns nothing for a viewer outside the model', () => {
    const s = snapshot();
    expect(s.search(10, 10, (id) => id !== 30).map((h) => h.id)).toEqual([40, 20]);
    expect(s.search(99, 10)).toEqual([]);
  });

  it('scores a given set exactly, best first, skipping the viewer and unknown ids', () => {
    const out = snapshot().scoreAmong(10, [20, 40, 10, 99], 5);
    expect(out.map((h) => h.id)).toEqual([40, 20]);
    expect(out[0].score).toBeCloseTo(1.5, 5);
    expect(
      snapshot()
        .scoreAmong(10, [20, 30, 40], 1)
        .map((h) => h.id),
    ).toEqual([30]);
    expect(snapshot().scoreAmong(99, [20], 5)).toEqual([]);
  });

  it('forgets a removed user in search and similar', () => {
    const s = snapshot();
    expect(s.remove(30)).toBe(true);
    expect(s.remove(30)).toBe(false);
    expect(s.has(30)).toBe(false);
    expect(s.search(10, 10).map((h) => h.id)).toEqual([40, 20]);
    expect(s.similar(20, 5).map((x) => x.user_id)).not.toContain(30);
    expect(s.size).toBe(3);
  });

  it.each(['hnsw', 'exact'] as const)('keeps nothing of a removed user in memory, model or %s index', (backend) => {
    const m = model();
    const rows = indexRows(m);
    const index = createAnnIndex(backend, rows.dim);
    index.build(rows.ids, rows.vectors);
    const s = new EmbeddingSnapshot(7, m, index);
    s.remove(30);
    expect(Array.from(m.userIds!)).toEqual([10, 20, 0, 40]);
    expect(Array.from(m.taste.subarray(4, 6))).toEqual([0, 0]);
    expect(Array.from(m.appeal.subarray(4, 6))).toEqual([0, 0]);
    expect(m.appealBias[2]).toBe(0);
    expect(index.has(30)).toBe(false);
    // The serialized index names no slot with the removed id any more.
    const bytes = index.toBuffer();
    const id = Buffer.alloc(4);
    id.writeUInt32LE(30);
    const named = Buffer.alloc(4);
    named.writeUInt32LE(20);
    expect(bytes.includes(named)).toBe(true);
    expect(bytes.includes(id)).toBe(false);
  });

  it('ranks similar users by the mean of taste and appeal cosines', () => {
    const s = snapshot();
    const out = s.similar(10, 2);
    // 40 has the same taste as 10 (cos 1) and appeal [0,1] vs [0.1,0.1] (cos 0.707).
    expect(out.map((x) => x.user_id)).toEqual([40, 20]);
    expect(out[0].taste).toBeCloseTo(1, 5);
    expect(out[0].appeal).toBeCloseTo(Math.SQRT1_2, 5);
    expect(out[0].score).toBeCloseTo((1 + Math.SQRT1_2) / 2, 5);
    expect(s.similar(10, 2, (id) => id !== 40).map((x) => x.user_id)).toEqual([20, 30]);
    expect(s.similar(99, 2)).toEqual([]);
  });
});
