import { IdCounts } from './id-counts';

describe('IdCounts', () => {
  it('answers every id, 0 for those without a value, whether held in the array or the map', () => {
    const counts = new IdCounts();
    for (const [id, v] of [
      [1, 3],
      [7, 0.5],
      [40, 2],
      [5_000_000, 4],
      [-2, 6],
      [2.5, 1],
    ] as const)
      counts.add(id, v);
    for (const [id, v] of [
      [1, 3],
      [7, 0.5],
      [40, 2],
      [5_000_000, 4],
      [-2, 6],
      [2.5, 1],
      [0, 0],
      [2, 0],
      [41, 0],
      [1e9, 0],
      [-1, 0],
      [3.5, 0],
    ] as const) {
      expect(counts.get(id)).toBe(v);
    }
    expect(counts.size).toBe(6);
    expect(counts.max()).toBe(6);
    expect(new Map(counts.entries())).toEqual(
      new Map([
        [1, 3],
        [7, 0.5],
        [40, 2],
        [5_000_000, 4],
        [-2, 6],
        [2.5, 1],
      ]),
    );
  });

  it('changes in place: adds, subtracts, and forgets an id back at 0', () => {
    const counts = new IdCounts();
    counts.add(3, 2);
    counts.add(3, 1);
    counts.add(9_999_999, 5);
    expect([counts.get(3), counts.size, counts.max()]).toEqual([3, 2, 5]);
    counts.add(3, -3);
    counts.add(9_999_999, -5);
    counts.add(4, 0);
    expect([counts.get(3), counts.get(9_999_999), counts.size, counts.max()]).toEqual([0, 0, 0, 0]);
    expect([...counts.entries()]).toEqual([]);
    // Growing the array keeps what it held, and takes in the ids the map held for lack of room.
    counts.add(2, 1);
    counts.add(1_500_000, 7); // too far for the array yet
    for (let id = 10; id < 400_010; id++) counts.add(id, 1); // enough entries to reach that far
    counts.add(1_600_000, 1); // grows the array past both
    expect([counts.get(2), counts.get(1_500_000), counts.get(1_600_000), counts.get(400_009), counts.size]).toEqual([
      1, 7, 1, 1, 400_003,
    ]);
    expect(counts.max()).toBe(7);
  });
});
