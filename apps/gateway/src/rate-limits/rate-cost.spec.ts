import { costOf, ITEMS_PER_UNIT, perItems, RECOMMENDATIONS_COST } from './rate-cost';
import { trackerOf } from './trackers';

describe('costOf', () => {
  it('is 1 for a route that declares no cost, and the declared number otherwise', () => {
    expect(costOf(undefined, {})).toBe(1);
    expect(costOf(RECOMMENDATIONS_COST, {})).toBe(5);
  });

  it('never goes below 1 or returns a fraction or NaN', () => {
    expect(costOf(0, {})).toBe(1);
    expect(costOf(-3, {})).toBe(1);
    expect(costOf(2.5, {})).toBe(3);
    expect(costOf(() => Number.NaN, {})).toBe(1);
  });
});

describe('perItems: a list in the body costs one unit per 20 entries', () => {
  const rank = perItems('candidate_ids', 500);
  const ids = (n: number) => ({ body: { candidate_ids: Array.from({ length: n }, (_, i) => i + 1) } });

  it.each([
    [1, 1],
    [20, 1],
    [21, 2],
    [100, 5],
    [500, 25],
  ])('%i ids cost %i', (n, cost) => {
    expect(costOf(rank, ids(n))).toBe(cost);
  });

  it('a list longer than the API accepts costs as much as the longest (validation refuses it after)', () => {
    expect(costOf(rank, ids(10_000))).toBe(500 / ITEMS_PER_UNIT);
  });

  it('a missing, empty or malformed list costs 1', () => {
    for (const body of [undefined, null, 'text', [], {}, { candidate_ids: [] }, { candidate_ids: 'many' }])
      expect(costOf(rank, { body })).toBe(1);
  });
});

describe('trackerOf: whose budget a request draws on', () => {
  it('a user by id, each admin subject apart, anonymous callers by address', () => {
    expect(trackerOf({ userId: 16, role: 'user', subject: '16' }, '10.0.0.1')).toBe('user:16');
    expect(trackerOf({ userId: 0, role: 'admin', subject: 'backend-eu' }, '10.0.0.1')).toBe('admin:backend-eu');
    expect(trackerOf({ userId: 0, role: 'admin', subject: 'backend-us' }, '10.0.0.1')).toBe('admin:backend-us');
    expect(trackerOf({ userId: 0, role: 'admin', subject: '' }, '10.0.0.1')).toBe('admin:');
    expect(trackerOf(undefined, '2001:db8::/64')).toBe('ip:2001:db8::/64');
  });

  it('hashes an admin subject that could break a key (braces, spaces, very long)', () => {
    const odd = trackerOf({ userId: 0, role: 'admin', subject: 'a}{b c' }, undefined);
    expect(odd).toMatch(/^admin:sha256:[0-9a-f]{32}$/);
    expect(trackerOf({ userId: 0, role: 'admin', subject: 'x'.repeat(500) }, undefined)).toMatch(/^admin:sha256:/);
    expect(odd).not.toBe(trackerOf({ userId: 0, role: 'admin', subject: 'a}{b  c' }, undefined));
  });
});
