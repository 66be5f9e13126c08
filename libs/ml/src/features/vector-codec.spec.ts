import { decodePairVectors, decodeVector, decodeVectors, encodeVector, encodeVectors } from './vector-codec';

describe('feature vector codec', () => {
  it('round-trips float32 values exactly, including a view into a larger buffer', () => {
    const v = Float32Array.from([0, 1.5, -2.25, 3.4028234663852886e38, 1e-7, NaN]);
    const back = decodeVector(encodeVector(v));
    expect(Array.from(back)).toEqual(Array.from(v));
    const view = new Float32Array(new Float32Array([9, 8, 7, 6]).buffer, 4, 2);
    expect(Array.from(decodeVector(encodeVector(view)))).toEqual([8, 7]);
    expect(encodeVector(new Float32Array(0))).toBe('');
  });

  it('refuses a truncated vector, and text that is not base64', () => {
    expect(() => decodeVector(Buffer.from([1, 2, 3]).toString('base64'))).toThrow(/multiple of 4/);
    expect(() => decodeVector('!'.repeat(16))).toThrow('encoded vector decodes to 0 bytes, expected 12');
  });

  it('packs many vectors of one width into one string and back', () => {
    const vs = [Float32Array.from([1, 2, 3]), Float32Array.from([-4, 5.5, 6]), new Float32Array([7, 8, 9, 10]).subarray(1)];
    const back = decodeVectors(encodeVectors(vs, 3), 3);
    expect(back.map((v) => Array.from(v))).toEqual([[1, 2, 3], [-4, 5.5, 6], [8, 9, 10]]);
    expect(decodeVectors(encodeVectors([], 3), 3)).toEqual([]);
    expect(() => encodeVectors([Float32Array.from([1, 2])], 3)).toThrow(/vector 0 has 2 values/);
    expect(() => decodeVectors(encodeVectors(vs, 3), 2)).toThrow(/not a multiple of 2/);
  });

  it('splits a feature batch into forward and backward vectors, two per item', () => {
    const packed = encodeVectors([Float32Array.from([1, 1]), Float32Array.from([2, 2]), Float32Array.from([3, 3]), Float32Array.from([4, 4])], 2);
    const { forward, backward } = decodePairVectors(packed, 2, 2);
    expect(forward.map((v) => Array.from(v))).toEqual([[1, 1], [3, 3]]);
    expect(backward.map((v) => Array.from(v))).toEqual([[2, 2], [4, 4]]);
    expect(() => decodePairVectors(packed, 3, 2)).toThrow(/4 vectors for 3 items/);
  });
});
