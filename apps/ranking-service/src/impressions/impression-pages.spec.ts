import type { CandidateSource, RecommendationView } from '@app/contracts';
import { impressionPage, INSERT_PAGES_SQL, pageColumns, usersNamed, withoutUsers } from './impression-pages';

const view = (user_id: number, position: number, sources: CandidateSource[] = ['content', 'reciprocal']): RecommendationView => ({
  user_id, position, score: position / 4, p_like: 0.5, p_liked_back: 0.4, sources, explanation: ['liked you'], contributions: [],
  shared_interests: [], distance_km: null,
});

describe('impressionPage', () => {
  it('makes one page per served list, its profiles in parallel arrays in the order shown', () => {
    expect(impressionPage(9, [view(4, 1), view(6, 2, ['exploration'])], { ranker: 3, embeddings: null }, 'req-1', 1700000000000)).toEqual({
      viewer_id: 9,
      candidate_ids: [4, 6],
      positions: [1, 2],
      scores: [0.25, 0.5],
      p_like: [0.5, 0.5],
      p_liked_back: [0.4, 0.4],
      sources: [['content', 'reciprocal'], ['exploration']],
      model_versions: { ranker: 3, embeddings: null },
      request_id: 'req-1',
      served_at_ms: 1700000000000,
    });
  });

  it('makes none for an empty list: nothing was shown', () => {
    expect(impressionPage(9, [], {}, null, 0)).toBeNull();
  });
});

describe('withoutUsers', () => {
  const page = impressionPage(9, [view(4, 1), view(6, 2, ['exploration']), view(8, 3, [])], { ranker: 3 }, 'req-1', 1000)!;

  it('takes a deleted candidate out of every array, keeping the others aligned', () => {
    expect(withoutUsers(page, new Set([6]))).toEqual({
      ...page, candidate_ids: [4, 8], positions: [1, 3], scores: [0.25, 0.75], p_like: [0.5, 0.5], p_liked_back: [0.4, 0.4], sources: [['content', 'reciprocal'], []],
    });
  });

  it('keeps the page itself when no one on it is gone, and drops it when its viewer or everyone on it is', () => {
    expect(withoutUsers(page, new Set([77]))).toBe(page);
    expect(withoutUsers(page, new Set([9]))).toBeNull();
    expect(withoutUsers(page, new Set([4, 6, 8]))).toBeNull();
  });
});

describe('usersNamed', () => {
  it('lists viewers and candidates of a batch once each', () => {
    const a = impressionPage(9, [view(4, 1), view(6, 2)], {}, null, 0)!;
    const b = impressionPage(4, [view(9, 1), view(7, 2)], {}, null, 0)!;
    expect(usersNamed([a, b]).sort((x, y) => x - y)).toEqual([4, 6, 7, 9]);
  });
});

describe('pageColumns', () => {
  it('turns pages into the ten column arrays of the insert, a page\'s arrays as PostgreSQL literals', () => {
    const a = impressionPage(9, [view(4, 1), view(6, 2, [])], { ranker: 3 }, 'req-1', 1000)!;
    const b = impressionPage(5, [view(6, 1, ['exploration'])], { ranker: null }, null, 2000)!;
    expect(pageColumns([a, b])).toEqual([
      [9, 5], ['{4,6}', '{6}'], ['{1,2}', '{1}'], ['{0.25,0.5}', '{0.25}'], ['{0.5,0.5}', '{0.5}'], ['{0.4,0.4}', '{0.4}'],
      ['{"content,reciprocal",""}', '{"exploration"}'], ['{"ranker":3}', '{"ranker":null}'], ['req-1', null], [1000, 2000],
    ]);
  });

  it('matches the insert: ten array parameters, one statement', () => {
    expect(INSERT_PAGES_SQL.match(/INSERT/g)).toHaveLength(1);
    expect(INSERT_PAGES_SQL).toContain('$10::float8[]');
    expect(INSERT_PAGES_SQL).not.toContain('$11');
  });
});
