import type { RecommendationView } from '@app/contracts';
import { impressionRows, INSERT_IMPRESSIONS_SQL } from './impression-rows';

const view = (user_id: number, position: number): RecommendationView => ({
  user_id, position, score: 0.2, p_like: 0.5, p_liked_back: 0.4, sources: ['content', 'reciprocal'], explanation: ['liked you'], contributions: [],
  shared_interests: [], distance_km: null,
});

describe('impressionRows', () => {
  it('makes one row per shown profile with its position, numbers, sources, versions and request id', () => {
    const rows = impressionRows(9, [view(4, 1), view(6, 2)], { ranker: 3, embeddings: null }, 'req-1');
    expect(rows).toEqual([
      { viewer_id: 9, candidate_id: 4, position: 1, score: 0.2, p_like: 0.5, p_liked_back: 0.4, sources: ['content', 'reciprocal'], model_versions: { ranker: 3, embeddings: null }, request_id: 'req-1' },
      { viewer_id: 9, candidate_id: 6, position: 2, score: 0.2, p_like: 0.5, p_liked_back: 0.4, sources: ['content', 'reciprocal'], model_versions: { ranker: 3, embeddings: null }, request_id: 'req-1' },
    ]);
    expect(impressionRows(9, [], {}, null)).toEqual([]);
  });

  it('inserts a whole list with one statement and one parameter', () => {
    expect(INSERT_IMPRESSIONS_SQL.match(/INSERT/g)).toHaveLength(1);
    expect(INSERT_IMPRESSIONS_SQL).toContain('jsonb_to_recordset($1::jsonb)');
    expect(INSERT_IMPRESSIONS_SQL).not.toContain('$2');
  });
});
