import type { Candidate } from '@app/contracts';
import { FEATURE_COUNT, FEATURE_INDEX, pairVectors } from '@app/ml/features';
import { featuresFromCandidates } from './candidate-features';
import { FALLBACK_RANKER } from './fallback-ranker';
import { viewPolicy } from '../privacy/recommendation-disclosure';
import { pageOfRecommendations } from './rank-views';
import { scorePairs } from './score-pairs';

const candidate = (user_id: number, over: Partial<Candidate> = {}): Candidate => ({
  user_id,
  sources: ['content'],
  scores: {},
  liked_viewer: false,
  ...over,
});

describe('featuresFromCandidates (the degraded page)', () => {
  const candidates = [
    candidate(1, { sources: ['collaborative'], scores: { collaborative: -1.5 } }),
    candidate(2),
    candidate(3, { sources: ['reciprocal'], scores: { reciprocal: 1 }, liked_viewer: true }),
    candidate(4, { sources: ['collaborative'], scores: { collaborative: 2 } }),
  ];
  const batch = featuresFromCandidates(candidates);

  it('sets only what candidate generation knows; every other feature sits at the typical value', () => {
    const { forward, backward } = pairVectors(batch.vectors, candidates.length, FEATURE_COUNT);
    const moved = (v: Float32Array) =>
      [...v].map((x, i) => (x === FALLBACK_RANKER.means[i] ? -1 : i)).filter((i) => i >= 0);
    expect(moved(forward[1])).toEqual([]);
    expect(moved(forward[2])).toEqual([FEATURE_INDEX.candidate_liked_viewer]);
    expect(forward[3][FEATURE_INDEX.emb_score_uv]).toBe(2);
    expect(forward[3][FEATURE_INDEX.emb_known]).toBe(1);
    for (const b of backward) expect(b[FEATURE_INDEX.candidate_liked_viewer]).toBe(0);
    expect(batch.items.map((i) => i.liked_viewer)).toEqual([false, false, true, false]);
  });

  it('lets the fallback scorer order them: who liked the viewer, then by embedding similarity', () => {
    const scored = scorePairs(FALLBACK_RANKER, batch);
    const sources = new Map(candidates.map((c) => [c.user_id, c.sources]));
    const policy = viewPolicy({ role: 'admin', revealsReceivedLikes: true, receivedTypes: [] });
    const page = pageOfRecommendations(
      FALLBACK_RANKER,
      scored,
      sources,
      { limit: 4, offset: 0, explain: false },
      policy,
    );
    expect(page.map((v) => v.user_id)).toEqual([3, 4, 2, 1]);
    for (const v of page) {
      expect(v.p_like).toBeGreaterThan(0);
      expect(v.p_like).toBeLessThan(1);
      expect(v.shared_interests).toEqual([]);
      expect(v.distance_km).toBeNull();
    }
  });
});
