import { type ImpressionPage, INSERT_PAGES_SQL, pageColumns, usersNamed, withoutUsers } from './impression-pages';

/** One shown profile: [candidate, position, sources (content and reciprocal when omitted)]. */
type Shown = [number, number, string[]?];

/** A page of `shown`, scored as the ranking service would. */
const page = (
  viewer: number,
  shown: Shown[],
  versions: Record<string, number | null> = {},
  requestId: string | null = null,
  servedAtMs = 0,
): ImpressionPage => ({
  viewer_id: viewer,
  candidate_ids: shown.map(([id]) => id),
  positions: shown.map(([, position]) => position),
  scores: shown.map(([, position]) => position / 4),
  p_like: shown.map(() => 0.5),
  p_liked_back: shown.map(() => 0.4),
  sources: shown.map(([, , sources]) => sources ?? ['content', 'reciprocal']),
  model_versions: versions,
  request_id: requestId,
  served_at_ms: servedAtMs,
});

describe('withoutUsers', () => {
  const p = page(
    9,
    [
      [4, 1],
      [6, 2, ['exploration']],
      [8, 3, []],
    ],
    { ranker: 3 },
    'req-1',
    1000,
  );

  it('takes a deleted candidate out of every array, keeping the others aligned', () => {
    expect(withoutUsers(p, new Set([6]))).toEqual({
      ...p,
      candidate_ids: [4, 8],
      positions: [1, 3],
      scores: [0.25, 0.75],
      p_like: [0.5, 0.5],
      p_liked_back: [0.4, 0.4],
      sources: [['content', 'reciprocal'], []],
    });
  });

  it('keeps the page itself when no one on it is gone, and drops it when its viewer or everyone on it is', () => {
    expect(withoutUsers(p, new Set([77]))).toBe(p);
    expect(withoutUsers(p, new Set([9]))).toBeNull();
    expect(withoutUsers(p, new Set([4, 6, 8]))).toBeNull();
  });
});

describe('usersNamed', () => {
  it('lists viewers and candidates of a batch once each', () => {
    const a = page(9, [
      [4, 1],
      [6, 2],
    ]);
    const b = page(4, [
      [9, 1],
      [7, 2],
    ]);
    expect(usersNamed([a, b]).sort((x, y) => x - y)).toEqual([4, 6, 7, 9]);
  });
});

describe('pageColumns', () => {
  it("turns pages into the ten column arrays of the insert, a page's arrays as PostgreSQL literals", () => {
    const a = page(
      9,
      [
        [4, 1],
        [6, 2, []],
      ],
      { ranker: 3 },
      'req-1',
      1000,
    );
    const b = page(5, [[6, 1, ['exploration']]], { ranker: null }, null, 2000);
    expect(pageColumns([a, b])).toEqual([
      [9, 5],
      ['{4,6}', '{6}'],
      ['{1,2}', '{1}'],
      ['{0.25,0.5}', '{0.25}'],
      ['{0.5,0.5}', '{0.5}'],
      ['{0.4,0.4}', '{0.4}'],
      ['{"content,reciprocal",""}', '{"exploration"}'],
      ['{"ranker":3}', '{"ranker":null}'],
      ['req-1', null],
      [1000, 2000],
    ]);
  });

  it('matches the insert: ten array parameters, one statement', () => {
    expect(INSERT_PAGES_SQL.match(/INSERT/g)).toHaveLength(1);
    expect(INSERT_PAGES_SQL).toContain('$10::float8[]');
    expect(INSERT_PAGES_SQL).not.toContain('$11');
  });
});
