import type { CandidateSource, RecommendationView } from '@app/contracts';
import { impressionPage } from './impression-pages';

const view = (
  user_id: number,
  position: number,
  sources: CandidateSource[] = ['content', 'reciprocal'],
): RecommendationView => ({
  user_id,
  position,
  score: position / 4,
  p_like: 0.5,
  p_liked_back: 0.4,
  sources,
  explanation: ['liked you'],
  contributions: [],
  shared_interests: [],
  distance_km: null,
});

describe('impressionPage', () => {
  it('makes one page per served list, its profiles in parallel arrays in the order shown', () => {
    expect(
      impressionPage(
        9,
        [view(4, 1), view(6, 2, ['exploration'])],
        { ranker: 3, embeddings: null },
        'req-1',
        1700000000000,
      ),
    ).toEqual({
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
