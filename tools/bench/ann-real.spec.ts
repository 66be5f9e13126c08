import { modelVectors } from './ann-real';

describe('modelVectors (the candidate-service index layout)', () => {
  // Two users, dim 2: rows are [appeal, bias], queries [taste, 1].
  const model = {
    dim: 2,
    taste: Float32Array.from([1, 2, 3, 4]),
    appeal: Float32Array.from([5, 6, 7, 8]),
    appealBias: Float32Array.from([0.5, -1]),
    userIds: Float64Array.from([10, 20]),
  };

  it('appends the bias to each appeal row and 1 to each taste query, so their dot product is the logit', () => {
    const v = modelVectors(model, 2, 1);
    expect(v.dim).toBe(3);
    expect(Array.from(v.ids)).toEqual([10, 20]);
    expect(Array.from(v.X)).toEqual([5, 6, 0.5, 7, 8, -1]);
    // Both users are sampled (in a seeded order): each query is one taste row with 1 appended.
    const queries = [0, 1].map((q) => Array.from(v.Q.subarray(q * 3, q * 3 + 3))).sort((a, b) => a[0] - b[0]);
    expect(queries).toEqual([
      [1, 2, 1],
      [3, 4, 1],
    ]);
    // [taste(u), 1] . [appeal(v), bias(v)] = taste(u) . appeal(v) + bias(v): user 10 judging user 20.
    const dot = queries[0][0] * v.X[3] + queries[0][1] * v.X[4] + queries[0][2] * v.X[5];
    expect(dot).toBe(1 * 7 + 2 * 8 - 1);
  });

  it('samples at most as many queries as there are users', () => {
    expect(modelVectors(model, 10, 1).queries).toBe(2);
  });

  it('refuses an artifact without user ids (rows could not be mapped to users)', () => {
    expect(() => modelVectors({ ...model, userIds: undefined }, 1, 1)).toThrow('no user ids');
  });
});
