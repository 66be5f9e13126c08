import { decodeVector, encodeVector } from './vector-codec';

describe('feature vector codec', () => {
  it('round-trips float32 values exactly, including a view into a larger buffer', () => {
    const v = Float32Array.from([0, 1.5, -2.25, 3.4028234663852886e38, 1e-7, NaN]);
    const back = decodeVector(encodeVector(v));
    expect(Array.from(back)).toEqual(Array.from(v));
    const view = new Float32Array(new Float32Array([9, 8, 7, 6]).buffer, 4, 2);
    expect(Array.from(decodeVector(encodeVector(view)))).toEqual([8, 7]);
    expect(encodeVector(new Float32Array(0))).toBe('');
  });

  it('refuses a truncated vector', () => {
    expect(() => decodeVector(Buffer.from([1, 2, 3]).toString('base64'))).toThrow(/multiple of 4/);
  });
});
