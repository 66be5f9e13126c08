import { groupRows } from './group-rows';

describe('groupRows', () => {
  it('groups row indices by key, keeping their order and leaving out negative keys', () => {
    const { start, order } = groupRows(4, [2, 0, -1, 2, 3, 0]);
    expect(Array.from(start)).toEqual([0, 2, 2, 4, 5]);
    expect(Array.from(order)).toEqual([1, 5, 0, 3, 4]);
  });

  it('gives empty groups for no rows', () => {
    const { start, order } = groupRows(2, []);
    expect(Array.from(start)).toEqual([0, 0, 0]);
    expect(order).toHaveLength(0);
  });
});
