import { packVectors, pairVectors } from './vector-codec';

describe('feature batch vectors', () => {
  it('packs vectors of one width back to back, views into larger buffers included', () => {
    const vs = [
      Float32Array.from([1, 2, 3]),
      Float32Array.from([-4, 5.5, 6]),
      new Float32Array([7, 8, 9, 10]).subarray(1),
    ];
    expect(Array.from(packVectors(vs, 3))).toEqual([1, 2, 3, -4, 5.5, 6, 8, 9, 10]);
    expect(packVectors([], 3)).toHaveLength(0);
    expect(() => packVectors([Float32Array.from([1, 2])], 3)).toThrow(/vector 0 has 2 values/);
  });

  it('splits a batch into forward and backward vectors, two per item, as views', () => {
    const all = packVectors(
      [Float32Array.from([1, 1]), Float32Array.from([2, 2]), Float32Array.from([3, 3]), Float32Array.from([4, 4])],
      2,
    );
    const { forward, backward } = pairVectors(all, 2, 2);
    expect(forward.map((v) => Array.from(v))).toEqual([
      [1, 1],
      [3, 3],
    ]);
    expect(backward.map((v) => Array.from(v))).toEqual([
      [2, 2],
      [4, 4],
    ]);
    expect(forward[1].buffer).toBe(all.buffer);
    expect(() => pairVectors(all, 3, 2)).toThrow('a batch of 3 items of width 2 needs 12 values, got 8');
    expect(pairVectors(new Float32Array(0), 0, 2)).toEqual({ forward: [], backward: [] });
  });
});
