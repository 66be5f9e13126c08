import { topK } from './topk';

describe('topK', () => {
  it('returns positions of the best scores, best first', () => {
    expect(Array.from(topK([0.1, 0.9, 0.3, 0.7, 0.5], 3))).toEqual([1, 3, 4]);
  });

  it('breaks ties toward the lower position and puts NaN last', () => {
    expect(Array.from(topK([1, 2, 2, NaN, 2], 2))).toEqual([1, 2]);
    expect(Array.from(topK([NaN, 0, -1], 3))).toEqual([1, 2, 0]);
  });

  it('handles k larger than the input and k = 0', () => {
    expect(Array.from(topK([2, 1], 5))).toEqual([0, 1]);
    expect(topK([2, 1], 0).length).toBe(0);
  });

  it('agrees with a full sort on random data', () => {
    let x = 12345;
    const scores = new Float32Array(5000);
    for (let i = 0; i < scores.length; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      scores[i] = Math.floor((x / 2147483648) * 1000) / 1000; // coarse, so there are ties
    }
    const idx = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
    expect(Array.from(topK(scores, 50))).toEqual(idx.slice(0, 50));
  });
});
