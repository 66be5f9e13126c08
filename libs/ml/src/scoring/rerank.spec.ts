import type { RerankCandidate, RerankOptions } from './rerank';
import { matchProbability, percentiles, rerank } from './rerank';

const OFF: RerankOptions = { limit: 10, exposurePenalty: 0, diversityBySource: 0 };
const ids = (r: { id: number }[]): number[] => r.map((c) => c.id);

// Match probabilities: A .30, B .28, C .20, D .10. A is the most popular by far.
const four: RerankCandidate[] = [
  { id: 1, pLike: 0.6, pLikedBack: 0.5, popularity: 0.95, sources: ['cf'] },
  { id: 2, pLike: 0.7, pLikedBack: 0.4, popularity: 0.1, sources: ['cf'] },
  { id: 3, pLike: 0.4, pLikedBack: 0.5, popularity: 0.5, sources: ['content'] },
  { id: 4, pLike: 0.2, pLikedBack: 0.5, popularity: 0.3, sources: ['exploration'] },
];

describe('matchProbability', () => {
  it('is the product of both directions', () => {
    expect(matchProbability(0.5, 0.4)).toBeCloseTo(0.2, 12);
    expect(matchProbability(1, 0)).toBe(0);
  });
});

describe('percentiles', () => {
  it('ranks within the list, ties sharing their mean rank', () => {
    expect(Array.from(percentiles([10, 30, 20, 30, 0]))).toEqual([0.25, 0.875, 0.5, 0.875, 0]);
    expect(Array.from(percentiles([5]))).toEqual([0]);
  });
});

describe('rerank', () => {
  it('orders by match probability when every adjustment is off', () => {
    const out = rerank(four, OFF);
    expect(ids(out)).toEqual([1, 2, 3, 4]);
    expect(out.map((c) => c.matchProbability)).toEqual([0.3, 0.27999999999999997, 0.2, 0.1]);
  });

  it('pushes the most popular profile down when the exposure penalty is on', () => {
    // A: .30·(1-.5·1) = .15; B: .28·1 = .28; C: .20·(1-.5·2/3) = .133; D: .10·(1-.5·1/3) = .083.
    const out = rerank(four, { ...OFF, exposurePenalty: 0.5 });
    expect(ids(out)).toEqual([2, 1, 3, 4]);
    expect(out[1].score).toBeCloseTo(0.15, 12);
    expect(out[1].popularityPercentile).toBe(1);
  });

  it('respects the limit', () => {
    expect(ids(rerank(four, { ...OFF, limit: 2 }))).toEqual([1, 2]);
    expect(rerank(four, { ...OFF, limit: 0 })).toEqual([]);
    expect(rerank(four, { ...OFF, limit: 99 })).toHaveLength(4);
  });

  it('is deterministic: input order does not matter and ties go to the lower id', () => {
    const shuffled = [four[2], four[0], four[3], four[1]];
    expect(ids(rerank(shuffled, { ...OFF, exposurePenalty: 0.3, diversityBySource: 0.5 }))).toEqual(
      ids(rerank(four, { ...OFF, exposurePenalty: 0.3, diversityBySource: 0.5 })),
    );
    const tie: RerankCandidate[] = [9, 3, 5].map((id) => ({
      id,
      pLike: 0.5,
      pLikedBack: 0.5,
      popularity: 1,
      sources: ['cf'],
    }));
    expect(ids(rerank(tie, OFF))).toEqual([3, 5, 9]);
  });

  it('keeps variety across sources when asked', () => {
    // Without diversity: 1, 2 (both cf), 3, 4. With it, after 1 (cf) the cf-only 2 scores .28/2 = .14
    // against content's .20, so 3 comes second; then 2 (.14) beats exploration's .10.
    expect(ids(rerank(four, { ...OFF, diversityBySource: 1 }))).toEqual([1, 3, 2, 4]);
  });

  it('counts a candidate by its least-used source', () => {
    const withBoth: RerankCandidate[] = [four[0], { ...four[1], sources: ['cf', 'reciprocity'] }, four[2]];
    expect(ids(rerank(withBoth, { ...OFF, diversityBySource: 1 }))).toEqual([1, 2, 3]);
  });

  it('caps the share of top-decile popular profiles per page, filling with them only when nothing else is left', () => {
    // 20 candidates, the best two by match probability are the two most popular (the top decile).
    const pool: RerankCandidate[] = Array.from({ length: 20 }, (_, i) => ({
      id: i + 1,
      pLike: 0.9 - i * 0.04,
      pLikedBack: 0.5,
      popularity: 20 - i,
      sources: ['cf'],
    }));
    expect(ids(rerank(pool, { ...OFF, limit: 5 }))).toEqual([1, 2, 3, 4, 5]);
    expect(ids(rerank(pool, { ...OFF, limit: 5, maxPopularShare: 0.2 }))).toEqual([1, 3, 4, 5, 6]);
    expect(ids(rerank(pool.slice(0, 3), { ...OFF, limit: 3, maxPopularShare: 0, popularQuantile: 0.5 }))).toEqual([
      3, 1, 2,
    ]);
  });

  it('refuses probabilities outside [0, 1]', () => {
    expect(() => rerank([{ ...four[0], pLike: 1.5 }], OFF)).toThrow(/outside/);
    expect(() => rerank([{ ...four[0], pLikedBack: Number.NaN }], OFF)).toThrow(/outside/);
  });

  it('does not mutate its input', () => {
    const copy = JSON.parse(JSON.stringify(four));
    rerank(four, { ...OFF, exposurePenalty: 1, diversityBySource: 2 });
    expect(four).toEqual(copy);
  });
});
