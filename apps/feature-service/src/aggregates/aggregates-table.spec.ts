import type { AggregateRow } from '@app/db';
import { storedAggregates } from '../features/feature-rows';
import { AggregatesTable } from './aggregates-table';

const row = (user_id: number, over: Partial<AggregateRow> = {}): AggregateRow => ({
  user_id,
  likes_given: 3,
  dislikes_given: 4,
  likes_received: 5,
  dislikes_received: 6,
  matches: 2,
  last_swipe_at: new Date('2026-11-20T10:00:00.123Z'),
  computed_at: new Date('2026-11-25T00:00:00.000Z'),
  ...over,
});

describe('AggregatesTable', () => {
  it('gives back each stored row as storedAggregates would, and undefined for others', () => {
    const table = new AggregatesTable();
    const rows = [row(1), row(7, { likes_given: 0, last_swipe_at: null }), row(2_000_000_000, { matches: 9 })];
    for (const r of rows) table.set(r);
    expect(table.size).toBe(3);
    for (const r of rows) expect(table.get(r.user_id)).toEqual(storedAggregates(r));
    expect(table.get(2)).toBeUndefined();
    expect(table.get(7)!.last_swipe_ms).toBeNull();
  });

  it('grows past its first capacity without losing rows', () => {
    const table = new AggregatesTable(2);
    for (let id = 1; id <= 1000; id++) table.set(row(id, { likes_received: id }));
    expect(table.size).toBe(1000);
    for (const id of [1, 2, 17, 500, 1000]) expect(table.get(id)!.likes_received).toBe(id);
  });

  it('replaces a user stored twice in place', () => {
    const table = new AggregatesTable();
    table.set(row(5, { matches: 1 }));
    table.set(row(5, { matches: 8, last_swipe_at: null }));
    expect(table.size).toBe(1);
    expect(table.get(5)).toEqual(storedAggregates(row(5, { matches: 8, last_swipe_at: null })));
  });

  it('removes a deleted user\u2019s row and keeps every other, also when rows are added afterwards', () => {
    const table = new AggregatesTable(2);
    for (let id = 1; id <= 5; id++) table.set(row(id, { likes_received: id }));
    expect(table.remove(2)).toBe(true);
    expect(table.remove(2)).toBe(false);
    expect(table.remove(5)).toBe(true);
    table.set(row(6, { likes_received: 6 }));
    expect(table.size).toBe(4);
    expect(table.get(2)).toBeUndefined();
    expect(table.get(5)).toBeUndefined();
    for (const id of [1, 3, 4, 6]) expect(table.get(id)!.likes_received).toBe(id);
    expect([...table.ids()].sort()).toEqual([1, 3, 4, 6]);
  });
});
