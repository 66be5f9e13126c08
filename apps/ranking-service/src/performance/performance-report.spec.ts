import { toVersionPerformance } from './performance-report';

describe('toVersionPerformance', () => {
  it('computes rates over distinct pairs and names the scorer', () => {
    expect(toVersionPerformance({ ranker: '3', served: 12, pairs: 8, viewers: 2, liked: 2, matched: 1 })).toEqual({
      ranker_version: 3,
      scorer: 'ranker',
      served: 12,
      pairs: 8,
      viewers: 2,
      liked: 2,
      like_rate: 0.25,
      matched: 1,
      match_rate: 0.125,
    });
  });

  it('reports the fallback scorer for impressions without a ranker version, and zero rates for nothing served', () => {
    expect(toVersionPerformance({ ranker: null, served: 0, pairs: 0, viewers: 0, liked: 0, matched: 0 })).toMatchObject(
      { ranker_version: null, scorer: 'fallback', like_rate: 0, match_rate: 0 },
    );
  });
});
