import { IdCounts } from './id-counts';

describe('IdCounts', () => {
  it('answers every id, 0 for those without a value, whether dense or sparse', () => {
    const values = new Map([[1, 3], [7, 0.5], [40, 2]]);
    const sparseIds = new Map([[5, 1], [9_000_000, 4]]);
    const odd = new Map([[-2, 6], [3, 1]]);
    for (const [counts, expected] of [
      [IdCounts.from(values), { 1: 3, 7: 0.5, 40: 2, 0: 0, 2: 0, 41: 0, 1e9: 0, [-1]: 0, 2.5: 0 }],
      [IdCounts.from(sparseIds), { 5: 1, 9_000_000: 4, 6: 0, 0: 0 }],
      [IdCounts.from(odd), { [-2]: 6, 3: 1, 0: 0 }],
      [IdCounts.EMPTY, { 0: 0, 1: 0 }],
    ] as const) {
      for (const [id, v] of Object.entries(expected)) expect(counts.get(Number(id))).toBe(v);
    }
    expect(IdCounts.from(values).size).toBe(3);
  });
});
