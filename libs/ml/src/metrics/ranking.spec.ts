import { dcgAtK, gradedNdcgAtK, hitRateAtK, ndcgAtK, precisionAtK, recallAtK } from './ranking';

describe('binary ranking metrics', () => {
  // Ranked list 5,3,9,1; relevant {3,1,7}: hits at positions 1 and 3 (0-based).
  const ranked = [5, 3, 9, 1];
  const relevant = new Set([3, 1, 7]);

  it('precision divides hits by K', () => {
    expect(precisionAtK(ranked, relevant, 2)).toBeCloseTo(1 / 2, 12);
    expect(precisionAtK(ranked, relevant, 4)).toBeCloseTo(2 / 4, 12);
    // A list shorter than K still divides by K.
    expect(precisionAtK(ranked, relevant, 10)).toBeCloseTo(2 / 10, 12);
  });

  it('recall divides hits by the number of relevant items', () => {
    expect(recallAtK(ranked, relevant, 2)).toBeCloseTo(1 / 3, 12);
    expect(recallAtK(ranked, relevant, 4)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(ranked, new Set(), 4)).toBe(0);
  });

  it('hit rate is 1 only when something relevant is in the top K', () => {
    expect(hitRateAtK(ranked, relevant, 1)).toBe(0);
    expect(hitRateAtK(ranked, relevant, 2)).toBe(1);
  });

  it('nDCG matches the hand-computed value', () => {
    // DCG = 1/log2(3) + 1/log2(5); ideal (3 relevant, K=4) = 1 + 1/log2(3) + 1/2.
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(5);
    const ideal = 1 + 1 / Math.log2(3) + 0.5;
    expect(ndcgAtK(ranked, relevant, 4)).toBeCloseTo(dcg / ideal, 12);
    expect(ndcgAtK(ranked, relevant, 4)).toBeCloseTo(0.4982, 4);
    // K=2: DCG = 1/log2(3), ideal = 1 + 1/log2(3).
    expect(ndcgAtK(ranked, relevant, 2)).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 12);
  });

  it('nDCG is 1 for a perfect list and 0 for a list without hits', () => {
    expect(ndcgAtK([3, 1, 7, 5], relevant, 3)).toBeCloseTo(1, 12);
    expect(ndcgAtK([4, 6], relevant, 2)).toBe(0);
  });
});

describe('graded nDCG', () => {
  it('computes DCG with log2 discounts', () => {
    expect(dcgAtK([3, 2, 3, 0, 1, 2], 6)).toBeCloseTo(
      3 + 2 / Math.log2(3) + 3 / 2 + 0 + 1 / Math.log2(6) + 2 / Math.log2(7),
      12,
    );
  });

  it('divides by the ideal DCG', () => {
    // Classic example: gains 3,2,3,0,1,2 against ideal 3,3,2,2,1,0, K=6 -> 0.9608.
    expect(gradedNdcgAtK([3, 2, 3, 0, 1, 2], [3, 3, 2, 2, 1, 0], 6)).toBeCloseTo(0.9608, 4);
    expect(gradedNdcgAtK([0.9, 0.5], [0.9, 0.5], 2)).toBeCloseTo(1, 12);
    expect(gradedNdcgAtK([0, 0], [0, 0], 2)).toBe(0);
  });
});
