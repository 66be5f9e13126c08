import type { RecommendationView } from '@app/contracts';
import { impressionColumns, impressionRows, INSERT_IMPRESSIONS_SQL } from './impression-rows';

const view = (user_id: number, position: number): RecommendationView => ({
  user_id, position, score: 0.2, p_like: 0.5, p_liked_back: 0.4, sources: ['content', 'reciprocal'], explanation: ['liked you'], contributions: [],
  shared_interests: [], distance_km: null,
});

describe('impressionRows', () => {
  it('makes one row per shown profile with its position, numbers, sources, versions and request id', () => {
    const rows = impressionRows(9, [view(4, 1), view(6, 2)], { ranker: 3, embeddings: null }, 'req-1', 1700000000000);
    expect(rows).toEqual([
      { viewer_id: 9, candidate_id: 4, position: 1, score: 0.2, p_like: 0.5, p_liked_back: 0.4, sources: ['content', 'reciprocal'], model_versions: { ranker: 3, embeddings: null }, request_id: 'req-1', served_at_ms: 1700000000000 },
      { viewer_id: 9, candidate_id: 6, position: 2, score: 0.2, p_like: 0.5, p_liked_back: 0.4, sources: ['content', 'reciprocal'], model_versions: { ranker: 3, embeddings: null }, request_id: 'req-1', served_at_ms: 1700000000000 },
    ]);
    expect(impressionRows(9, [], {}, null, 0)).toEqual([]);
  });
});

describe('impressionColumns', () => {
  it('turns rows into the ten column arrays of the insert, in its order', () => {
    const rows = [...impressionRows(9, [view(4, 1)], { ranker: 3 }, 'req-1', 1000), ...impressionRows(5, [view(6, 1)], { ranker: null }, null, 2000)];
    expect(impressionColumns(rows)).toEqual([
      [9, 5], [4, 6], [1, 1], [0.2, 0.2], [0.5, 0.5], [0.4, 0.4], ['content,reciprocal', 'content,reciprocal'], ['{"ranker":3}', '{"ranker":null}'], ['req-1', null], [1000, 2000],
    ]);
  });

  it('matches the insert: ten array parameters, one statement, both users checked to exist', () => {
    expect(INSERT_IMPRESSIONS_SQL.match(/INSERT/g)).toHaveLength(1);
    expect(INSERT_IMPRESSIONS_SQL).toContain('$10::float8[]');
    expect(INSERT_IMPRESSIONS_SQL).not.toContain('$11');
    expect(INSERT_IMPRESSIONS_SQL).toContain('u.id = r.viewer_id');
    expect(INSERT_IMPRESSIONS_SQL).toContain('u.id = r.candidate_id');
  });
});
